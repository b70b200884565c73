package nnc.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import nnc.compiler.kernel.Extent;
import nnc.compiler.kernel.Kernel;
import nnc.runtime.CompiledModel;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The kernels of a class that can be split over threads ({@link CompiledModel#setThreads}),
 * numbered as jobs, and the code that dispatches their parts.
 *
 * <p>A split kernel {@code name} keeps its method {@code name(n)}, which asks the runtime
 * {@code parallel(job, n, batch, work)} and, when that declines (one thread, or less work than
 * the threshold), runs the whole kernel on the calling thread. Its part method
 * {@code name$part(n, batch, part, parts)} computes one range of the kernel's outputs:
 * <ul>
 *   <li>a matmul: rows {@code [lo, hi)} of C through its rows method, with the part's own work
 *       rows ({@link #WORKS}); the range starts at a multiple of the tallest row block, so every
 *       row is computed by the same micro-kernel whatever the thread count;</li>
 *   <li>an elementwise or reduce loop nest: a range of the outermost loop level that indexes
 *       the results ({@link LoopNest}): rows of an elementwise kernel or of a row-wise reduction,
 *       columns of a reduction over the batch (a bias gradient).</li>
 * </ul>
 * Every output element is computed by exactly one part, in the order the whole kernel computes
 * it, so results are bit-identical for every thread count. {@code runPart} is a
 * {@code tableswitch} over the jobs (in methods of at most {@link #CHUNK} cases, to stay far
 * below the JIT's method size limit).
 */
final class Parts {
    /** The suffix of a kernel's part method. */
    static final String SUFFIX = "$part";
    /** The descriptor of a part method: {@code (n, batch index, part, parts)}. */
    static final String DESCRIPTOR = "(IIII)V";
    /** The work rows of each part of a matmul: {@code [parts][rows][n]}, part 0's being {@link ClassLayout#WORK}. */
    static final String WORKS = "mmWorks";
    /** Elementwise kernels whose work does not grow with the batch are only split from this much work on. */
    static final long MIN_STATIC_WORK = 4096;
    /** Cases per dispatch method. */
    private static final int CHUNK = 256;
    /** Elements a range of an innermost (contiguous) loop starts at a multiple of: 64 bytes of floats. */
    static final int INNER_ALIGN = 16;
    private static final Type BASE = Type.getType(CompiledModel.class);

    private final List<String> jobs = new ArrayList<>();

    /** Numbers kernel {@code name} as the next job. */
    int add(String name) {
        jobs.add(name);
        return jobs.size() - 1;
    }

    /**
     * Whether {@code k} gets a part method. Not the parameter updates {@code trainStepSgd} runs
     * after the gradients ({@code SgdFusion}): they stay on the calling thread, as the runtime's
     * optimizers do. Split by its element count, W1's first-layer update at batch 1 (a gradient
     * computed on the calling thread) had the worker read half of it from the other core's cache
     * and took the 2-thread step from 80 to 157 µs.
     */
    static boolean splits(Kernel k) {
        if (k instanceof Kernel.MatMul) {
            return true;
        }
        if (k instanceof Kernel.Elementwise e) {
            boolean update = e.outs().stream().anyMatch(o -> o.slot().role() == nnc.compiler.kernel.Slot.Role.PARAM);
            return !update && LoopNest.splittable(e) && worthIt(e.domain(), e.body().opCount() + 1L);
        }
        if (k instanceof Kernel.Reduce r) {
            return LoopNest.splittable(r) && worthIt(r.domain(), r.body().opCount() + 1L);
        }
        return false;
    }

    private static boolean worthIt(List<nnc.runtime.Dim> domain, long ops) {
        Extent e = Extent.product(domain);
        return e.batchPower() > 0 || e.coeff() * ops >= MIN_STATIC_WORK;
    }

    /**
     * {@code if (!parallel(job, n, batch, work, range, align)) whole}: {@code pushWork} pushes
     * the work as a long, {@code range} is the local with the size of the range the parts split
     * and {@code align} the multiple their starts are rounded to; {@code batch} is a local, or -1
     * for 0.
     */
    static void dispatch(MethodContext c, int job, int batch, Runnable pushWork, int range, int align, Runnable whole) {
        GeneratorAdapter g = c.g;
        Label done = new Label();
        g.loadThis();
        g.push(job);
        c.loadN();
        pushBatch(g, batch);
        pushWork.run();
        g.loadLocal(range);
        g.push(align);
        g.invokeVirtual(c.layout.owner(), Method.getMethod("boolean parallel(int, int, int, long, int, int)"));
        g.ifZCmp(GeneratorAdapter.NE, done);
        whole.run();
        g.mark(done);
    }

    /** Calls {@code name$part(n, batch, 0, 1)}: the whole kernel on this thread. */
    static void callWhole(MethodContext c, String name, int batch) {
        GeneratorAdapter g = c.g;
        g.loadThis();
        c.loadN();
        pushBatch(g, batch);
        g.push(0);
        g.push(1);
        g.invokeVirtual(c.layout.owner(), new Method(name + SUFFIX, DESCRIPTOR));
    }

    private static void pushBatch(GeneratorAdapter g, int batch) {
        if (batch < 0) {
            g.push(0);
        } else {
            g.loadLocal(batch);
        }
    }

    /**
     * In a part method: a new local with the start ({@code end} false) or the end of this part's
     * range of {@code [0, bound)}, by {@code CompiledModel.split}.
     */
    static int bound(MethodContext c, int boundLocal, boolean end, int align) {
        GeneratorAdapter g = c.g;
        g.loadLocal(boundLocal);
        g.loadArg(2);
        if (end) {
            g.push(1);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        }
        g.loadArg(3);
        g.push(align);
        g.invokeStatic(c.layout.owner(), Method.getMethod("int split(int, int, int, int)"));
        int local = g.newLocal(Type.INT_TYPE);
        g.storeLocal(local);
        return local;
    }

    /** Pushes {@code (long) e} at this step's batch. */
    static void pushLong(MethodContext c, Extent e) {
        GeneratorAdapter g = c.g;
        g.push(e.coeff());
        for (int i = 0; i < e.batchPower(); i++) {
            c.loadN();
            g.cast(Type.INT_TYPE, Type.LONG_TYPE);
            g.math(GeneratorAdapter.MUL, Type.LONG_TYPE);
        }
    }

    /** The work rows of each part of a vector class's matmuls: {@code [parts][rows][row length]}, part 0's being {@link ClassLayout#VEC}. */
    static final String VECS = "mmVecs";

    /** The per-part fields of a class with matmuls ({@code vector}: also the Vector API product rows). */
    static void fields(ClassWriter cw, ClassLayout layout, boolean vector) {
        cw.visitField(Opcodes.ACC_PRIVATE, WORKS, works(Jvm.rows(layout.dtype())).getDescriptor(), null, null).visitEnd();
        if (vector) {
            cw.visitField(Opcodes.ACC_PRIVATE, VECS, works(FLOAT_ROWS).getDescriptor(), null, null).visitEnd();
        }
    }

    private static final Type FLOAT_ROWS = Type.getType(float[][].class);

    private static Type works(Type rows) {
        return Type.getType("[" + rows.getDescriptor());
    }

    /**
     * In the constructor, after the scratch rows, and as the {@code allocateParts(parts)}
     * override: each per-part field set to {@code perPart(its part-0 rows, parts)}.
     */
    static void initParts(GeneratorAdapter g, ClassLayout layout, boolean vector, boolean fromArg) {
        perPart(g, layout, ClassLayout.WORK, WORKS, Jvm.rows(layout.dtype()), fromArg);
        if (vector) {
            perPart(g, layout, ClassLayout.VEC, VECS, FLOAT_ROWS, fromArg);
        }
    }

    private static void perPart(GeneratorAdapter g, ClassLayout layout, String first, String all, Type rows,
            boolean fromArg) {
        g.loadThis();
        g.loadThis();
        g.getField(layout.owner(), first, rows);
        if (fromArg) {
            g.loadArg(0);
        } else {
            g.push(1);
        }
        g.invokeStatic(layout.owner(), new Method("perPart", works(rows), new Type[] {rows, Type.INT_TYPE}));
        g.putField(layout.owner(), all, works(rows));
    }

    /** The {@code allocateParts(parts)} override of a class with matmuls. */
    static void emitAllocateParts(ClassWriter cw, ClassLayout layout, boolean vector) {
        GeneratorAdapter g = new GeneratorAdapter(Opcodes.ACC_PROTECTED, Method.getMethod("void allocateParts(int)"),
                null, null, cw);
        g.visitCode();
        initParts(g, layout, vector, true);
        g.returnValue();
        g.endMethod();
    }

    /** Pushes {@code mmVecs[part]} (in a part method of a vector class). */
    static void pushVecs(MethodContext c) {
        GeneratorAdapter g = c.g;
        g.loadThis();
        g.getField(c.layout.owner(), VECS, works(FLOAT_ROWS));
        g.loadArg(2);
        g.arrayLoad(FLOAT_ROWS);
    }

    /** Pushes {@code mmWorks[part]} (in a part method). */
    static void pushWorks(MethodContext c) {
        GeneratorAdapter g = c.g;
        g.loadThis();
        g.getField(c.layout.owner(), WORKS, works(Jvm.rows(c.layout.dtype())));
        g.loadArg(2);
        g.arrayLoad(Jvm.rows(c.layout.dtype()));
    }

    /** The {@code runPart} override: a switch over the jobs calling each part method. */
    void emitRunPart(ClassWriter cw, Type owner) {
        if (jobs.isEmpty()) {
            return;
        }
        Method runPart = Method.getMethod("void runPart(int, int, int, int, int)");
        int chunks = (jobs.size() + CHUNK - 1) / CHUNK;
        if (chunks == 1) {
            switchMethod(cw, owner, runPart, Opcodes.ACC_PROTECTED, 0);
            return;
        }
        GeneratorAdapter g = new GeneratorAdapter(Opcodes.ACC_PROTECTED, runPart, null, null, cw);
        g.visitCode();
        g.loadArg(0);
        g.push(CHUNK);
        g.math(GeneratorAdapter.DIV, Type.INT_TYPE);
        Label[] labels = labels(chunks);
        Label bad = new Label();
        g.visitTableSwitchInsn(0, chunks - 1, bad, labels);
        for (int i = 0; i < chunks; i++) {
            g.mark(labels[i]);
            g.loadThis();
            g.loadArgs();
            g.invokeVirtual(owner, chunkMethod(i));
            g.returnValue();
        }
        badJob(g, bad);
        g.endMethod();
        for (int i = 0; i < chunks; i++) {
            switchMethod(cw, owner, chunkMethod(i), Opcodes.ACC_PRIVATE, i * CHUNK);
        }
    }

    private static Method chunkMethod(int i) {
        return new Method("runPart$" + i, "(IIIII)V");
    }

    private void switchMethod(ClassWriter cw, Type owner, Method m, int access, int from) {
        int to = Math.min(jobs.size(), from + CHUNK);
        GeneratorAdapter g = new GeneratorAdapter(access, m, null, null, cw);
        g.visitCode();
        g.loadArg(0);
        Label[] labels = labels(to - from);
        Label bad = new Label();
        g.visitTableSwitchInsn(from, to - 1, bad, labels);
        for (int j = from; j < to; j++) {
            g.mark(labels[j - from]);
            g.loadThis();
            for (int a = 1; a < 5; a++) {
                g.loadArg(a);
            }
            g.invokeVirtual(owner, new Method(jobs.get(j) + SUFFIX, DESCRIPTOR));
            g.returnValue();
        }
        badJob(g, bad);
        g.endMethod();
    }

    /** The default case: the base class's {@code runPart}, which throws. */
    private static void badJob(GeneratorAdapter g, Label bad) {
        g.mark(bad);
        g.loadThis();
        g.loadArgs();
        g.visitMethodInsn(Opcodes.INVOKESPECIAL, BASE.getInternalName(), "runPart", "(IIIII)V", false);
        g.returnValue();
    }

    private static Label[] labels(int count) {
        Label[] l = new Label[count];
        for (int i = 0; i < count; i++) {
            l[i] = new Label();
        }
        return l;
    }
}
