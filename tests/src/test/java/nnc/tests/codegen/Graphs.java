package nnc.tests.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.interp.Tensor;
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

/** Hand-built model graphs (until the front end lowers .nn files), with leaf values. */
final class Graphs {
    /** The source the MLP's spans point into: line 7 is the first layer, 9 the loss. */
    static final String MLP_SOURCE = """
            model Mlp {
              input  x: [batch, 6]
              target y: int[batch]
              param h1.W: [6, 5]
              param h1.b: [5]
              param out.W: [5, 3]
              h1 = relu(x @ h1.W + h1.b)
              logits = h1 @ out.W
              loss = cross_entropy(logits, y)
              output probs = softmax(logits)
            }
            """;

    private Graphs() {
    }

    /** A model graph with values for its leaves. */
    record Case(Graph graph, Map<String, Tensor> values, int batch) {
    }

    /** A two-layer MLP with ReLU, softmax output and integer-label cross-entropy, differentiated and simplified. */
    static Case mlp(DType dtype, int in, int hidden, int classes, int batch, long seed) {
        SourceFile file = new SourceFile("mlp.nn", MLP_SOURCE);
        GraphBuilder b = new GraphBuilder();
        Emit decl = b.at(span(file, 2));
        Node x = decl.input("x", new Type(dtype, List.of(Dim.of("batch"), Dim.of(in))));
        Node y = decl.target("y", new Type(DType.I32, List.of(Dim.of("batch"))));
        Node w1 = decl.param("h1.W", Type.of(dtype, in, hidden));
        Node b1 = decl.param("h1.b", Type.of(dtype, hidden));
        Node w2 = decl.param("out.W", Type.of(dtype, hidden, classes));
        Emit l7 = b.at(span(file, 7));
        Node h1 = new Composites(l7).relu(l7.add(l7.matmul(x, w1), b1));
        Emit l8 = b.at(span(file, 8));
        Node logits = l8.matmul(h1, w2);
        Emit l9 = b.at(span(file, 9));
        Node loss = new Composites(l9).crossEntropy(logits, y);
        Emit l10 = b.at(span(file, 10));
        Node probs = new Composites(l10).softmax(logits, 1);
        Graph g = Graph.of(b, List.of(x, y, w1, b1, w2)).withOutput("probs", probs).withLoss(loss);
        g = Passes.optimize(Autodiff.differentiate(g, Set.of()));
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Tensor> v = new HashMap<>();
        v.put("x", random(r, dtype, batch, in));
        v.put("h1.W", random(r, dtype, in, hidden));
        v.put("h1.b", random(r, dtype, hidden));
        v.put("out.W", random(r, dtype, hidden, classes));
        double[] labels = new double[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(classes);
        }
        v.put("y", Tensor.of(DType.I32, new int[] {batch}, labels));
        return new Case(g, v, batch);
    }

    /**
     * A ReLU MLP with layer sizes {@code sizes} (input first, classes last), biases, softmax
     * output and integer-label cross-entropy: W1 is {@code 784, 256, 128, 10}.
     */
    static Case deepMlp(DType dtype, int[] sizes, int batch, long seed) {
        GraphBuilder b = new GraphBuilder();
        Emit e = b.at(Span.synthetic("deep-mlp"));
        Composites c = new Composites(e);
        Node x = e.input("x", new Type(dtype, List.of(Dim.of("batch"), Dim.of(sizes[0]))));
        Node y = e.target("y", new Type(DType.I32, List.of(Dim.of("batch"))));
        List<Node> leaves = list(x, y);
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Tensor> v = new HashMap<>();
        v.put("x", random(r, dtype, batch, sizes[0]));
        Node h = x;
        for (int l = 1; l < sizes.length; l++) {
            Node w = e.param("W" + l, Type.of(dtype, sizes[l - 1], sizes[l]));
            Node bias = e.param("b" + l, Type.of(dtype, sizes[l]));
            leaves.add(w);
            leaves.add(bias);
            v.put("W" + l, scaled(random(r, dtype, sizes[l - 1], sizes[l]), 1 / Math.sqrt(sizes[l - 1])));
            v.put("b" + l, random(r, dtype, sizes[l]));
            Node z = e.add(e.matmul(h, w), bias);
            h = l == sizes.length - 1 ? z : c.relu(z);
        }
        Graph g = Graph.of(b, leaves).withOutput("probs", c.softmax(h, 1)).withLoss(c.crossEntropy(h, y));
        g = Passes.optimize(Autodiff.differentiate(g, Set.of()));
        double[] labels = new double[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(sizes[sizes.length - 1]);
        }
        v.put("y", Tensor.of(DType.I32, new int[] {batch}, labels));
        return new Case(g, v, batch);
    }

    private static Tensor scaled(Tensor t, double f) {
        double[] d = t.toArray();
        for (int i = 0; i < d.length; i++) {
            d[i] *= f;
        }
        return Tensor.of(t.dtype(), t.shape(), d);
    }

    /** The span of a whole line of {@code file}. */
    static Span span(SourceFile file, int line) {
        int start = 0;
        for (int l = 1; l < line; l++) {
            start = file.text().indexOf('\n', start) + 1;
        }
        int end = file.text().indexOf('\n', start);
        return new Span(file, start, end < 0 ? file.text().length() : end);
    }

    /** Uniform values in [-1, 1), exactly representable in the dtype. */
    static Tensor random(SplittableRandom r, DType dtype, int... shape) {
        int count = 1;
        for (int d : shape) {
            count *= d;
        }
        double[] data = new double[count];
        for (int i = 0; i < count; i++) {
            double v = r.nextDouble(-1, 1);
            data[i] = dtype == DType.F32 ? (float) v : v;
        }
        return Tensor.of(dtype, shape, data);
    }

    static List<Node> list(Node... nodes) {
        return new ArrayList<>(List.of(nodes));
    }
}
