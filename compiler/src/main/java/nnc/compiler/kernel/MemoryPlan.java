package nnc.compiler.kernel;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.runtime.DType;

/**
 * Places every slot of a compilation in a buffer. Exposed slots each get their own buffer.
 * Temporaries of each entry method are packed by lifetime (a slot lives from the kernel that
 * first writes it to the last kernel that reads it; a slot is never placed where a slot the same
 * kernel reads lives, so no kernel works in place), and the entries, which never run at the same
 * time, share the workspace arrays. Buffers only hold slots of one dtype whose sizes grow with the
 * same power of the batch, so a buffer's size is the largest of its slots.
 */
public final class MemoryPlan {
    private record Pool(DType dtype, int batchPower) {
    }

    private final List<Buffer> buffers;
    private final Map<Slot, Buffer> bufferOf;

    private MemoryPlan(List<Buffer> buffers) {
        this.buffers = List.copyOf(buffers);
        this.bufferOf = new IdentityHashMap<>();
        for (Buffer b : buffers) {
            b.slots().forEach(s -> bufferOf.put(s, b));
        }
    }

    /** The plan for the exposed slots of {@code table} and the temporaries of {@code programs}. */
    public static MemoryPlan plan(SlotTable table, List<Program> programs) {
        List<Buffer> buffers = new ArrayList<>();
        for (Slot s : table.all()) {
            if (s.role().exposed()) {
                buffers.add(new Buffer(buffers.size(), field(s), s.dtype(), s.size(), s.role(), List.of(s)));
            }
        }
        Map<Pool, List<List<Slot>>> shared = new LinkedHashMap<>();
        for (Program p : programs) {
            Map<Pool, List<List<Slot>>> local = pack(p);
            local.forEach((pool, bins) -> {
                List<List<Slot>> global = shared.computeIfAbsent(pool, k -> new ArrayList<>());
                for (int i = 0; i < bins.size(); i++) {
                    if (i == global.size()) {
                        global.add(new ArrayList<>());
                    }
                    global.get(i).addAll(bins.get(i));
                }
            });
        }
        shared.forEach((pool, bins) -> bins.forEach(bin -> {
            long coeff = bin.stream().mapToLong(s -> s.size().coeff()).max().orElse(0);
            int id = buffers.size();
            buffers.add(new Buffer(id, "w" + id, pool.dtype(), new Extent(coeff, pool.batchPower()),
                    Slot.Role.TEMP, bin));
        }));
        return new MemoryPlan(buffers);
    }

    /** Every buffer: exposed ones in slot order, then the workspace. */
    public List<Buffer> buffers() {
        return buffers;
    }

    /** The buffer holding {@code slot}. */
    public Buffer of(Slot slot) {
        Buffer b = bufferOf.get(slot);
        if (b == null) {
            throw new IllegalStateException("slot " + slot + " has no buffer");
        }
        return b;
    }

    /** Bytes of every buffer for maximum batch {@code maxBatch}. */
    public long totalBytes(int maxBatch) {
        return buffers.stream().mapToLong(b -> b.bytes(maxBatch)).sum();
    }

    /** Bytes of the workspace (temporaries) for maximum batch {@code maxBatch}. */
    public long workspaceBytes(int maxBatch) {
        return buffers.stream().filter(b -> b.role() == Slot.Role.TEMP).mapToLong(b -> b.bytes(maxBatch)).sum();
    }

    /** Bytes the temporaries would take without sharing, for comparison in reports. */
    public long unsharedBytes(int maxBatch) {
        return buffers.stream().filter(b -> b.role() == Slot.Role.TEMP)
                .flatMap(b -> b.slots().stream()).mapToLong(s -> s.size().at(maxBatch) * s.dtype().bytes()).sum();
    }

    private static Map<Pool, List<List<Slot>>> pack(Program p) {
        List<Kernel> ks = p.kernels();
        Map<Slot, int[]> life = new LinkedHashMap<>();
        for (int k = 0; k < ks.size(); k++) {
            for (Slot s : ks.get(k).writes()) {
                if (s.role() == Slot.Role.TEMP) {
                    life.putIfAbsent(s, new int[] {k, k});
                }
            }
            for (Slot s : ks.get(k).reads()) {
                if (s.role() == Slot.Role.TEMP) {
                    life.get(s)[1] = k;
                }
            }
        }
        Map<Pool, List<List<Slot>>> bins = new LinkedHashMap<>();
        Map<Pool, List<Integer>> busyUntil = new LinkedHashMap<>();
        for (Map.Entry<Slot, int[]> e : life.entrySet()) {
            Slot s = e.getKey();
            Pool pool = new Pool(s.dtype(), s.size().batchPower());
            List<List<Slot>> poolBins = bins.computeIfAbsent(pool, k -> new ArrayList<>());
            List<Integer> until = busyUntil.computeIfAbsent(pool, k -> new ArrayList<>());
            int chosen = choose(poolBins, until, s, e.getValue()[0]);
            if (chosen == poolBins.size()) {
                poolBins.add(new ArrayList<>());
                until.add(0);
            }
            poolBins.get(chosen).add(s);
            until.set(chosen, e.getValue()[1]);
        }
        return bins;
    }

    /** The free bin (last use before {@code def}) closest in size to {@code s}, or a new one. */
    private static int choose(List<List<Slot>> bins, List<Integer> until, Slot s, int def) {
        int best = bins.size();
        long bestCost = Long.MAX_VALUE;
        for (int i = 0; i < bins.size(); i++) {
            if (until.get(i) < def) {
                long have = bins.get(i).stream().mapToLong(x -> x.size().coeff()).max().orElse(0);
                long cost = Math.abs(have - s.size().coeff());
                if (cost < bestCost) {
                    best = i;
                    bestCost = cost;
                }
            }
        }
        return best;
    }

    private static String field(Slot s) {
        return switch (s.role()) {
            case INPUT -> "in" + s.index();
            case TARGET -> "tg" + s.index();
            case PARAM -> "p" + s.index();
            case STATE -> "st" + s.index();
            case OUTPUT -> "out" + s.index();
            case GRAD -> "g" + s.index();
            case LOSS -> "lossBuf";
            case TEMP -> throw new IllegalArgumentException("temporaries are pooled");
        };
    }
}
