package nnc.runtime.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import nnc.runtime.Model;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;
import nnc.runtime.optim.Optimizer;
import nnc.runtime.optim.StateTensor;

/** Matches a validated header against a model (and optimizer): which entry goes to which array. */
record CheckpointPlan(List<Target> targets, boolean optimizerRestored, long optimizerStep, double optimizerLr,
        Map<String, Double> optimizerScalars) {

    /** One tensor to read: the header entry and the live array it will overwrite. */
    record Target(SafeTensors.Entry entry, Object array) {
    }

    static CheckpointPlan match(Path file, SafeTensors.Header header, Model model, Optimizer optimizer) {
        Signature sig = model.signature();
        Map<String, SafeTensors.Entry> byName = new LinkedHashMap<>();
        header.entries().forEach(e -> byName.put(e.name(), e));
        List<String> problems = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < sig.params().size(); i++) {
            take(byName, sig.params().get(i), sig.params().get(i).name(), model.param(i), "parameter", problems, targets);
        }
        for (int i = 0; i < sig.state().size(); i++) {
            take(byName, sig.state().get(i), sig.state().get(i).name(), model.state(i), "state tensor", problems, targets);
        }
        boolean hasOptim = header.metadata().containsKey("optimizer")
                || byName.keySet().stream().anyMatch(n -> n.startsWith(Checkpoint.OPTIM_PREFIX));
        boolean restore = optimizer != null && hasOptim;
        if (restore) {
            checkOptimizerName(file, header, optimizer);
            for (StateTensor s : optimizer.stateTensors()) {
                take(byName, s.spec(), Checkpoint.OPTIM_PREFIX + s.name(), s.array(), "optimizer state", problems, targets);
            }
        }
        byName.keySet().removeIf(n -> !restore && n.startsWith(Checkpoint.OPTIM_PREFIX));
        for (String extra : new TreeSet<>(byName.keySet())) {
            problems.add("extra tensor '" + extra + "' is not a " + (extra.startsWith(Checkpoint.OPTIM_PREFIX)
                    ? "state tensor of the " + optimizer.name() + " optimizer" : "parameter or state of " + sig.modelName()));
        }
        if (!problems.isEmpty()) {
            throw new CheckpointException(file, "does not fit model " + sig.modelName() + " ("
                    + sig.dtype().sourceName() + "):\n  " + String.join("\n  ", problems)
                    + "\n  check that the checkpoint was saved from this model, compiled with the same --dtype");
        }
        if (!restore) {
            return new CheckpointPlan(targets, false, 0, 0, Map.of());
        }
        Map<String, Double> scalars = scalars(file, header);
        if (!scalars.keySet().equals(new TreeMap<>(optimizer.scalars()).keySet())) {
            throw new CheckpointException(file, "optimizer scalar state " + scalars.keySet() + " does not match the "
                    + optimizer.name() + " optimizer's " + new TreeSet<>(optimizer.scalars().keySet()));
        }
        long step = longMeta(file, header, "optimizer.step", optimizer.stepCount());
        if (step < 0) {
            throw new CheckpointException(file, "metadata optimizer.step = " + step + " is negative");
        }
        return new CheckpointPlan(targets, true, step, doubleMeta(file, header, "optimizer.lr", optimizer.lr()), scalars);
    }

    private static void take(Map<String, SafeTensors.Entry> byName, TensorSpec spec, String name, Object array,
            String what, List<String> problems, List<Target> targets) {
        SafeTensors.Entry e = byName.remove(name);
        List<Long> want = java.util.Arrays.stream(spec.dims(1)).mapToObj(d -> (long) d).toList();
        String wanted = spec.dtype().safetensorsName() + want;
        if (e == null) {
            problems.add("missing " + what + " '" + name + "' (" + wanted + ")");
        } else if (!e.dtype().equals(spec.dtype().safetensorsName()) || !e.shape().equals(want)) {
            problems.add(what + " '" + name + "' is " + e.dtype() + e.shape() + " in the file, the model needs " + wanted);
        } else {
            targets.add(new Target(e, array));
        }
    }

    private static void checkOptimizerName(Path file, SafeTensors.Header header, Optimizer optimizer) {
        String saved = header.metadata().get("optimizer");
        if (saved == null || !saved.equals(optimizer.name())) {
            throw new CheckpointException(file, "holds the state of optimizer " + (saved == null ? "(unnamed)" : saved)
                    + ", not " + optimizer.name() + "; resume with --optimizer " + saved
                    + ", or load the weights without optimizer state");
        }
    }

    private static long longMeta(Path file, SafeTensors.Header header, String key, long fallback) {
        String v = header.metadata().get(key);
        try {
            return v == null ? fallback : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, "metadata " + key + " = \"" + v + "\" is not a whole number");
        }
    }

    private static double doubleMeta(Path file, SafeTensors.Header header, String key, double fallback) {
        String v = header.metadata().get(key);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, "metadata " + key + " = \"" + v + "\" is not a number");
        }
    }

    private static Map<String, Double> scalars(Path file, SafeTensors.Header header) {
        Map<String, Double> out = new TreeMap<>();
        String prefix = "optimizer.scalar.";
        for (String key : header.metadata().keySet()) {
            if (key.startsWith(prefix)) {
                out.put(key.substring(prefix.length()), doubleMeta(file, header, key, 0));
            }
        }
        return out;
    }
}
