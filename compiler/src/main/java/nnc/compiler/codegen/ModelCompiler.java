package nnc.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.pass.Passes;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Named;
import nnc.compiler.ir.Node;
import nnc.compiler.kernel.Entry;
import nnc.compiler.kernel.MemoryPlan;
import nnc.compiler.kernel.Program;
import nnc.compiler.kernel.Scheduler;
import nnc.compiler.kernel.SgdFusion;
import nnc.compiler.kernel.Slot;
import nnc.compiler.kernel.SlotTable;
import nnc.runtime.DType;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;
import org.objectweb.asm.Type;

/**
 * The back end's front door: a graph (forward, loss and gradients, as autodiff and the passes
 * left it) to the bytes of one model class. Schedules each entry method, plans memory, emits.
 */
public final class ModelCompiler {
    private ModelCompiler() {
    }

    /**
     * What to generate.
     *
     * @param className the binary name of the class, e.g. {@code demo.Mlp}
     * @param modelName the model's name in the source (the signature's name)
     * @param dtype     the float type of the model's values ({@link DType#F32} or {@link DType#F64})
     * @param stateInit the initial value of each state tensor, by name (absent: 0)
     * @param simd      which matmul kernels to generate ({@link SimdMode#VECTOR} only affects f32 models)
     */
    public record Options(String className, String modelName, DType dtype, Map<String, Double> stateInit,
            SimdMode simd) {
        public Options {
            if (!dtype.isFloat()) {
                throw new IllegalArgumentException("a model's float type is f32 or f64, not " + dtype.sourceName());
            }
            stateInit = Map.copyOf(stateInit);
        }

        /** Options for scalar kernels. */
        public Options(String className, String modelName, DType dtype, Map<String, Double> stateInit) {
            this(className, modelName, dtype, stateInit, SimdMode.SCALAR);
        }

        /** The same options with {@code simd} kernels. */
        public Options withSimd(SimdMode simd) {
            return new Options(className, modelName, dtype, stateInit, simd);
        }

        /** Options for a model whose state tensors (if any) start at 0. */
        public Options(String className, String modelName, DType dtype) {
            this(className, modelName, dtype, Map.of());
        }
    }

    /**
     * Compiles {@code graph}: every entry method runs it (a model without modes, or tests).
     *
     * @throws nnc.compiler.ir.IrException if the graph uses something the back end does not support
     */
    public static CompiledClass compile(Graph graph, Options options) {
        return compile(graph, graph, options);
    }

    /**
     * Compiles a model's two graphs: {@code trainStep} runs {@code train} (forward in training
     * mode, loss, gradients, state updates), and so does {@code trainStepSgd} with the SGD update
     * of the parameters ({@link SgdFusion}: in the Vector API back end, in the epilogues of the
     * weight-gradient products, where a row update is one in-place vector loop; in the scalar
     * back end, whose epilogues stage rows through copies, as separate passes at the end);
     * {@code infer} and {@code evaluate} run {@code infer}
     * (forward in inference mode and loss). Both declare the same leaves and outputs.
     *
     * @throws IllegalArgumentException if the graphs declare different leaves or outputs
     * @throws nnc.compiler.ir.IrException if a graph uses something the back end does not support
     */
    public static CompiledClass compile(Graph train, Graph infer, Options options) {
        checkSameInterface(train, infer);
        SlotTable slots = new SlotTable(train);
        List<Program> programs = new ArrayList<>();
        Program trainStep = null;
        programs.add(Scheduler.schedule(infer, Entry.INFER, slots, options.dtype()));
        if (train.loss().isPresent() && infer.loss().isPresent()) {
            programs.add(Scheduler.schedule(infer, Entry.EVALUATE, slots, options.dtype()));
            trainStep = Scheduler.schedule(train, Entry.TRAIN, slots, options.dtype());
            programs.add(trainStep);
        }
        boolean vector = options.simd() == SimdMode.VECTOR && options.dtype() == DType.F32;
        if (trainStep != null) {
            programs.add(SgdFusion.program(trainStep, slots, vector));
        }
        MemoryPlan plan = MemoryPlan.plan(slots, programs);
        Type owner = Type.getObjectType(options.className().replace('.', '/'));
        ClassLayout layout = new ClassLayout(owner, plan, options.dtype(), vector);
        Signature signature = signature(options, slots);
        byte[] bytes = new ClassEmitter(layout, slots, signature, programs, options.stateInit())
                .emit(sourceFile(train, options));
        return new CompiledClass(options.className(), bytes, signature, new Report(programs, plan));
    }

    /**
     * The back half of the pipeline for a model's two forward graphs (one builder, as
     * {@code Lowering.lowerModes} makes them): converted to the options' dtype, the training graph
     * differentiated, both simplified, then compiled as by {@link #compile(Graph, Graph, Options)}.
     */
    public static CompiledClass compileModes(Graph trainForward, Graph inferForward, Options options) {
        List<Graph> g = List.of(trainForward, inferForward);
        if (options.dtype() != DType.F32) {
            g = Precision.convert(g, options.dtype());
        }
        Graph train = g.get(0).loss().isPresent() ? Autodiff.differentiate(g.get(0), Set.of()) : g.get(0);
        return compile(Passes.optimize(train), Passes.optimize(g.get(1)), options);
    }

    private static void checkSameInterface(Graph train, Graph infer) {
        if (!train.leaves().equals(infer.leaves())
                || !train.outputs().stream().map(Named::name).toList().equals(infer.outputs().stream().map(Named::name).toList())) {
            throw new IllegalArgumentException("the training and inference graphs declare different leaves or outputs: "
                    + train.leaves() + " " + train.outputs() + " vs " + infer.leaves() + " " + infer.outputs());
        }
    }

    private static Signature signature(Options options, SlotTable slots) {
        return new Signature(options.modelName(), options.dtype(), specs(slots.inputs()), specs(slots.targets()),
                specs(slots.outputs()), specs(slots.params()), specs(slots.states()));
    }

    private static List<TensorSpec> specs(List<Slot> list) {
        return list.stream().map(s -> new TensorSpec(s.name(), s.dtype(), s.shape())).toList();
    }

    private static String sourceFile(Graph graph, Options options) {
        for (Node n : graph.nodes()) {
            String name = n.span().file().name();
            if (!name.startsWith("<")) {
                return n.span().file().baseName();
            }
        }
        return options.modelName() + ".nn";
    }
}
