package nnc.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.codegen.CompiledClass;
import nnc.compiler.codegen.ModelCompiler;
import nnc.compiler.codegen.ModelLoader;
import nnc.compiler.codegen.SimdMode;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.pass.Passes;
import nnc.compiler.sema.CheckedModel;
import nnc.compiler.sema.FrontEnd;
import nnc.compiler.sema.Lowering;
import nnc.compiler.source.DiagnosticRenderer;
import nnc.runtime.DType;
import nnc.runtime.Model;

/** Workloads compiled by nnc's back end and loaded in-process, with the benchmark's parameters and data. */
public final class NncModels {
    private NncModels() {
    }

    /** The generated f32 class of {@code w}'s {@code .nn} file: checked, lowered, differentiated, optimized, emitted. */
    public static CompiledClass compile(Workload w) {
        return compile(w, SimdMode.SCALAR);
    }

    /** As {@link #compile(Workload)}, with the matmul kernels of {@code simd} ({@code --simd}). */
    public static CompiledClass compile(Workload w, SimdMode simd) {
        FrontEnd.Result checked = FrontEnd.check(w.fileName(), w.source().getBytes(StandardCharsets.UTF_8));
        if (checked.hasErrors()) {
            DiagnosticRenderer renderer = new DiagnosticRenderer();
            throw new IllegalStateException("the bench module's " + w.fileName() + " does not check:\n"
                    + String.join("", checked.diagnostics().stream().map(renderer::render).toList()));
        }
        CheckedModel model = checked.program().orElseThrow().models().get(0);
        Graph forward = Lowering.lower(model, new GraphBuilder());
        Graph training = Passes.optimize(Autodiff.differentiate(forward, Autodiff.defaultInputs(forward)));
        return ModelCompiler.compile(training,
                new ModelCompiler.Options("nnc.bench.gen." + model.name(), model.name(), DType.F32).withSimd(simd));
    }

    /** A new instance of the compiled model for {@code maxBatch} rows, with seeded parameters and {@code maxBatch} rows of data. */
    public static Model create(Workload w, int maxBatch, long seed) {
        return create(w, maxBatch, seed, SimdMode.SCALAR);
    }

    /** As {@link #create(Workload, int, long)}, compiled with the matmul kernels of {@code simd}. */
    public static Model create(Workload w, int maxBatch, long seed, SimdMode simd) {
        Model m = ModelLoader.instantiate(compile(w, simd), maxBatch);
        BenchData.initParams(w, params(m), seed);
        float[] targets = w.loss() == Workload.Loss.SIGMOID_MSE ? (float[]) m.target(0) : new float[0];
        int[] labels = w.loss() == Workload.Loss.SOFTMAX_CE ? (int[]) m.target(0) : new int[0];
        BenchData.fillBatch(w, (float[]) m.input(0), labels, targets, maxBatch, seed + 1);
        return m;
    }

    /** A baseline network with the same seeded parameters and data as {@link #create}. */
    public static HandMlp createBaseline(Workload w, int maxBatch, long seed) {
        HandMlp h = new HandMlp(w, maxBatch);
        List<float[]> params = new ArrayList<>();
        for (int l = 0; l < w.layers(); l++) {
            params.add(new float[w.widths().get(l) * w.widths().get(l + 1)]);
            params.add(new float[w.widths().get(l + 1)]);
        }
        BenchData.initParams(w, params, seed);
        h.setParams(params);
        int out = w.widths().get(w.layers());
        float[] x = new float[maxBatch * w.widths().get(0)];
        int[] labels = new int[maxBatch];
        float[] targets = new float[w.loss() == Workload.Loss.SIGMOID_MSE ? maxBatch * out : 0];
        BenchData.fillBatch(w, x, labels, targets, maxBatch, seed + 1);
        h.setBatch(x, labels, targets);
        return h;
    }

    /** The model's parameter arrays in signature order. */
    public static List<float[]> params(Model m) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < m.signature().params().size(); i++) {
            out.add((float[]) m.param(i));
        }
        return List.copyOf(out);
    }
}
