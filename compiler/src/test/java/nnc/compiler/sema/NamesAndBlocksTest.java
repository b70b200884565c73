package nnc.compiler.sema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nnc.compiler.ast.Expr;
import org.junit.jupiter.api.Test;

/** Name resolution, declarations, blocks and their parameter paths, warnings. */
class NamesAndBlocksTest extends CheckerFixture {
    private static final String DENSE = """
            block dense(x: [n, i], units) {
              param W: [i, units] = kaiming
              param b: [units] = zeros
              return x @ W + b
            }
            """;

    @Test
    void blockCallsCreateParametersNamedAfterTheBinding() {
        CheckedModel m = ok(DENSE + """
                model Mlp {
                  input x: [batch, 784]
                  target y: i32[batch]
                  h1 = relu(dense(x, 256))
                  logits = dense(h1, 10)
                  loss = cross_entropy(logits, y) + 1e-4 * l2(h1.W, logits.W)
                }
                """);
        assertThat(m.params()).extracting(ModelParam::path).containsExactly("h1.W", "h1.b", "logits.W", "logits.b");
        assertThat(m.param("h1.W").orElseThrow().type()).hasToString("[784, 256]");
        assertThat(typeOf(m, "logits")).isEqualTo("[batch, 10]");
        BlockInstance h1 = m.instances().get("h1");
        assertThat(h1.prefix()).isEqualTo("h1");
        assertThat(h1.dims()).containsEntry("i", nnc.runtime.Dim.of(784)).containsEntry("n", nnc.runtime.Dim.of("batch"));
        assertThat(h1.arguments()).containsOnlyKeys("x");
        assertThat(h1.scope().type(h1.result())).hasToString("[batch, 256]");
        Expr.Call relu = (Expr.Call) value(m, "h1");
        Expr.Call dense = (Expr.Call) relu.args().get(0).value();
        assertThat(m.scope().target(dense)).isEqualTo(new CallTarget.BlockCall(h1));
        assertThat(m.symbolicDim()).contains("batch");
        assertThat(m.loss().name()).isEqualTo("loss");
    }

    @Test
    void nestedBlockCallsNestNamesAndPatternVariablesAreSizes() {
        CheckedModel m = ok(DENSE + """
                block res(x: [n, d]) {
                  a = relu(dense(x, d))
                  return x + a * (1 / d)
                }
                model R {
                  input x: [batch, 8]
                  r1 = res(x)
                  r2 = res(r1)
                  loss = mean(r2) + l2(r1.a.W)
                }
                """);
        assertThat(m.params()).extracting(ModelParam::path).containsExactly("r1.a.W", "r1.a.b", "r2.a.W", "r2.a.b");
        assertThat(m.instances().get("r1").nested()).containsOnlyKeys("a");
    }

