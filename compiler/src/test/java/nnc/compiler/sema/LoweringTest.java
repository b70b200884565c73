package nnc.compiler.sema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.compiler.pass.Verifier;
import nnc.compiler.source.SourceFile;
import nnc.runtime.DType;
import org.junit.jupiter.api.Test;

class LoweringTest {
    private static Graph lower(String text) {
        FrontEnd.Result result = FrontEnd.check(new SourceFile("m.nn", text));
        assertThat(result.diagnostics()).noneMatch(d -> d.isError());
        return Verifier.verify(Lowering.lower(result.program().orElseThrow().models().get(0), new GraphBuilder()));
    }

    @Test
    void leavesInDeclarationOrderWithBlockParametersByPath() {
        Graph g = lower("""
                block linear(x: [n, i], units) {
                  param W: [i, units] = xavier
                  return x @ W
                }
                block smooth(x: [n, d]) {
                  lin = linear(x, d)
                  return x + tanh(lin)
                }
                model M {
                  input  x: [batch, 4]
                  target y: [batch, 4]
                  param  s: [] = ones
                  l0 = linear(x, 4)
                  r1 = smooth(l0)
                  loss = mse(r1 * s, y)
                  output r1
                }
                """);
        assertThat(g.inputs()).extracting(Node::name).containsExactly("x");
        assertThat(g.targets()).extracting(Node::name).containsExactly("y");
        assertThat(g.params()).extracting(Node::name).containsExactly("s", "l0.W", "r1.lin.W");
        assertThat(g.outputs()).extracting(o -> o.node().op()).containsExactly(Op.ADD);
        assertThat(g.nodes().stream().filter(n -> n.op() == Op.MATMUL)).hasSize(2);
    }

    @Test
    void nodesPointAtTheirExpressionsAndOperators() {
        Graph g = lower("""
                model M {
                  input x: [batch, 2]
                  param W: [2, 1] = zeros
                  h = sigmoid(x @ W)
                  loss = sum(h)
                }
                """);
        Node sigmoid = g.nodes().stream().filter(n -> n.op() == Op.SIGMOID).findFirst().orElseThrow();
        assertThat(sigmoid.span().toString()).isEqualTo("m.nn:4:7");
        assertThat(sigmoid.input(0).span().toString()).isEqualTo("m.nn:4:17");
        assertThat(g.params().get(0).span().toString()).isEqualTo("m.nn:3:3");
    }

    @Test
    void literalsTakeTheDtypeOfTheOtherOperandAndReductionsKeepDims() {
        Graph g = lower("""
                model M {
                  input x: f64[batch, 3]
                  output c = x - mean(x, axis = 1, keepdims = true) + 2
                  loss = sum(c)
                }
                """);
        Node out = g.output("c").orElseThrow();
        assertThat(out.type().dtype()).isEqualTo(DType.F64);
        var run = Interpreter.run(g, Map.of("x", Tensor.of(DType.F64, new int[] {1, 3}, new double[] {1, 2, 6})), 1);
        assertThat(run.output("c").toArray()).containsExactly(0, 1, 5);
    }

    @Test
    void gradBecomesGradientIr() {
        Graph g = lower("""
                model M {
                  input x: []
                  param w: [] = constant(3)
                  output d = grad(w * x * x, x)
                  loss = d
                }
                """);
        var run = Interpreter.run(g, Map.of("x", Tensor.scalar(DType.F32, 2), "w", Tensor.scalar(DType.F32, 3)), 1);
        assertThat(run.output("d").item()).isEqualTo(12.0);
        assertThat(g.nodes()).extracting(Node::op).doesNotContain(Op.POW);
        assertThat(List.of(g.loss().orElseThrow())).containsExactly(g.output("d").orElseThrow());
    }
}
