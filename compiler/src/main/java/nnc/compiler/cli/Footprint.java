package nnc.compiler.cli;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.compiler.codegen.Report;
import nnc.compiler.kernel.Entry;
import nnc.compiler.kernel.Kernel;
import nnc.compiler.kernel.Slot;
import nnc.runtime.Model;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.optim.StateTensor;

/**
 * The bytes one model instance (and its optimizer) holds, by kind, against the least any
 * implementation of the same schedule needs. Held bytes are read from the live instance: every
 * array field of the generated class, classified by the memory plan (fields outside the plan are
 * the matmul kernels' scratch rows). Array payloads only, no object headers.
 *
 * <p>The minimum: parameters, gradients and optimizer state at one element each per scalar (what
 * the update equations keep), the exposed inputs, targets and outputs at the instance's batch,
 * and for the workspace the peak, over the kernels of the training step, of the temporaries live
 * at once (written before and read after that kernel) — the bound a perfect buffer packing of
 * this schedule reaches without recomputation or in-place updates.
 *
 * @param held    bytes held, by kind: parameters, gradients, optimizer_state, io, workspace, scratch, state
 * @param minimum the least bytes of each kind
 */
record Footprint(Map<String, Long> held, Map<String, Long> minimum) {
    Footprint {
        held = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(held));
        minimum = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(minimum));
    }

    /** The footprint of {@code model} and {@code optimizer}, compiled with {@code report}. */
    static Footprint of(Model model, Report report, Optimizer optimizer) {
        Map<String, Slot.Role> roles = new HashMap<>();
        report.plan().buffers().forEach(b -> roles.put(b.field(), b.role()));
        Map<String, Long> held = kinds();
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Class<?> c = model.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && f.getType().isArray()) {
                    held.merge(kind(roles.get(f.getName())), payload(read(f, model), seen), Long::sum);
                }
            }
        }
        long state = optimizer.stateTensors().stream().map(StateTensor::array).mapToLong(Footprint::payload).sum();
        held.put("optimizer_state", state);
        Map<String, Long> min = kinds();
        int batch = model.maxBatch();
        min.put("parameters", exposed(report, Slot.Role.PARAM, batch));
        min.put("gradients", exposed(report, Slot.Role.GRAD, batch));
        min.put("optimizer_state", state);
        min.put("io", exposed(report, Slot.Role.INPUT, batch) + exposed(report, Slot.Role.TARGET, batch)
                + exposed(report, Slot.Role.OUTPUT, batch) + exposed(report, Slot.Role.LOSS, batch));
        min.put("workspace", peakLiveTemporaries(report, batch));
        min.put("state", exposed(report, Slot.Role.STATE, batch));
        return new Footprint(held, min);
    }

    static long total(Map<String, Long> bytes) {
        return bytes.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> kinds() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String k : List.of("parameters", "gradients", "optimizer_state", "io", "workspace", "scratch", "state")) {
            m.put(k, 0L);
        }
        return m;
    }

    private static String kind(Slot.Role role) {
        if (role == null) {
            return "scratch";
        }
        return switch (role) {
            case PARAM -> "parameters";
            case GRAD -> "gradients";
            case INPUT, TARGET, OUTPUT, LOSS -> "io";
            case STATE -> "state";
            case TEMP -> "workspace";
        };
    }

    private static long exposed(Report report, Slot.Role role, int batch) {
        return report.plan().buffers().stream().filter(b -> b.role() == role).mapToLong(b -> b.bytes(batch)).sum();
    }

    /** The largest sum of live temporaries over the kernels of the training step. */
    static long peakLiveTemporaries(Report report, int batch) {
        List<Kernel> ks = report.program(Entry.TRAIN).orElseGet(() -> report.programs().get(0)).kernels();
        Map<Slot, int[]> life = new LinkedHashMap<>();
        for (int k = 0; k < ks.size(); k++) {
            for (Slot s : ks.get(k).writes()) {
                if (s.role() == Slot.Role.TEMP) {
                    life.putIfAbsent(s, new int[] {k, k});
                }
            }
            for (Slot s : ks.get(k).reads()) {
                if (life.containsKey(s)) {
                    life.get(s)[1] = k;
                }
            }
        }
        long peak = 0;
        for (int k = 0; k < ks.size(); k++) {
            long live = 0;
            for (Map.Entry<Slot, int[]> e : life.entrySet()) {
                if (e.getValue()[0] <= k && k <= e.getValue()[1]) {
                    live += e.getKey().size().at(batch) * e.getKey().dtype().bytes();
                }
            }
            peak = Math.max(peak, live);
        }
        return peak;
    }

    private static Object read(Field f, Object o) {
        try {
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read field " + f.getName() + " of the generated class", e);
        }
    }

    /** Bytes of an array's elements, recursively for arrays of arrays. */
    static long payload(Object array) {
        return payload(array, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    /**
     * {@link #payload(Object)} counting only arrays not in {@code seen}, which it adds to (the
     * per-thread scratch of a threaded model holds the first thread's rows a second time).
     */
    private static long payload(Object array, java.util.Set<Object> seen) {
        if (array == null || !seen.add(array)) {
            return 0;
        }
        if (array instanceof float[] a) {
            return 4L * a.length;
        } else if (array instanceof double[] a) {
            return 8L * a.length;
        } else if (array instanceof int[] a) {
            return 4L * a.length;
        } else if (array instanceof Object[] a) {
            long sum = 0;
            for (Object x : a) {
                sum += payload(x, seen);
            }
            return sum;
        }
        return 0;
    }
}
