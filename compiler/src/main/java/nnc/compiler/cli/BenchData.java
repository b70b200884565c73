package nnc.compiler.cli;

import java.util.List;
import java.util.SplittableRandom;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.compiler.sema.CheckedModel;
import nnc.compiler.sema.Init;
import nnc.compiler.sema.ModelParam;
import nnc.runtime.Model;
import nnc.runtime.TensorSpec;

/**
 * The numbers {@code nnc bench} runs on: parameters drawn from the model's own initializers,
 * inputs uniform in [-1, 1) (i32 tokens uniform over the rows of the embedding table they index),
 * float targets uniform in [0, 1), class labels uniform over the classes of the one-hot encoding
 * that reads them (0 when none does). All from one seed.
 */
final class BenchData {
    private BenchData() {
    }

    /** Fills every parameter, input and target of {@code m} for its maximum batch. */
    static void fill(Model m, CheckedModel model, Graph forward, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<TensorSpec> params = m.signature().params();
        for (int i = 0; i < params.size(); i++) {
            Init init = model.param(params.get(i).name()).map(ModelParam::init).orElseThrow();
            fillFloats(m.param(i), r, init);
        }
        List<TensorSpec> inputs = m.signature().inputs();
        for (int i = 0; i < inputs.size(); i++) {
            if (m.input(i) instanceof int[] tokens) {
                int rows = tableRows(forward, inputs.get(i).name());
                for (int j = 0; j < tokens.length; j++) {
                    tokens[j] = rows == 0 ? 0 : r.nextInt(rows);
                }
            } else {
                fillFloats(m.input(i), r, new Init.Uniform(-1, 1, "uniform(-1, 1)"));
            }
        }
        List<TensorSpec> targets = m.signature().targets();
        for (int i = 0; i < targets.size(); i++) {
            if (m.target(i) instanceof int[] labels) {
                int classes = classes(forward, targets.get(i).name());
                for (int j = 0; j < labels.length; j++) {
                    labels[j] = classes == 0 ? 0 : r.nextInt(classes);
                }
            } else {
                fillFloats(m.target(i), r, new Init.Uniform(0, 1, "uniform(0, 1)"));
            }
        }
    }

    /** The classes of the one-hot encoding of integer target {@code name}, or 0. */
    private static int classes(Graph forward, String name) {
        for (Node n : forward.nodes()) {
            if (n.op() == Op.ONE_HOT && n.input(0).op() == Op.TARGET && n.input(0).name().equals(name)
                    && n.attr() instanceof Attr.OneHot oneHot) {
                return oneHot.classes();
            }
        }
        return 0;
    }

    /** The rows of the embedding table that integer input {@code name} indexes, or 0. */
    private static int tableRows(Graph forward, String name) {
        for (Node n : forward.nodes()) {
            if (n.op() == Op.GATHER && n.input(1).op() == Op.INPUT && n.input(1).name().equals(name)) {
                return n.input(0).type().dim(0).size(1);
            }
        }
        return 0;
    }

    private static void fillFloats(Object array, SplittableRandom r, Init init) {
        int n = array instanceof float[] f ? f.length : ((double[]) array).length;
        for (int j = 0; j < n; j++) {
            double v = draw(init, r);
            if (array instanceof float[] f) {
                f[j] = (float) v;
            } else {
                ((double[]) array)[j] = v;
            }
        }
    }

    private static double draw(Init init, SplittableRandom r) {
        if (init instanceof Init.Constant c) {
            return c.value();
        } else if (init instanceof Init.Uniform u) {
            return u.lo() + (u.hi() - u.lo()) * r.nextDouble();
        }
        Init.Normal n = (Init.Normal) init;
        double u = 1.0 - r.nextDouble();
        return n.mean() + n.std() * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