    @Test
    void initializersBecomeDistributions() {
        CheckedModel m = ok(model("""
                  param A: [784, 256] = kaiming
                  param B: [784, 256] = xavier_normal(gain = 2)
                  param C: [3] = normal(1, 0.5)
                  param D: [3] = uniform(0.1)
                  param E: [3] = uniform(-1, 2)
                  param F: [3] = constant(0.25)
                  param G: [3] = 7
                  loss = sum(x @ W) + l2(A, B, C, D, E, F, G)
                """));
        double kaimingBound = Math.sqrt(3) * Math.sqrt(2) / Math.sqrt(784);
        Init a = m.param("A").orElseThrow().init();
        assertThat(a).isInstanceOf(Init.Uniform.class);
        assertThat(((Init.Uniform) a).hi()).isCloseTo(kaimingBound, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(a.description()).startsWith("kaiming_uniform(gain=1.414");
        Init.Normal b = (Init.Normal) m.param("B").orElseThrow().init();
        assertThat(b.std()).isCloseTo(2 * Math.sqrt(2.0 / (784 + 256)), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(m.param("C").orElseThrow().init()).isEqualTo(new Init.Normal(1, 0.5, "normal(mean=1.0, std=0.5)"));
        assertThat(((Init.Uniform) m.param("D").orElseThrow().init()).lo()).isEqualTo(-0.1);
        assertThat(((Init.Uniform) m.param("E").orElseThrow().init()).hi()).isEqualTo(2);
        assertThat(((Init.Constant) m.param("F").orElseThrow().init()).value()).isEqualTo(0.25);
        assertThat(((Init.Constant) m.param("G").orElseThrow().init()).value()).isEqualTo(7);
    }

    @Test
    void namesAndDeclarations() {
        assertThat(errors(model("  h = x @ Ww\n  output h"))).containsExactly("E0101@5:11");
        assertThat(first(model("  h = x @ Ww\n  output h")).notes()).containsExactly("did you mean 'W'?");
        assertThat(errors(model("  h = g\n  g = x\n  output h"))).containsExactly("E0110@5:7");
        assertThat(errors(model("  h = x\n  h = x\n  output h"))).containsExactly("E0102@6:3");
        assertThat(errors(model("  h = rleu(x)\n  output h"))).containsExactly("E0103@5:7");
        assertThat(first(model("  h = rleu(x)\n  output h")).notes()).containsExactly("did you mean 'relu'?");
        assertThat(first(model("  h = xavier(x)\n  output h")).notes().get(0)).contains("initializer");
        assertThat(errors(model("  h = relu\n  output h"))).containsExactly("E0101@5:7");
        assertThat(errors("model M {\n  input x: int[batch, 2]\n  loss = sum(x)\n}")).containsExactly("E0104@2:12");
        assertThat(first("model M {\n  input x: int[batch, 2]\n  loss = sum(x)\n}").notes().get(0))
                .isEqualTo("did you mean 'i32'?");
        assertThat(errors(model("  return x"))).containsExactly("E0111@5:3");
        assertThat(errors(model("  output nothing"))).containsExactly("E0101@5:10");
    }

    @Test
    void topLevelDeclarations() {
        String m = "model M {\n  input x: [batch, 2]\n  loss = sum(x)\n}\n";
        assertThat(errors(m + m)).containsExactly("E0105@5:7");
        assertThat(errors(m + "block relu(x: [n]) { return x }\n")).containsExactly("E0105@5:7");
        assertThat(errors(m + "train N { batch = 2 }\n")).containsExactly("E0106@5:7");
        assertThat(errors(m + "train M { batch = 2 }\ntrain M { batch = 3 }\n")).containsExactly("E0107@6:7");
        assertThat(errors("# nothing\n")).containsExactly("E0006@1:1");
        assertThat(errors("block b(x: [n]) { return x }\n")).containsExactly("E0006@1:1");
    }

    @Test
    void paths() {
        String src = DENSE + "model M {\n  input x: [batch, 4]\n  h = dense(x, 3)\n  g = x\n  loss = sum(h) + l2(%s)\n}\n";
        assertThat(errors(src.formatted("h.V"))).containsExactly("E0108@10:24");
        assertThat(first(src.formatted("h.V")).notes()).contains("its parameters are W, b");
        assertThat(errors(src.formatted("g.W"))).containsExactly("E0108@10:22");
        assertThat(errors(src.formatted("h.q.W"))).containsExactly("E0108@10:24");
        assertThat(errors(src.formatted("zz.W"))).containsExactly("E0101@10:22");
    }

    @Test
    void blockMisuse() {
        String model = "model M {\n  input x: [batch, 4]\n  %s\n  loss = sum(h)\n}\n";
        assertThat(errors(DENSE + model.formatted("h = dense(x, 3) + dense(x, 3)"))).containsExactly("E0504@8:21");
        assertThat(errors(DENSE + model.formatted("h = dense(dense(x, 3), 3)"))).containsExactly("E0504@8:13");
        assertThat(errors(DENSE + model.formatted("h = dense(reshape(x, [batch, 2, 2]), 3)")))
                .containsExactly("E0506@8:13");
        assertThat(errors(DENSE + model.formatted("h = dense(x, 0)"))).containsExactly("E0507@8:16");
        assertThat(errors(DENSE + model.formatted("h = dense(x, 2.5)"))).containsExactly("E0507@8:16");
        assertThat(errors(DENSE + model.formatted("h = dense(x)"))).containsExactly("E0301@8:7");
        assertThat(errors(DENSE + model.formatted("h = dense(x, unit = 3)"))).containsExactly("E0302@8:16");
        assertThat(errors("block f(x: [n]) { h = x }\n" + model.formatted("h = f(x)")))
                .containsExactly("E0506@4:9");
        assertThat(errors("block f(x: [n, m]) { h = x }\n" + model.formatted("h = f(x)"))).containsExactly("E0503@1:7");
        assertThat(errors("block f(x: [n, m]) { return x\n return x }\n" + model.formatted("h = f(x)")))
                .containsExactly("E0503@2:9");
        assertThat(errors(DENSE + "block g(x: [n, m]) { return dense(x, 2) }\n" + model.formatted("h = g(x)")))
                .containsExactly("E0505@6:29");
        assertThat(errors("block f(x: [n, m]) { input z: [2]\n return x }\n" + model.formatted("h = f(x)")))
                .containsExactly("E0111@1:22");
        assertThat(errors("block f(x: [n, m]) { param P: [n, m] = zeros\n return x * P }\n"
                + model.formatted("h = f(x)"))).containsExactly("E0403@1:32");
    }

    @Test
    void recursionIsReportedOnceAtTheCallThatClosesTheCycle() {
        String src = """
                block a(x: [n]) { h = b(x)
                  return h }
                block b(x: [n]) { h = a(x)
                  return h }
                block c(x: [n]) { h = c(x)
                  return h }
                model M {
                  input x: [batch]
                  h = a(x)
                  loss = sum(h)
                }
                """;
        assertThat(errors(src)).containsExactly("E0109@3:23", "E0109@5:23");
        assertThat(first(src).message()).isEqualTo("blocks call each other in a cycle: a -> b -> a");
    }

    @Test
    void symbolicDimensions() {
        assertThat(errors("model M {\n  input x: [2, batch]\n  loss = sum(x)\n}")).containsExactly("E0212@2:16");
        assertThat(errors("model M {\n  input x: [batch, 2]\n  input z: [n, 2]\n  loss = sum(x) + sum(z)\n}"))
                .containsExactly("E0212@3:13");
        assertThat(errors(model("  param P: [batch, 2] = zeros\n  loss = sum(P)"))).containsExactly("E0403@5:13");
        assertThat(errors(model("  param P: [0, 2] = zeros\n  loss = sum(P)"))).containsExactly("E0213@5:13");
        assertThat(errors(model("  param P: [65536, 65536] = zeros\n  loss = sum(P)"))).containsExactly("E0213@5:12");
    }

    @Test
    void parametersAndLoss() {
        assertThat(errors(model("  param P: [2] = kaiming\n  loss = sum(P)"))).containsExactly("E0404@5:18");
        assertThat(errors(model("  param P: [2] = xaveir\n  loss = sum(P)"))).containsExactly("E0401@5:18");
        assertThat(errors(model("  param P: [2]\n  loss = sum(P)"))).containsExactly("E0402@5:9");
        assertThat(errors(model("  param P: [2] = normal(-1)\n  loss = sum(P)"))).containsExactly("E0305@5:25");
        assertThat(errors(model("  param P: [2] = uniform(2, 1)\n  loss = sum(P)"))).containsExactly("E0305@5:18");
        assertThat(errors(model("  param P: [2, 2] = kaiming(mode = fan_up)\n  loss = sum(P)"))).containsExactly("E0305@5:36");
        assertThat(errors(model("  loss = x"))).containsExactly("E0211@5:10");
        assertThat(errors(model("  loss = sum(x)\n  loss = sum(x)"))).containsExactly("E0502@6:3");
        assertThat(errors("model M {\n  input x: [batch, 2]\n}")).containsExactly("E0501@1:7");
    }

    @Test
    void warnings() {
        List<String> codes = codes(DENSE + """
                block unused(x: [n]) { return x }
                model M {
                  input x: [batch, 4]
                  input z: [batch, 4]
                  param P: [4] = zeros
                  h = dense(x, 3)
                  g = x * 2
                  loss = sum(h)
                }
                """);
        assertThat(codes).containsExactly("W0004@6:7", "W0003@9:9", "W0001@10:9", "W0002@12:3");
        assertThat(run(DENSE + "model M {\n  input x: [batch, 4]\n  h = dense(x, 3)\n  loss = sum(x)\n}\n")
                .diagnostics()).extracting(d -> d.code() + " " + d.message())
                .containsExactly("W0002 'h' is computed but never used");
    }
}
