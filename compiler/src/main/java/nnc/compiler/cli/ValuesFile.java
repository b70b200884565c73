package nnc.compiler.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Node;
import nnc.compiler.sema.CheckedModel;
import nnc.compiler.sema.Init;
import nnc.compiler.sema.ModelParam;
import nnc.runtime.Dim;
import nnc.runtime.io.Json;

/**
 * The values of {@code nnc grad --values FILE}: a JSON object mapping each input, target and
 * parameter name to a number or nested row-major lists. The batch size comes from the lists;
 * parameters missing from the file are drawn from their initializers with a seed.
 */
final class ValuesFile {
    /** A values file that does not fit the model; the message says what to change. */
    static final class BadValues extends Exception {
        private static final long serialVersionUID = 1L;

        BadValues(String message) {
            super(message);
        }
    }

    /** The leaf values and the batch size they imply. */
    record Loaded(Map<String, Tensor> values, int batch) {
    }

    private ValuesFile() {
    }

    static Loaded load(Json json, Graph graph, CheckedModel model, long seed) throws BadValues {
        if (!(json instanceof Json.Obj object)) {
            throw new BadValues("expected an object mapping names to values, e.g. {\"x\": [[1, 2]], \"y\": [1]}");
        }
        Map<String, Json> given = object.members();
        checkNames(given, graph, model);
        Map<String, Shaped> shaped = new LinkedHashMap<>();
        for (Node leaf : graph.leaves()) {
            if (given.containsKey(leaf.name())) {
                shaped.put(leaf.name(), Shaped.of(leaf.name(), given.get(leaf.name())));
            } else if (leaf.op() != nnc.compiler.ir.Op.PARAM) {
                throw new BadValues("missing " + leaf.op().textName() + " '" + leaf.name() + "' of type " + leaf.type());
            }
        }
        int batch = batch(graph, shaped);
        Map<String, Tensor> values = new HashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (Node leaf : graph.leaves()) {
            Shaped s = shaped.get(leaf.name());
            values.put(leaf.name(), s != null ? s.tensor(leaf, batch) : initial(leaf, model, random));
        }
        return new Loaded(values, batch);
    }

    private static void checkNames(Map<String, Json> given, Graph graph, CheckedModel model) throws BadValues {
        List<String> known = graph.leaves().stream().map(Node::name).toList();
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                throw new BadValues("'" + name + "' is not an input, target or parameter of model " + model.name()
                        + "; it has " + String.join(", ", known));
            }
        }
    }

    /** The batch size: the first dimension of the values given for batched leaves, which must agree. */
    private static int batch(Graph graph, Map<String, Shaped> shaped) throws BadValues {
        OptionalInt batch = OptionalInt.empty();
        String from = "";
        for (Node leaf : graph.leaves()) {
            Shaped s = shaped.get(leaf.name());
            if (s == null || leaf.type().rank() == 0 || !(leaf.type().dim(0) instanceof Dim.Symbolic)) {
                continue;
            }
            int b = s.dims.isEmpty() ? -1 : s.dims.get(0);
            if (b < 1) {
                throw new BadValues("'" + leaf.name() + "' has type " + leaf.type() + ": give a list with one row per example");
            }
            if (batch.isPresent() && batch.getAsInt() != b) {
                throw new BadValues("'" + leaf.name() + "' has " + b + " rows but '" + from + "' has " + batch.getAsInt()
                        + "; every batched value needs the same number of rows");
            }
            batch = OptionalInt.of(b);
            from = leaf.name();
        }
        return batch.orElse(1);
    }

    private static Tensor initial(Node leaf, CheckedModel model, SplittableRandom random) {
        Init init = model.param(leaf.name()).map(ModelParam::init).orElseThrow();
        double[] data = new double[Math.toIntExact(leaf.type().elements(1))];
        for (int i = 0; i < data.length; i++) {
            if (init instanceof Init.Constant c) {
                data[i] = c.value();
            } else if (init instanceof Init.Uniform u) {
                data[i] = u.lo() + (u.hi() - u.lo()) * random.nextDouble();
            } else {
                Init.Normal n = (Init.Normal) init;
                data[i] = n.mean() + n.std() * gaussian(random);
            }
        }
        return Tensor.of(leaf.type().dtype(), leaf.type().dims(1), data);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** A JSON value flattened: its dimensions (from the nesting) and elements. */
    private record Shaped(String name, List<Integer> dims, List<Double> data) {
        static Shaped of(String name, Json json) throws BadValues {
            List<Integer> dims = new ArrayList<>();
            Json probe = json;
            while (probe instanceof Json.Arr array && !array.items().isEmpty()) {
                dims.add(array.items().size());
                probe = array.items().get(0);
            }
            if (probe instanceof Json.Arr) {
                dims.add(0);
            }
            List<Double> data = new ArrayList<>();
            flatten(name, json, dims, 0, data);
            return new Shaped(name, List.copyOf(dims), data);
        }

        private static void flatten(String name, Json v, List<Integer> dims, int depth, List<Double> out) throws BadValues {
            if (depth == dims.size()) {
                if (!(v instanceof Json.Num number)) {
                    throw new BadValues("'" + name + "' must hold numbers or nested lists of numbers, found " + describe(v));
                }
                out.add(Double.parseDouble(number.text()));
                return;
            }
            if (!(v instanceof Json.Arr array) || array.items().size() != dims.get(depth)) {
                throw new BadValues("'" + name + "' is not rectangular: rows at depth " + (depth + 1) + " differ in length");
            }
            for (Json item : array.items()) {
                flatten(name, item, dims, depth + 1, out);
            }
        }

        Tensor tensor(Node leaf, int batch) throws BadValues {
            int[] want = leaf.type().dims(batch);
            int[] got = dims.stream().mapToInt(Integer::intValue).toArray();
            if (!java.util.Arrays.equals(want, got)) {
                throw new BadValues("'" + name + "' needs shape " + java.util.Arrays.toString(want) + " (type "
                        + leaf.type() + (leaf.type().shape().stream().anyMatch(d -> d instanceof Dim.Symbolic)
                        ? ", batch = " + batch : "") + "), got " + java.util.Arrays.toString(got));
            }
            double[] values = data.stream().mapToDouble(Double::doubleValue).toArray();
            if (!leaf.type().dtype().isFloat()) {
                for (double v : values) {
                    if (v != Math.rint(v)) {
                        throw new BadValues("'" + name + "' holds class indices (i32) but has " + v);
                    }
                }
            }
            return Tensor.of(leaf.type().dtype(), want, values);
        }

        private static String describe(Json v) {
            return v instanceof Json.Str s ? "the string \"" + s.value() + "\"" : v.kind();
        }
    }
}
