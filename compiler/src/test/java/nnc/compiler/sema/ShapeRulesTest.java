package nnc.compiler.sema;

import static org.assertj.core.api.Assertions.assertThat;

import nnc.compiler.ast.Expr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Operators and builtins: result types, and the error each misuse gets. */
class ShapeRulesTest extends CheckerFixture {

    @ParameterizedTest(name = "{0} : {1}")
    @CsvSource(delimiter = '|', value = {
        "x @ W + 1                    | [batch, 10]",
        "x * 2 - x / 3                | [batch, 10]",
        "-x ^ 2                       | [batch, 10]",
        "reshape(x, [batch, 10, 1]) * reshape(x, [batch, 1, 10]) | [batch, 10, 10]",
        "relu(x) + sigmoid(x) + tanh(x) + gelu(x) + elu(x, alpha = 0.5) | [batch, 10]",
        "leaky_relu(x, 0.2) + softplus(x) + exp(x) + log(x) + sqrt(x) + abs(x) + sign(x) | [batch, 10]",
        "softmax(x) + log_softmax(x, axis = 0) + stop_gradient(x) | [batch, 10]",
        "sum(x)                       | []",
        "mean(x, axis = -1)           | [batch]",
        "max(x, axis = batch)         | [10]",
        "min(x, axis = 1, keepdims = true) | [batch, 1]",
        "transpose(W)                 | [10, 10]",
        "transpose(reshape(x, [batch, 2, 5]), perm = [0, 2, 1]) | [batch, 5, 2]",
        "reshape(x, [batch, 2, -1])   | [batch, 2, 5]",
        "reshape(x, [batch, 2, -1]) @ reshape(x, [batch, 5, 2]) | [batch, 2, 2]",
        "mse(x, x) + mse(x, x, reduction = \"half_sum\") | []",
        "binary_cross_entropy(sigmoid(x), x) + bce_with_logits(x, x) + huber(x, x, delta = 2) | []",
        "cross_entropy(x, y)          | []",
        "cross_entropy(x, softmax(x)) | []",
        "l1(W) + l2(W, x)             | []",
        "grad(sum(x @ W), W)          | [10, 10]",
        "grad(sum(x @ W), x)          | [batch, 10]",
    })
    void resultTypes(String expr, String type) {
        CheckedModel m = ok(model("  h = " + expr + "\n  output h"));
        assertThat(typeOf(m, "h")).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "x + W @ W @ reshape(x, [batch, 5, 2])  | E0202@5:17",
        "x + reshape(x, [batch, 5, 2])          | E0201@5:9",
        "x @ reshape(W, [5, 20])                | E0203@5:9",
        "reshape(x, [batch, 2, 5]) @ reshape(x, [batch, 2, 5]) | E0203@5:33",
        "y * 2                                  | E0204@5:9",
        "-y                                     | E0204@5:7",
        "relu(y)                                | E0204@5:12",
        "softmax(x, axis = 2)                   | E0206@5:25",
        "sum(x, axis = -3)                      | E0206@5:21",
        "reshape(x, [batch, 3, 3])              | E0207@5:18",
        "reshape(x, [10, -1])                   | E0207@5:18",
        "transpose(reshape(x, [batch, 2, 5]))   | E0208@5:7",
        "transpose(W, perm = [0, 0])            | E0208@5:7",
        "cross_entropy(x, x @ reshape(W, [10, 10]) + 1 - 1 + sum(x, axis = 1)) | E0201@5:57",
        "cross_entropy(x, sum(x, axis = 1))     | E0209@5:24",
        "mse(x, sum(x, axis = 1))               | E0210@5:7",
        "sum(x, axis = time)                    | E0214@5:21",
        "grad(x, W)                             | E0215@5:12",
        "grad(sum(x), relu(x))                  | E0215@5:20",
        "x + \"text\"                           | E0216@5:11",
        "relu(x, x)                             | E0301@5:15",
        "mse(x)                                 | E0301@5:7",
        "softmax(x, axsi = 1)                   | E0302@5:18",
        "softmax(x, axis = 1, axis = 0)         | E0303@5:28",
        "leaky_relu(x, slope = \"big\")         | E0304@5:29",
        "mse(x, x, reduction = \"sum\")         | E0305@5:29",
        "softmax(axis = 1, x)                   | E0306@5:25",
        "reshape(x, 10)                         | E0304@5:18",
    })
    void misuse(String expr, String expected) {
        assertThat(errors(model("  h = " + expr + "\n  output h"))).containsExactly(expected);
    }

    @Test
    void matmulMessageNamesBothShapesAndSuggestsATranspose() {
        var d = first(model("  param V: [5, 10] = xavier\n  h = x @ V\n  output h"));
        assertThat(d.message()).isEqualTo("'@' needs matching inner dimensions, got [batch, 10] @ [5, 10]");
        assertThat(d.notes()).contains("did you mean x @ transpose(V)?");
    }

    @Test
    void broadcastMessageSaysWhichDimensionsDiffer() {
        var d = first(model("  param b: [3] = zeros\n  h = x + b\n  output h"));
        assertThat(d.message()).isEqualTo("'+' cannot broadcast x: [batch, 10] and b: [3]");
        assertThat(d.notes()).singleElement().asString().endsWith("10 vs 3 differ");
    }

    @Test
    void broadcastingFollowsNumpy() {
        CheckedModel m = ok(model("""
                  param c: [10, 1] = zeros
                  param r: [1, 10] = zeros
                  a = c + r
                  b = reshape(x, [batch, 1, 10]) + a
                  output b
                """));
        assertThat(typeOf(m, "a")).isEqualTo("[10, 10]");
        assertThat(typeOf(m, "b")).isEqualTo("[batch, 10, 10]");
    }

    @Test
    void builtinCallsRecordTheirEvaluatedArguments() {
        CheckedModel m = ok(model("  h = softmax(x)\n  s = sum(x)\n  r = reshape(x, [batch, 5, -1])\n"
                + "  g = grad(sum(x @ W), W)\n  output h\n  output s\n  output r\n  output g"));
        var soft = (CallTarget.BuiltinCall) m.scope().target((Expr.Call) value(m, "h"));
        assertThat(soft.builtin().name()).isEqualTo("softmax");
        assertThat(soft.attrs().get("axis")).isEqualTo(new Attr.Axes(java.util.List.of(1), false));
        var sum = (CallTarget.BuiltinCall) m.scope().target((Expr.Call) value(m, "s"));
        assertThat(sum.attrs().get("axis")).isEqualTo(new Attr.Axes(java.util.List.of(0, 1), true));
        assertThat(sum.attrs().get("keepdims")).isEqualTo(new Attr.Bool(false));
        var reshape = (CallTarget.BuiltinCall) m.scope().target((Expr.Call) value(m, "r"));
        assertThat(((Attr.Shape) reshape.attrs().get("shape")).dims()).hasToString("[batch, 5, 2]");
        var grad = (CallTarget.BuiltinCall) m.scope().target((Expr.Call) value(m, "g"));
        assertThat(((Attr.Ref) grad.attrs().get("wrt")).symbol()).isInstanceOf(Symbol.ParamRef.class);
        assertThat(grad.operands()).hasSize(1);
    }

    @Test
    void literalsTakeTheDtypeOfTheOtherOperand() {
        CheckedModel m = ok("model M {\n  input x: f64[batch, 3]\n  h = 2 * x + 1\n  loss = sum(h)\n}\n");
        assertThat(typeOf(m, "h")).isEqualTo("f64[batch, 3]");
        Expr.Binary add = (Expr.Binary) value(m, "h");
        assertThat(m.scope().type(add.right())).hasToString("f64[]");
    }

    @Test
    void mixingF32AndF64IsE0205() {
        assertThat(codes("model M {\n  input x: f64[batch, 3]\n  input z: [batch, 3]\n  h = x + z\n"
                + "  loss = sum(h)\n}\n")).containsExactly("E0205@4:9");
    }

    @Test
    void anErrorIsReportedOnceNotAtEveryUse() {
        assertThat(errors(model("  h = x @ nope\n  g = relu(h) + h\n  k = g * 2\n  output k")))
                .containsExactly("E0101@5:11");
    }

    @Test
    void everyBuiltinHasADocAndASignature() {
        assertThat(Builtins.TABLE).hasSizeGreaterThanOrEqualTo(29);
        Builtins.TABLE.values().forEach(b -> {
            assertThat(b.doc()).isNotBlank();
            assertThat(b.signature()).startsWith(b.name() + "(");
        });
        assertThat(Builtins.TABLE.get("mse").signature()).isEqualTo("mse(pred, target, reduction=\"mean\")");
        assertThat(Builtins.TABLE.get("l2").signature()).isEqualTo("l2(params…)");
    }
}
