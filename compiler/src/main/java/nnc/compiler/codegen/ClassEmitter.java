package nnc.compiler.codegen;

import java.util.List;
import java.util.Map;
import nnc.compiler.kernel.Buffer;
import nnc.compiler.kernel.Entry;
import nnc.compiler.kernel.Extent;
import nnc.compiler.kernel.Kernel;
import nnc.compiler.kernel.Program;
import nnc.compiler.kernel.SgdFusion;
import nnc.compiler.kernel.Slot;
import nnc.compiler.kernel.SlotTable;
import nnc.runtime.CompiledModel;
import nnc.runtime.Model;
import nnc.runtime.Signature;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * Writes the class of one model: a final subclass of {@link CompiledModel} with one array field
 * per buffer of the memory plan, constructors {@code (int maxBatch)} and
 * {@code (int maxBatch, Model shareParametersWith)}, the entry methods {@code infer},
 * {@code evaluate} and {@code trainStep} that call one private method per kernel, the accessors,
 * and the static {@code SIGNATURE}. Each kernel method's line number is the {@code .nn} line of
 * the node it computes.
 */
final class ClassEmitter {
    private static final Type BASE = Type.getType(CompiledModel.class);
    private static final Type MODEL = Type.getType(Model.class);
    private static final Type MATH = Type.getType(Math.class);

    private final ClassWriter cw;
    private final ClassLayout layout;
    private final SlotTable slots;
    private final Signature signature;
    private final List<Program> programs;
    private final Map<String, Double> stateInit;
    private final Parts parts = new Parts();

