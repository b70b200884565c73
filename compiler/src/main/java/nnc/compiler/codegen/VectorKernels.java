package nnc.compiler.codegen;

import java.util.List;
import java.util.function.BiConsumer;
import nnc.compiler.kernel.Extent;
import nnc.compiler.kernel.Kernel;
import nnc.compiler.kernel.SgdFusion;
import nnc.runtime.simd.Gemm;
import nnc.runtime.simd.Simd;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The {@code --simd vector} side of a generated f32 class: a static field with the runtime's
 * {@link Gemm} kernels ({@link Simd#gemm()}, null without {@code jdk.incubator.vector} or with
 * {@code -Dnnc.simd=scalar}), the panel and product rows they work in, and per matmul a method
 * {@code name$vrows(n, batch, lo, hi, product rows, work rows)} that computes rows
 * {@code [lo, hi)} with the kernels and runs the generated epilogue on each. The class refers to
 * no {@code jdk.incubator.vector} type, so it loads and runs (with its scalar loops) on any JVM.
 */
final class VectorKernels {
    private static final Type GEMM = Type.getType(Gemm.class);
    private static final Type SIMD = Type.getType(Simd.class);
    private static final Type FLOATS = Type.getType(float[].class);
    private static final Type ROWS = Type.getType(float[][].class);
    /** The suffix of a kernel's Vector API rows method. */
    static final String ROWS_SUFFIX = "$vrows";
    /** The suffix of a kernel's Vector API rows method for few rows, B read in place. */
    static final String SMALL_SUFFIX = "$vsmall";

    private VectorKernels() {
    }

    /** The descriptor of a rows method: {@code (n, batch index, lo, hi, product rows, work rows)}. */
    static String rowsDescriptor() {
        return "(IIII[[F[[F)V";
    }

    static void fields(ClassWriter cw) {
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, ClassLayout.GEMM,
                GEMM.getDescriptor(), null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, ClassLayout.PANEL, FLOATS.getDescriptor(), null, null)
                .visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, ClassLayout.VEC, ROWS.getDescriptor(), null, null)
                .visitEnd();
    }

    /** {@code GEMM = Simd.gemm()}. */
    static void staticInit(GeneratorAdapter g, ClassLayout layout) {
        g.invokeStatic(SIMD, new Method("gemm", GEMM, new Type[0]));
        g.putStatic(layout.owner(), ClassLayout.GEMM, GEMM);
    }

    /**
     * In the constructor: the panel (the largest packed right operand at the maximum batch) and
     * the product rows, or empty arrays when there are no kernels.
     */
    static void allocate(GeneratorAdapter g, ClassLayout layout, List<Kernel.MatMul> matmuls,
            BiConsumer<GeneratorAdapter, Extent> pushAtMax) {
        Label none = new Label();
        Label done = new Label();
        g.getStatic(layout.owner(), ClassLayout.GEMM, GEMM);
        g.ifNull(none);
        g.loadThis();
        g.push(0);
        for (Kernel.MatMul k : matmuls) {
            g.getStatic(layout.owner(), ClassLayout.GEMM, GEMM);
            pushAtMax.accept(g, Extent.of(k.k()));
            pushAtMax.accept(g, Extent.of(k.n()));
            g.invokeInterface(GEMM, Method.getMethod("int packedSize(int, int)"));
            g.invokeStatic(Type.getType(Math.class), Method.getMethod("int max(int, int)"));
        }
        g.newArray(Type.FLOAT_TYPE);
        g.putField(layout.owner(), ClassLayout.PANEL, FLOATS);
        g.loadThis();
        g.getStatic(layout.owner(), ClassLayout.GEMM, GEMM);
        g.invokeInterface(GEMM, Method.getMethod("int maxRows()"));
        g.getStatic(layout.owner(), ClassLayout.GEMM, GEMM);
        g.push(1);
        for (Kernel.MatMul k : matmuls) {
            pushAtMax.accept(g, Extent.of(k.n()));
            g.invokeStatic(Type.getType(Math.class), Method.getMethod("int max(int, int)"));
        }
        g.invokeInterface(GEMM, Method.getMethod("int rowLength(int)"));
        g.visitMultiANewArrayInsn(ROWS.getDescriptor(), 2);
        g.putField(layout.owner(), ClassLayout.VEC, ROWS);
        g.goTo(done);
        g.mark(none);
        g.loadThis();
        g.push(0);
        g.newArray(Type.FLOAT_TYPE);
        g.putField(layout.owner(), ClassLayout.PANEL, FLOATS);
        g.loadThis();
        g.push(0);
        g.newArray(FLOATS);
        g.putField(layout.owner(), ClassLayout.VEC, ROWS);
        g.mark(done);
    }

    /**
     * At the top of an epilogue method {@code (n, batch, row, accumulator row, work)} whose
     * epilogue is a plain SGD update of parameter {@code p} ({@link SgdFusion#plainUpdate}): with
     * the kernels there, {@link Gemm#sgdRow} updates the row in place and the method returns;
     * without them, falls through to the scalar loop.
     */
    static void sgdRow(MethodContext c, int p, int m, int n) {
        GeneratorAdapter g = c.g;
        Label scalar = new Label();
        g.getStatic(c.layout.owner(), ClassLayout.GEMM, GEMM);
        g.ifNull(scalar);
        g.getStatic(c.layout.owner(), ClassLayout.GEMM, GEMM);
        g.loadLocal(p);
        EpilogueEmitter.pushRowStart(c, m, n);
        g.loadArg(3);
        g.loadLocal(n);
        for (String h : List.of(SgdFusion.LR, SgdFusion.WEIGHT_DECAY)) {
            g.loadThis();
            g.getField(c.layout.owner(), BodyEmitter.hyperField(h), Type.FLOAT_TYPE);
        }
        g.invokeInterface(GEMM, Method.getMethod("void sgdRow(float[], int, float[], int, float, float)"));
        g.returnValue();
        g.mark(scalar);
    }

    /**
     * Whether the kernels compute {@code k} with fewer than {@link MatMulEmitter#STREAM_ROWS} rows
     * by {@link Gemm#rowsInPlace} (every product but {@code Aᵀ · Bᵀ}).
     */
    static boolean inPlace(Kernel.MatMul k) {
        return !(k.transA() && k.transB());
    }

    /**
     * In a matmul's main method, per batch, when the kernels are there: with fewer than
     * {@link MatMulEmitter#STREAM_ROWS} rows in C, the small rows method ({@link Gemm#rowsInPlace},
     * B where it lies: packing it would cost more than the product), or for {@code Aᵀ · Bᵀ} the
     * scalar loops; with more, packs B (once, for the first batch, when every batch shares it:
     * {@link Kernel.MatMul#sharedB()}) and runs the rows method over {@code [0, m)}. Then jumps to
     * {@code done}; without the kernels falls through to the scalar loops.
     */
    static void dispatch(MethodContext c, Kernel.MatMul k, String name, int job, int bb, int m, int kk, int n,
            Label done) {
        GeneratorAdapter g = c.g;
        Label scalar = new Label();
        g.getStatic(c.layout.owner(), ClassLayout.GEMM, GEMM);
        g.ifNull(scalar);
        if (inPlace(k)) {
            Label large = new Label();
            g.loadLocal(m);
            g.push(MatMulEmitter.STREAM_ROWS);
            g.ifICmp(GeneratorAdapter.GE, large);
            callRows(c, name + SMALL_SUFFIX, bb, m);
            g.goTo(done);
            g.mark(large);
        } else {
            g.loadLocal(m);
            g.push(MatMulEmitter.STREAM_ROWS);
            g.ifICmp(GeneratorAdapter.LT, scalar);
        }
        Label packed = new Label();
        if (k.sharedB()) {
            g.loadLocal(bb);
            g.ifZCmp(GeneratorAdapter.NE, packed);
        }
        g.getStatic(c.layout.owner(), ClassLayout.GEMM, GEMM);
        g.loadLocal(c.array(k.b()));
        if (k.sharedB()) {
            g.push(0);
        } else {
            g.loadLocal(bb);
            g.loadLocal(kk);
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.loadLocal(n);
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        }
        g.push(k.transB());
        g.loadLocal(kk);
        g.loadLocal(n);
        g.loadThis();
        g.getField(c.layout.owner(), ClassLayout.PANEL, FLOATS);
        g.invokeInterface(GEMM, Method.getMethod("void pack(float[], int, boolean, int, int, float[])"));
        g.mark(packed);
        Parts.dispatch(c, job, bb, () -> MatMulEmitter.pushWork(c, m, kk, n), m, ClassLayout.ROWS,
                () -> callRows(c, name + ROWS_SUFFIX, bb, m));
        g.goTo(done);
        g.mark(scalar);
    }

    /** {@code this.method(n, bb, 0, m, VEC, WORK)}: a rows method over every row of the product. */
    private static void callRows(MethodContext c, String method, int bb, int m) {
        GeneratorAdapter g = c.g;
        g.loadThis();
        c.loadN();
        g.loadLocal(bb);
        g.push(0);
        g.loadLocal(m);
        g.loadThis();
        g.getField(c.layout.owner(), ClassLayout.VEC, ROWS);
        g.loadThis();
        g.getField(c.layout.owner(), ClassLayout.WORK, ROWS);
        g.invokeVirtual(c.layout.owner(), new Method(method, rowsDescriptor()));
    }

    /**
     * In a matmul's part method {@code (n, batch, part, parts)} with its range in {@code lo},
     * {@code hi}: when the main method took the kernels' path (they are there, C has at least
     * {@link MatMulEmitter#STREAM_ROWS} rows), the rows method with the part's product and work
     * rows, then a jump to {@code done}; otherwise falls through.
     */
    static void partRows(MethodContext c, String name, int m, int lo, int hi, Label done) {
        GeneratorAdapter g = c.g;
        Label scalar = new Label();
        g.getStatic(c.layout.owner(), ClassLayout.GEMM, GEMM);
        g.ifNull(scalar);
        g.loadLocal(m);
        g.push(MatMulEmitter.STREAM_ROWS);
        g.ifICmp(GeneratorAdapter.LT, scalar);
        g.loadThis();
        c.loadN();
        g.loadArg(1);
        g.loadLocal(lo);
        g.loadLocal(hi);
        Parts.pushVecs(c);
        Parts.pushWorks(c);
        g.invokeVirtual(c.layout.owner(), new Method(name + ROWS_SUFFIX, rowsDescriptor()));
        g.goTo(done);
        g.mark(scalar);
    }

    /** Arguments: 0 = n, 1 = batch index, 2 = lo, 3 = hi, 4 = product rows, 5 = work rows. */
    static void emitRows(MethodContext c, Kernel.MatMul k, String name) {
        emitRows(c, k, name, false);
    }

    /** The small rows method: as {@link #emitRows}, through {@link Gemm#rowsInPlace}. */
    static void emitSmallRows(MethodContext c, Kernel.MatMul k, String name) {
        emitRows(c, k, name, true);
    }

    private static void emitRows(MethodContext c, Kernel.MatMul k, String name, boolean inPlace) {
        GeneratorAdapter g = c.g;
        int gemm = g.newLocal(GEMM);
        g.getStatic(c.layout.owner(), ClassLayout.GEMM, GEMM);
        g.storeLocal(gemm);
        int a = c.array(k.a());
        int m = c.intLocal(Extent.of(k.m()));
        int n = c.intLocal(Extent.of(k.n()));
        int kk = c.intLocal(Extent.of(k.k()));
        int i = g.newLocal(Type.INT_TYPE);
        g.loadArg(2);
        g.storeLocal(i);
        int count = g.newLocal(Type.INT_TYPE);
        Label head = g.mark();
        Label end = new Label();
        g.loadLocal(i);
        g.loadArg(3);
        g.ifICmp(GeneratorAdapter.GE, end);
        g.loadLocal(gemm);
        g.invokeInterface(GEMM, Method.getMethod("int maxRows()"));
        g.loadArg(3);
        g.loadLocal(i);
        g.math(GeneratorAdapter.SUB, Type.INT_TYPE);
        g.invokeStatic(Type.getType(Math.class), Method.getMethod("int min(int, int)"));
        g.storeLocal(count);
        g.loadLocal(gemm);
        g.loadLocal(a);
        g.loadArg(1);
        g.loadLocal(m);
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        g.loadLocal(kk);
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        g.push(k.transA());
        g.loadLocal(m);
        g.loadLocal(kk);
        g.loadLocal(n);
        g.loadLocal(i);
        g.loadLocal(count);
        if (inPlace) {
            g.loadLocal(c.array(k.b()));
            if (k.sharedB()) {
                g.push(0);
            } else {
                g.loadArg(1);
                g.loadLocal(kk);
                g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
                g.loadLocal(n);
                g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            }
            g.push(k.transB());
            g.loadArg(4);
            g.invokeInterface(GEMM, Method.getMethod(
                    "void rowsInPlace(float[], int, boolean, int, int, int, int, int, float[], int, boolean, float[][])"));
        } else {
            g.loadThis();
            g.getField(c.layout.owner(), ClassLayout.PANEL, FLOATS);
            g.loadArg(4);
            g.invokeInterface(GEMM, Method.getMethod("void rows(float[], int, boolean, int, int, int, int, int, float[], float[][])"));
        }
        c.loop(count, r -> {
            g.loadThis();
            c.loadN();
            g.loadArg(1);
            g.loadLocal(i);
            g.loadLocal(r);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            g.loadArg(4);
            g.loadLocal(r);
            g.arrayLoad(FLOATS);
            g.loadArg(5);
            g.invokeVirtual(c.layout.owner(), new Method(name + "$epi", EpilogueEmitter.descriptor(c.layout.dtype())));
        });
        g.loadLocal(i);
        g.loadLocal(count);
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        g.storeLocal(i);
        g.goTo(head);
        g.mark(end);
    }
}
