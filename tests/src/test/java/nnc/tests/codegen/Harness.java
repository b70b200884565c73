package nnc.tests.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.ModelCompiler;
import nnc.compiler.codegen.ModelLoader;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Graph;
import nnc.runtime.DType;
import nnc.runtime.Model;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/** Compiles graphs, loads them, feeds them the interpreter's leaf values, and compares. */
final class Harness {
    /** Bytecode bytes HotSpot still JIT-compiles a method of. */
    static final int HUGE_METHOD = 8000;

    private Harness() {
    }

    static CompiledClass compile(Graph g, String name, DType dtype) {
        return ModelCompiler.compile(g, new ModelCompiler.Options("gen." + name, name, dtype));
    }

    /** A model's training graph (trainStep) and inference graph (infer, evaluate). */
    static CompiledClass compile(Graph train, Graph infer, String name, DType dtype) {
        return ModelCompiler.compile(train, infer, new ModelCompiler.Options("gen." + name, name, dtype));
    }

    /** CheckClassAdapter's verifier on the class (with the runtime visible), and the JIT size limit on every method. */
    static void verify(CompiledClass c) {
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(c.bytes()), Model.class.getClassLoader(), false, new PrintWriter(out));
        assertThat(out.toString()).as("verifier output for %s", c.className()).isEmpty();
        codeSizes(c).forEach((method, size) ->
                assertThat(size).as("bytecode size of %s.%s", c.className(), method).isLessThan(HUGE_METHOD));
    }

    /** The bytecode length of every method, by name, read from the class file's Code attributes. */
    static Map<String, Integer> codeSizes(CompiledClass c) {
        ClassReader r = new ClassReader(c.bytes());
        char[] buf = new char[r.getMaxStringLength()];
        int at = r.header + 6;
        at += 2 + 2 * r.readUnsignedShort(at);
        at = skipMembers(r, at);
        Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
        int methods = r.readUnsignedShort(at);
        at += 2;
        for (int m = 0; m < methods; m++) {
            String name = r.readUTF8(at + 2, buf) + r.readUTF8(at + 4, buf);
            int attrs = r.readUnsignedShort(at + 6);
            at += 8;
            for (int a = 0; a < attrs; a++) {
                if (r.readUTF8(at, buf).equals("Code")) {
                    sizes.put(name, r.readInt(at + 10));
                }
                at += 6 + r.readInt(at + 2);
            }
        }
        return sizes;
    }

    private static int skipMembers(ClassReader r, int at) {
        int count = r.readUnsignedShort(at);
        at += 2;
        for (int i = 0; i < count; i++) {
            int attrs = r.readUnsignedShort(at + 6);
            at += 8;
            for (int a = 0; a < attrs; a++) {
                at += 6 + r.readInt(at + 2);
            }
        }
        return at;
    }

    /** Copies the leaf values into the model's arrays. */
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
                Arrays2.copyInto(t.toArray(), array.apply(i));
            }
        }
    }

    /** The first {@code count} elements of a model array as doubles. */
    static double[] read(Object array, int count) {
        return Arrays2.toDoubles(array, count);
    }

    static Model instantiate(CompiledClass c, int maxBatch) {
        return ModelLoader.instantiate(c, maxBatch);
    }

    /**
     * Asserts {@code actual} matches the interpreter's {@code expected} to {@code tol} relative to
     * the larger of the element and the tensor's largest element. For f32 the scale is at least 1:
     * the values of these tests are O(1), and a float sum of O(1) terms that cancels to ~0 carries
     * an absolute error of float epsilon times the terms, which no relative bound on ~0 allows.
     * For f64 the scale is at least 1e-6 for the same reason: a gradient that is exactly zero
     * (a shift of log-softmax's input) comes out as ±1e-17 in either order of summation.
     */
    static void assertClose(String what, double[] actual, Tensor expected, double tol) {
        double[] e = expected.toArray();
        double scale = expected.dtype() == nnc.runtime.DType.F32 ? 1 : 1e-6;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        scale = Math.max(scale, 1e-300);
        for (int i = 0; i < e.length; i++) {
            double err = Math.abs(actual[i] - e[i]);
            boolean sameNonFinite = !Double.isFinite(e[i]) && Double.compare(actual[i], e[i]) == 0;
            if (!(sameNonFinite || err <= tol * Math.max(Math.abs(e[i]), scale))) {
                throw new AssertionError(what + "[" + i + "]: generated " + actual[i] + ", interpreter " + e[i]
                        + " (relative error " + err / Math.max(Math.abs(e[i]), scale) + " > " + tol + ")");
            }
        }
    }

    /** Runs trainStep (and infer) and compares outputs, loss and every gradient with the interpreter. */
    static void differential(Graph g, Map<String, Tensor> values, int batch, Model m, double tol) {
        differential(g, g, values, batch, m, tol);
    }

    /**
     * As {@link #differential(Graph, Map, int, Model, double)} for a model compiled from a
     * training and an inference graph: infer and evaluate against {@code infer}, trainStep
     * against {@code g} (at random step 0, as a fresh instance draws).
     */
    static void differential(Graph g, Graph infer, Map<String, Tensor> values, int batch, Model m, double tol) {
        Interpreter.Evaluation ev = Interpreter.run(g, values, batch);
        Interpreter.Evaluation inf = Interpreter.run(infer, values, batch);
        load(m, values);
        Signature s = m.signature();
        m.infer(batch);
        for (int i = 0; i < s.outputs().size(); i++) {
            compare("infer output " + s.outputs().get(i).name(), m.output(i), inf.output(s.outputs().get(i).name()), tol);
        }
        if (g.loss().isEmpty()) {
            return;
        }
        m.trainStep(batch);
        assertClose("loss", new double[] {m.loss()}, ev.loss(), tol);
        for (int i = 0; i < s.outputs().size(); i++) {
            compare("trainStep output " + s.outputs().get(i).name(), m.output(i), ev.output(s.outputs().get(i).name()), tol);
        }
        for (int i = 0; i < s.params().size(); i++) {
            String name = s.params().get(i).name();
            if (g.paramGrad(name).isPresent()) {
                compare("gradient of " + name, m.grad(i), ev.paramGrad(name), tol);
            }
        }
        m.evaluate(batch);
        assertClose("evaluate loss", new double[] {m.loss()}, inf.loss(), tol);
    }

    private static void compare(String what, Object array, Tensor expected, double tol) {
        assertClose(what, read(array, expected.size()), expected, tol);
    }

    static double tolerance(DType dtype) {
        return dtype == DType.F64 ? 1e-10 : 1e-4;
    }
}