    ClassEmitter(ClassLayout layout, SlotTable slots, Signature signature, List<Program> programs,
            Map<String, Double> stateInit) {
        this.cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return a.equals(b) ? a : "java/lang/Object";
            }
        };
        this.layout = layout;
        this.slots = slots;
        this.signature = signature;
        this.programs = programs;
        this.stateInit = stateInit;
    }

    byte[] emit(String sourceFile) {
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                layout.owner().getInternalName(), null, BASE.getInternalName(), null);
        cw.visitSource(sourceFile, null);
        fields();
        SignatureEmitter.emit(cw, layout.owner(), signature, g -> {
            if (vector()) {
                VectorKernels.staticInit(g, layout);
            }
        });
        constructor();
        sharingConstructor();
        for (Program p : programs) {
            entry(p);
            for (int i = 0; i < p.kernels().size(); i++) {
                if (owner(p, i) == p) {
                    kernel(p, i);
                }
            }
        }
        for (Entry e : Entry.values()) {
            if (programs.stream().noneMatch(p -> p.entry() == e)) {
                unsupportedEntry(e);
            }
        }
        parts.emitRunPart(cw, layout.owner());
        if (hasMatMul()) {
            Parts.emitAllocateParts(cw, layout, vector());
        }
        loss();
        new AccessorEmitter(cw, layout, slots).emit();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** The name of kernel {@code i} of {@code p}'s method. */
    static String kernelName(Program p, int i) {
        return p.entry().method() + "$" + i;
    }

    /**
     * The program whose method runs kernel {@code i} of {@code p}: the {@code trainStep} program
     * for a kernel {@code trainStepSgd} shares with it ({@link SgdFusion} leaves those in place),
     * else {@code p}.
     */
    private Program owner(Program p, int i) {
        if (p.entry() != Entry.TRAIN_SGD) {
            return p;
        }
        Program train = programs.stream().filter(q -> q.entry() == Entry.TRAIN).findFirst().orElseThrow();
        return i < train.kernels().size() && train.kernels().get(i) == p.kernels().get(i) ? train : p;
    }

    private void fields() {
        for (Buffer b : layout.plan().buffers()) {
            boolean fin = b.role() != Slot.Role.PARAM && !allocatesInParts();
            int access = Opcodes.ACC_PRIVATE | (fin ? Opcodes.ACC_FINAL : 0);
            cw.visitField(access, b.field(), Jvm.array(b.dtype()).getDescriptor(), null, null).visitEnd();
        }
        if (hasMatMul()) {
            Type rows = Jvm.rows(layout.dtype());
            for (String f : List.of(ClassLayout.PACK, ClassLayout.WORK)) {
                cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, f, rows.getDescriptor(), null, null).visitEnd();
            }
            Parts.fields(cw, layout, vector());
        }
        if (vector()) {
            VectorKernels.fields(cw);
        }
        if (programs.stream().anyMatch(p -> p.entry() == Entry.TRAIN_SGD)) {
            for (String h : List.of(SgdFusion.LR, SgdFusion.WEIGHT_DECAY)) {
                cw.visitField(Opcodes.ACC_PRIVATE, BodyEmitter.hyperField(h), layout.value().getDescriptor(), null, null)
                        .visitEnd();
            }
        }
    }

    private void constructor() {
        GeneratorAdapter g = new GeneratorAdapter(Opcodes.ACC_PUBLIC, Method.getMethod("void <init>(int)"), null, null, cw);
        g.visitCode();
        g.loadThis();
        g.getStatic(layout.owner(), SignatureEmitter.FIELD, SignatureEmitter.SIGNATURE);
        g.loadArg(0);
        g.invokeConstructor(BASE, new Method("<init>", Type.VOID_TYPE, new Type[] {SignatureEmitter.SIGNATURE, Type.INT_TYPE}));
        List<Buffer> buffers = layout.plan().buffers();
        if (allocatesInParts()) {
            for (int from = 0, part = 0; from < buffers.size(); from += BUFFERS_PER_PART, part++) {
                String name = "alloc$" + part;
                allocationPart(name, buffers.subList(from, Math.min(buffers.size(), from + BUFFERS_PER_PART)));
                g.loadThis();
                g.loadArg(0);
                g.invokeVirtual(layout.owner(), new Method(name, "(I)V"));
            }
        } else {
            allocate(g, buffers);
        }
        if (hasMatMul()) {
            scratch(g, ClassLayout.PACK, () -> maxOver(g, matmuls(), k -> k.k()), () -> maxOver(g, matmuls(), k -> k.n()));
            scratch(g, ClassLayout.WORK, () -> g.push(EpilogueEmitter.STAGE + maxOuts()),
                    () -> maxOver(g, matmuls(), k -> k.n()));
            streamRow(g);
        }
        if (vector()) {
            VectorKernels.allocate(g, layout, matmuls(), ClassEmitter::pushAtMax);
        }
        if (hasMatMul()) {
            Parts.initParts(g, layout, vector(), false);
        }
        g.returnValue();
        g.endMethod();
    }

    /**
     * Buffers allocated by one constructor part, and kernels called by one part of an entry method:
     * HotSpot never compiles a method over 8000 bytes of bytecode, and a buffer costs the
     * constructor up to about 30 bytes, a kernel call the entry method 5.
     */
    private static final int BUFFERS_PER_PART = 200;
    private static final int KERNELS_PER_PART = 1000;

    /**
     * Whether the constructor allocates the buffers in private methods {@code alloc$i(max)} (long
     * unrolled sequences): then the buffer fields are not final, as only a constructor may assign
     * a final field.
     */
    private boolean allocatesInParts() {
        return layout.plan().buffers().size() > BUFFERS_PER_PART;
    }

    private void allocationPart(String name, List<Buffer> buffers) {
        GeneratorAdapter g = new GeneratorAdapter(Opcodes.ACC_PRIVATE, new Method(name, "(I)V"), null, null, cw);
        g.visitCode();
        allocate(g, buffers);
        g.returnValue();
        g.endMethod();
    }

    /** Allocates {@code buffers} for the maximum batch (argument 0) and fills initial state. */
    private void allocate(GeneratorAdapter g, List<Buffer> buffers) {
        for (Buffer b : buffers) {
            g.loadThis();
            pushAtMax(g, b.size());
            g.newArray(Jvm.element(b.dtype()));
            g.putField(layout.owner(), b.field(), Jvm.array(b.dtype()));
            initialState(g, b);
        }
    }

    /** Fills a state buffer whose initializer is not 0 ({@code Arrays.fill}). */
    private void initialState(GeneratorAdapter g, Buffer b) {
        if (b.role() != Slot.Role.STATE) {
            return;
        }
        double v = stateInit.getOrDefault(b.slots().get(0).name(), 0.0);
        if (v == 0) {
            return;
        }
        Type e = Jvm.element(b.dtype());
        g.loadThis();
        g.getField(layout.owner(), b.field(), Jvm.array(b.dtype()));
        if (e.equals(Type.FLOAT_TYPE)) {
            g.push((float) v);
        } else {
            g.push(v);
        }
        g.invokeStatic(Type.getType(java.util.Arrays.class),
                new Method("fill", Type.VOID_TYPE, new Type[] {Jvm.array(b.dtype()), e}));
    }

    private void scratch(GeneratorAdapter g, String field, Runnable rows, Runnable cols) {
        Type type = Jvm.rows(layout.dtype());
        g.loadThis();
        rows.run();
        cols.run();
        g.visitMultiANewArrayInsn(type.getDescriptor(), 2);
        g.putField(layout.owner(), field, type);
    }

    /**
     * {@code mmWork[ROWS]}, the first row a block streams B through, long enough for the
     * {@link BlockEmitter#MAX_UNROLL} rows of B it copies at once.
     */
    private void streamRow(GeneratorAdapter g) {
        g.loadThis();
        g.getField(layout.owner(), ClassLayout.WORK, Jvm.rows(layout.dtype()));
        g.push(ClassLayout.ROWS);
        g.push(BlockEmitter.MAX_UNROLL);
        maxOver(g, matmuls(), k -> k.n());
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        g.newArray(Jvm.element(layout.dtype()));
        g.arrayStore(Jvm.array(layout.dtype()));
    }

    /** Pushes the largest value, at the maximum batch, of a dimension over {@code kernels} (each distinct extent once). */
    private void maxOver(GeneratorAdapter g, List<Kernel.MatMul> kernels,
            java.util.function.Function<Kernel.MatMul, nnc.runtime.Dim> dim) {
        g.push(1);
        for (Extent e : kernels.stream().map(k -> Extent.of(dim.apply(k))).distinct().toList()) {
            pushAtMax(g, e);
            g.invokeStatic(MATH, Method.getMethod("int max(int, int)"));
        }
    }

    private int maxOuts() {
        return Math.max(1, matmuls().stream().mapToInt(EpilogueEmitter::workRows).max().orElse(1));
    }

    /** Pushes an extent's value at the instance's maximum batch (argument 0), failing on overflow. */
    static void pushAtMax(GeneratorAdapter g, Extent e) {
        g.push(Math.toIntExact(e.coeff()));
        for (int i = 0; i < e.batchPower(); i++) {
            g.loadArg(0);
            g.invokeStatic(MATH, Method.getMethod("int multiplyExact(int, int)"));
        }
    }

    private void sharingConstructor() {
        GeneratorAdapter g = new GeneratorAdapter(Opcodes.ACC_PUBLIC,
                new Method("<init>", Type.VOID_TYPE, new Type[] {Type.INT_TYPE, MODEL}), null, null, cw);
        g.visitCode();
        g.loadThis();
        g.loadArg(0);
        g.invokeConstructor(layout.owner(), Method.getMethod("void <init>(int)"));
        for (int i = 0; i < slots.params().size(); i++) {
            g.loadThis();
            g.push(i);
            g.loadArg(1);
            g.push(i);
            g.invokeInterface(MODEL, Method.getMethod("Object param(int)"));
            g.invokeVirtual(layout.owner(), Method.getMethod("void setParam(int, Object)"));
        }
        g.returnValue();
        g.endMethod();
    }

    private void entry(Program p) {
        GeneratorAdapter g = new GeneratorAdapter(Opcodes.ACC_PUBLIC,
                new Method(p.entry().method(), p.entry().descriptor()), null, null, cw);
        g.visitCode();
        g.loadThis();
        g.loadArg(0);
        g.invokeVirtual(layout.owner(), Method.getMethod("void checkBatch(int)"));
        if (p.entry() == Entry.TRAIN_SGD) {
            List<String> hypers = List.of(SgdFusion.LR, SgdFusion.WEIGHT_DECAY);
            for (int h = 0; h < hypers.size(); h++) {
                g.loadThis();
                g.loadArg(1 + h);
                g.cast(Type.DOUBLE_TYPE, layout.value());
                g.putField(layout.owner(), BodyEmitter.hyperField(hypers.get(h)), layout.value());
            }
        }
        int kernels = p.kernels().size();
        if (kernels <= KERNELS_PER_PART) {
            callKernels(g, p, 0, kernels);
        }
        for (int from = 0, part = 0; kernels > KERNELS_PER_PART && from < kernels; from += KERNELS_PER_PART, part++) {
            String name = p.entry().method() + "$part" + part;
            GeneratorAdapter pg = new GeneratorAdapter(Opcodes.ACC_PRIVATE, new Method(name, "(I)V"), null, null, cw);
            pg.visitCode();
            callKernels(pg, p, from, Math.min(kernels, from + KERNELS_PER_PART));
            pg.returnValue();
            pg.endMethod();
            g.loadThis();
            g.loadArg(0);
            g.invokeVirtual(layout.owner(), new Method(name, "(I)V"));
        }
        if (p.entry().trains()) {
            g.loadThis();
            g.invokeVirtual(layout.owner(), Method.getMethod("void advanceStep()"));
        }
        g.returnValue();
        g.endMethod();
    }

    private void unsupportedEntry(Entry e) {
        GeneratorAdapter g = new GeneratorAdapter(Opcodes.ACC_PUBLIC, new Method(e.method(), e.descriptor()), null, null, cw);
        g.visitCode();
        g.loadThis();
        g.push("has no loss, so " + e.method() + " cannot run; add a 'loss = …' line to the model");
        g.invokeVirtual(layout.owner(), Method.getMethod("nnc.runtime.NncRuntimeException unsupported(String)"));
        g.throwException();
        g.endMethod();
    }

    /** Calls kernels {@code from .. to-1} of {@code p} with the step's batch (argument 0), each at its model line. */
    private void callKernels(GeneratorAdapter g, Program p, int from, int to) {
        for (int i = from; i < to; i++) {
            Label here = g.mark();
            g.visitLineNumber(p.kernels().get(i).span().line(), here);
            g.loadThis();
            g.loadArg(0);
            g.invokeVirtual(layout.owner(), new Method(kernelName(owner(p, i), i), "(I)V"));
        }
    }

    private void kernel(Program p, int i) {
        Kernel k = p.kernels().get(i);
        String name = kernelName(p, i);
        MethodContext c = method(name, "(I)V", k);
        if (Parts.splits(k) && !(k instanceof Kernel.MatMul)) {
            LoopNest.main(c, k, name, parts.add(name));
            c.end();
            c = method(name + Parts.SUFFIX, Parts.DESCRIPTOR, k);
            LoopNest.part(c, k);
        } else if (k instanceof Kernel.Elementwise e) {
            LoopNest.elementwise(c, e);
        } else if (k instanceof Kernel.Reduce r) {
            LoopNest.reduce(c, r);
        } else if (k instanceof Kernel.MatMul m) {
            MatMulEmitter.emit(c, m, name, parts.add(name));
            c.end();
            c = method(name + Parts.SUFFIX, Parts.DESCRIPTOR, k);
            MatMulEmitter.emitPart(c, m, name);
            c.end();
            if (layout.vector()) {
                c = method(name + VectorKernels.ROWS_SUFFIX, VectorKernels.rowsDescriptor(), k);
                VectorKernels.emitRows(c, m, name);
                c.end();
                if (VectorKernels.inPlace(m)) {
                    c = method(name + VectorKernels.SMALL_SUFFIX, VectorKernels.rowsDescriptor(), k);
                    VectorKernels.emitSmallRows(c, m, name);
                    c.end();
                }
            }
            c = method(name + MatMulEmitter.ROWS_SUFFIX, MatMulEmitter.rowsDescriptor(layout.dtype()), k);
            MatMulEmitter.emitRows(c, m, name);
            c.end();
            if (DotEmitter.applies(m)) {
                c = method(name + DotEmitter.SUFFIX, MatMulEmitter.rowsDescriptor(layout.dtype()), k);
                DotEmitter.emit(c, m, name);
                c.end();
            }
            for (int rows : BlockEmitter.HEIGHTS) {
                c = method(BlockEmitter.startName(name, rows), BlockEmitter.descriptor(layout.dtype()), k);
                BlockEmitter.emit(c, m, rows, true);
                c.end();
                c = method(BlockEmitter.name(name, rows), BlockEmitter.descriptor(layout.dtype()), k);
                BlockEmitter.emit(c, m, rows, false);
                c.end();
            }
            c = method(name + "$epi", MatMulEmitter.epilogueDescriptor(layout.dtype()), k);
            EpilogueEmitter.emit(c, m);
        } else if (k instanceof Kernel.LogSoftmax l) {
            RowEmitters.logSoftmax(c, l);
        } else if (k instanceof Kernel.OneHot o) {
            RowEmitters.oneHot(c, o);
        } else if (k instanceof Kernel.Window w) {
            WindowEmitters.window(c, w);
        } else if (k instanceof Kernel.Iota io) {
            WindowEmitters.iota(c, io);
        } else if (k instanceof Kernel.Random r) {
            LayerEmitters.random(c, r);
        } else if (k instanceof Kernel.Patches pk) {
            ConvEmitters.patches(c, pk);
        } else if (k instanceof Kernel.Gather ga) {
            GatherEmitters.gather(c, ga);
        }
        c.end();
    }

    private MethodContext method(String name, String descriptor, Kernel k) {
        GeneratorAdapter g = new GeneratorAdapter(Opcodes.ACC_PRIVATE, new Method(name, descriptor), null, null, cw);
        MethodContext c = new MethodContext(g, layout, 0);
        c.begin(k.span().line());
        return c;
    }

    private void loss() {
        GeneratorAdapter g = new GeneratorAdapter(Opcodes.ACC_PUBLIC, Method.getMethod("double loss()"), null, null, cw);
        g.visitCode();
        if (slots.loss().isPresent()) {
            Buffer b = layout.plan().of(slots.loss().get());
            g.loadThis();
            g.getField(layout.owner(), b.field(), Jvm.array(b.dtype()));
            g.push(0);
            g.arrayLoad(Jvm.element(b.dtype()));
            g.cast(Jvm.element(b.dtype()), Type.DOUBLE_TYPE);
        } else {
            g.push(Double.NaN);
        }
        g.returnValue();
        g.endMethod();
    }

    /** Whether the class calls the runtime's Vector API kernels (f32, {@code --simd vector}, some matmul). */
    private boolean vector() {
        return layout.vector() && hasMatMul();
    }

    private boolean hasMatMul() {
        return !matmuls().isEmpty();
    }

    private List<Kernel.MatMul> matmuls() {
        return programs.stream().flatMap(p -> p.kernels().stream())
                .filter(k -> k instanceof Kernel.MatMul).map(k -> (Kernel.MatMul) k).toList();
    }
}
