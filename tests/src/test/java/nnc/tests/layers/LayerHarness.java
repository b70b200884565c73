package nnc.tests.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.ModelCompiler;
import nnc.compiler.codegen.ModelLoader;
import nnc.compiler.codegen.SimdMode;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.pass.Passes;
import nnc.compiler.pass.Verifier;
import nnc.compiler.sema.CheckedModel;
import nnc.compiler.sema.FrontEnd;
import nnc.compiler.sema.Lowering;
import nnc.compiler.source.DiagnosticRenderer;
import nnc.compiler.source.SourceFile;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * The pipeline of a model with modes, as the layer tests use it: source → checked model → the
 * training and inference graphs (the training one differentiated, both simplified) → a generated
 * class; plus leaf values, array copies and comparisons with the reference interpreter.
 */
final class LayerHarness {
    private LayerHarness() {
    }

    /** A compiled model with the graphs it was compiled from. */
    record Compiled(CheckedModel model, Graph train, Graph infer, CompiledClass cls) {
        Model instantiate(int maxBatch) {
            return ModelLoader.instantiate(cls, maxBatch);
        }
    }

    /** Checks {@code source} (it must have no errors), lowers both modes and compiles them as {@code dtype}. */
    static Compiled compile(String file, String source, DType dtype) {
        return compile(file, source, dtype, SimdMode.SCALAR);
    }

    /** As {@link #compile(String, String, DType)}, with the matmul kernels of {@code simd}. */
    static Compiled compile(String file, String source, DType dtype, SimdMode simd) {
        FrontEnd.Result r = FrontEnd.check(new SourceFile(file, source));
        DiagnosticRenderer renderer = new DiagnosticRenderer();
        assertThat(r.hasErrors()).as(() -> String.join("", r.diagnostics().stream().map(renderer::render).toList()))
                .isFalse();
        CheckedModel m = r.program().orElseThrow().models().get(0);
        Lowering.Modes modes = Lowering.lowerModes(m, new GraphBuilder());
        Graph train = Passes.optimize(Autodiff.differentiate(modes.train(), Set.of()), Verifier::verify);
        Graph infer = Passes.optimize(modes.infer(), Verifier::verify);
        return new Compiled(m, train, infer, compile(train, infer, m.name(), dtype, m.stateInit(), simd));
    }

    static CompiledClass compile(Graph train, Graph infer, String name, DType dtype, Map<String, Double> stateInit) {
        return compile(train, infer, name, dtype, stateInit, SimdMode.SCALAR);
    }

