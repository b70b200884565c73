package nnc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.ir.Composites;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Type;
import nnc.compiler.pass.Passes;
import nnc.compiler.source.SourceFile;
import nnc.compiler.source.Span;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * The training graph of a workload's {@code .nn} file, built with the IR's builder the way
 * lowering builds it (same leaves in the same order, same composites, spans on the file's
 * lines), then differentiated and optimized. Used until {@code nnc.compiler.sema.Lowering}
 * lands on main; {@code WorkloadGraphsTest} checks that each file passes the checker.
 */
final class WorkloadGraphs {
    private WorkloadGraphs() {
    }

    /** Forward, loss and gradients of {@code w} in {@code dtype}, ready for the back end. */
    static Graph training(Workload w, DType dtype) {
        SourceFile file = new SourceFile(w.fileName(), w.source());
        GraphBuilder b = new GraphBuilder();
        Emit decl = b.at(line(file, "input"));
        Node x = decl.input("x", new Type(dtype, List.of(Dim.of("batch"), Dim.of(w.widths().get(0)))));
        int outWidth = w.widths().get(w.layers());
        Node y = w.loss() == Workload.Loss.SOFTMAX_CE
                ? b.at(line(file, "target")).target("y", new Type(DType.I32, List.of(Dim.of("batch"))))
                : b.at(line(file, "target")).target("y", new Type(dtype, List.of(Dim.of("batch"), Dim.of(outWidth))));
        List<Node> leaves = new ArrayList<>(List.of(x, y));
        List<Node> weights = new ArrayList<>();
        List<Node> biases = new ArrayList<>();
        Emit params = b.at(line(file, "param"));
        for (int l = 0; l < w.layers(); l++) {
            weights.add(params.param(w.weight(l), Type.of(dtype, w.widths().get(l), w.widths().get(l + 1))));
            biases.add(params.param(w.bias(l), Type.of(dtype, w.widths().get(l + 1))));
            leaves.add(weights.get(l));
            leaves.add(biases.get(l));
        }
        Node h = x;
        for (int l = 0; l < w.layers(); l++) {
            Emit at = b.at(layerLine(file, w, l));
            Node z = at.add(at.matmul(h, weights.get(l)), biases.get(l));
            boolean last = l == w.layers() - 1;
            h = last && w.loss() == Workload.Loss.SOFTMAX_CE ? z
                    : w.hidden() == Workload.Activation.RELU && !last ? new Composites(at).relu(z) : at.sigmoid(z);
        }
        Graph g = Graph.of(b, leaves);
        Emit lossAt = b.at(line(file, "loss"));
        if (w.loss() == Workload.Loss.SOFTMAX_CE) {
            Emit out = b.at(line(file, "output"));
            g = g.withOutput("probs", new Composites(out).softmax(h, 1))
                    .withLoss(new Composites(lossAt).crossEntropy(h, y));
        } else {
            g = g.withOutput("out", h).withLoss(new Composites(lossAt).mse(h, y, Composites.Reduction.MEAN));
        }
        return Passes.optimize(Autodiff.differentiate(g, Set.of()));
    }

    /** The line of layer {@code l}: the binding that computes it. */
    private static Span layerLine(SourceFile file, Workload w, int l) {
        if (w.loss() == Workload.Loss.SIGMOID_MSE) {
            return line(file, l == 0 ? "h " : "out ");
        }
        return line(file, l == w.layers() - 1 ? "logits =" : "h" + (l + 1) + " ");
    }

    /** The span of the first line of the file that starts with {@code prefix} (after indentation). */
    private static Span line(SourceFile file, String prefix) {
        String text = file.text();
        int start = 0;
        while (start >= 0 && start < text.length()) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            if (text.substring(start, end).strip().startsWith(prefix)) {
                return new Span(file, start, end);
            }
            start = end + 1;
        }
        throw new IllegalStateException(file.name() + " has no line starting with '" + prefix + "'");
    }
}
