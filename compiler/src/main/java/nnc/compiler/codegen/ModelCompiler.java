package nnc.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Node;
import nnc.compiler.kernel.Entry;
import nnc.compiler.kernel.MemoryPlan;
import nnc.compiler.kernel.Program;
import nnc.compiler.kernel.Scheduler;
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
     */
    public record Options(String className, String modelName, DType dtype) {
        public Options {
            if (!dtype.isFloat()) {
                throw new IllegalArgumentException("a model's float type is f32 or f64, not " + dtype.sourceName());
            }
        }
    }

    /**
     * Compiles {@code graph}.
     *
     * @throws nnc.compiler.ir.IrException if the graph uses something the back end does not support
     */
    public static CompiledClass compile(Graph graph, Options options) {
        SlotTable slots = new SlotTable(graph);
        List<Program> programs = new ArrayList<>();
        programs.add(Scheduler.schedule(graph, Entry.INFER, slots, options.dtype()));
        if (graph.loss().isPresent()) {
            programs.add(Scheduler.schedule(graph, Entry.EVALUATE, slots, options.dtype()));
            programs.add(Scheduler.schedule(graph, Entry.TRAIN, slots, options.dtype()));
        }
        MemoryPlan plan = MemoryPlan.plan(slots, programs);
        Type owner = Type.getObjectType(options.className().replace('.', '/'));
        ClassLayout layout = new ClassLayout(owner, plan, options.dtype());
        Signature signature = signature(options, slots);
        byte[] bytes = new ClassEmitter(layout, slots, signature, programs).emit(sourceFile(graph, options));
        return new CompiledClass(options.className(), bytes, signature, new Report(programs, plan));
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