    static CompiledClass compile(Graph train, Graph infer, String name, DType dtype, Map<String, Double> stateInit,
            SimdMode simd) {
        CompiledClass c = ModelCompiler.compile(train, infer,
                new ModelCompiler.Options("gen." + name, name, dtype, stateInit).withSimd(simd));
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(c.bytes()), Model.class.getClassLoader(), false, new PrintWriter(out));
        assertThat(out.toString()).as("verifier output for %s", c.className()).isEmpty();
        return c;
    }

    /**
     * Values for every leaf of {@code g}: inputs, targets and parameters uniform in [-1, 1)
     * (exactly representable in their dtype; class labels in range), state from {@code stateInit}.
     */
    static Map<String, Tensor> values(Graph g, int batch, long seed, Map<String, Double> stateInit) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Tensor> v = new HashMap<>();
        for (Node leaf : g.leaves()) {
            int[] shape = leaf.type().dims(batch);
            double[] data = new double[(int) leaf.type().elements(batch)];
            for (int i = 0; i < data.length; i++) {
                double x = switch (leaf.op()) {
                    case STATE -> stateInit.getOrDefault(leaf.name(), 0.0);
                    default -> leaf.type().dtype() == DType.I32 ? r.nextInt(classes(g, leaf)) : r.nextDouble(-1, 1);
                };
                data[i] = leaf.type().dtype() == DType.F32 ? (float) x : x;
            }
            v.put(leaf.name(), Tensor.of(leaf.type().dtype(), shape, data));
        }
        return v;
    }

    /** The number of classes an i32 target is one-hot encoded to, or of rows of the table i32 tokens index. */
    private static int classes(Graph g, Node labels) {
        return g.nodes().stream().filter(n -> n.op() == nnc.compiler.ir.Op.ONE_HOT && n.input(0) == labels)
                .map(n -> ((nnc.compiler.ir.Attr.OneHot) n.attr()).classes()).findFirst()
                .or(() -> g.nodes().stream().filter(n -> n.op() == nnc.compiler.ir.Op.GATHER && n.input(1) == labels)
                        .map(n -> n.input(0).type().dim(0).size(1)).findFirst())
                .orElse(2);
    }

    /** Copies the values of inputs, targets, parameters and state into the model's arrays. */
    static void load(Model m, Map<String, Tensor> values) {
        Signature s = m.signature();
        fill(s.inputs(), values, m::input);
        fill(s.targets(), values, m::target);
        fill(s.params(), values, m::param);
        fill(s.state(), values, m::state);
    }

    private static void fill(List<TensorSpec> specs, Map<String, Tensor> values, java.util.function.IntFunction<Object> array) {
        for (int i = 0; i < specs.size(); i++) {
            Tensor t = values.get(specs.get(i).name());
            if (t != null) {
                copyInto(t.toArray(), array.apply(i));
            }
        }
    }

    static void copyInto(double[] from, Object to) {
        if (to instanceof float[] f) {
            for (int i = 0; i < from.length; i++) {
                f[i] = (float) from[i];
            }
        } else if (to instanceof double[] d) {
            System.arraycopy(from, 0, d, 0, from.length);
        } else if (to instanceof int[] n) {
            for (int i = 0; i < from.length; i++) {
                n[i] = (int) from[i];
            }
        }
    }

    /** The first {@code count} elements of a model array as doubles. */
    static double[] read(Object array, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = array instanceof float[] f ? f[i] : array instanceof double[] d ? d[i] : ((int[]) array)[i];
        }
        return out;
    }

    /**
     * Asserts a model array matches the interpreter's value to {@code tol} relative to the tensor's
     * scale. The scale is at least 1 in f32 and 1e-4 in f64: a value that is zero in exact
     * arithmetic (the bias gradient of a dense layer followed by batch norm, an attention key bias: softmax ignores a shift shared by a row) comes out of a sum of
     * cancelling terms as rounding noise near 1e-16, whose digits differ with the order of the
     * summation and mean nothing.
     */
    static void assertClose(String what, Object array, Tensor expected, double tol) {
        double[] actual = read(array, expected.size());
        double scale = expected.dtype() == DType.F32 ? 1 : 1e-4;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.at(i)));
        }
        for (int i = 0; i < expected.size(); i++) {
            double err = Math.abs(actual[i] - expected.at(i));
            assertThat(err).as("%s[%d]: generated %s, interpreter %s", what, i, actual[i], expected.at(i))
                    .isLessThanOrEqualTo(tol * Math.max(Math.abs(expected.at(i)), scale));
        }
    }

    /**
     * Runs one training step in the model and the interpreter (at the model's current random
     * step and {@code seed}) and compares outputs, loss, every gradient and every state update;
     * then returns the leaf values with the state the step left.
     */
    static Map<String, Tensor> trainStepMatches(Compiled c, Model m, Map<String, Tensor> values, int batch, long seed,
            double tol) {
        long step = ((nnc.runtime.CompiledModel) m).randomStep();
        Interpreter.Evaluation ev = Interpreter.run(c.train(), values, batch, seed, step);
        m.trainStep(batch);
        Signature s = m.signature();
        assertClose("loss", new double[] {m.loss()}, ev.loss(), tol);
        for (int i = 0; i < s.outputs().size(); i++) {
            assertClose("trainStep output " + s.outputs().get(i).name(), m.output(i), ev.output(s.outputs().get(i).name()), tol);
        }
        for (int i = 0; i < s.params().size(); i++) {
            assertClose("gradient of " + s.params().get(i).name(), m.grad(i), ev.paramGrad(s.params().get(i).name()), tol);
        }
        Map<String, Tensor> next = new HashMap<>(values);
        for (var u : c.train().stateUpdates()) {
            int i = s.state().stream().map(TensorSpec::name).toList().indexOf(u.name());
            assertClose("state " + u.name(), m.state(i), ev.stateUpdate(u.name()), tol);
            next.put(u.name(), ev.stateUpdate(u.name()));
        }
        return next;
    }

    /** Runs infer and evaluate and compares outputs and loss with the interpreter on the inference graph. */
    static void inferenceMatches(Compiled c, Model m, Map<String, Tensor> values, int batch, double tol) {
        Interpreter.Evaluation ev = Interpreter.run(c.infer(), values, batch);
        Signature s = m.signature();
        m.infer(batch);
        for (int i = 0; i < s.outputs().size(); i++) {
            assertClose("infer output " + s.outputs().get(i).name(), m.output(i), ev.output(s.outputs().get(i).name()), tol);
        }
        m.evaluate(batch);
        assertClose("evaluate loss", new double[] {m.loss()}, ev.loss(), tol);
    }

    private static void assertClose(String what, double[] actual, Tensor expected, double tol) {
        assertClose(what, (Object) actual, expected, tol);
    }

    /** Bytes allocated by {@code steps} runs of {@code step} after as many warm-up runs. */
    static long allocated(int steps, java.util.function.IntConsumer step) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 2 * steps; i++) {
            step.accept(i);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < steps; i++) {
            step.accept(i);
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    static double tolerance(DType dtype) {
        return dtype == DType.F64 ? 1e-10 : 1e-4;
    }
}
