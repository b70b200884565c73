package nnc.compiler.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import nnc.compiler.ast.Decl;
import nnc.compiler.ast.Expr;
import nnc.compiler.ast.Program;
import nnc.compiler.ast.Stmt;
import nnc.compiler.ast.TensorType;
import nnc.compiler.source.Diagnostic;
import nnc.compiler.source.Diagnostics;
import nnc.compiler.source.ErrorCode;
import nnc.compiler.source.SourceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParsingTest {
    private final Diagnostics sink = new Diagnostics();

    private Optional<Program> parse(String text) {
        return Parsing.parse(new SourceFile("t.nn", text), sink);
    }

    /** The value of the single binding in {@code model M { h = <expr> }}, as an s-expression. */
    private String expr(String source) {
        Program p = parse("model M { h = " + source + " }").orElseThrow();
        Stmt.Bind b = (Stmt.Bind) ((Decl.Model) p.decls().get(0)).body().get(0);
        return show(b.value());
    }

    static String show(Expr e) {
        if (e instanceof Expr.Number n) {
            return n.text();
        } else if (e instanceof Expr.Str s) {
            return '"' + s.value() + '"';
        } else if (e instanceof Expr.Bool b) {
            return Boolean.toString(b.value());
        } else if (e instanceof Expr.Path p) {
            return p.dotted();
        } else if (e instanceof Expr.Neg n) {
            return "(neg " + show(n.operand()) + ")";
        } else if (e instanceof Expr.Binary b) {
            return "(" + b.op().symbol() + " " + show(b.left()) + " " + show(b.right()) + ")";
        } else if (e instanceof Expr.ListLit l) {
            return l.items().stream().map(ParsingTest::show).collect(Collectors.joining(" ", "[", "]"));
        }
        Expr.Call c = (Expr.Call) e;
        return c.args().stream().map(a -> a.name().map(n -> n.text() + "=").orElse("") + show(a.value()))
                .collect(Collectors.joining(" ", "(" + c.callee().text() + (c.args().isEmpty() ? "" : " "), ")"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a + b * c          | (+ a (* b c))",
        "a - b - c          | (- (- a b) c)",
        "x @ W + b          | (+ (@ x W) b)",
        "a * b @ c          | (@ (* a b) c)",
        "-x ^ 2             | (neg (^ x 2))",
        "2 ^ -1             | (^ 2 (neg 1))",
        "a ^ b ^ c          | (^ a (^ b c))",
        "(a + b) * c        | (* (+ a b) c)",
        "- - x              | (neg (neg x))",
        "h1.W               | h1.W",
        "r1.a.W + 1e-4      | (+ r1.a.W 1e-4)",
        "relu(x @ W)        | (relu (@ x W))",
        "f(x, axis = -1)    | (f x axis=(neg 1))",
        "mse(a, b, reduction = \"half_sum\") | (mse a b reduction=\"half_sum\")",
        "reshape(x, [batch, 28, 28]) | (reshape x [batch 28 28])",
        "f()                | (f)",
        "f(true, false,)    | (f true false)",
        ".5 + 1. + 2e3      | (+ (+ .5 1.) 2e3)",
    })
    void precedenceAndForms(String source, String expected) {
        assertThat(expr(source)).isEqualTo(expected);
        assertThat(sink.sorted()).isEmpty();
    }

    @Test
    void statementsOfAModel() {
        Program p = parse("""
                # comment
                model M {  // another comment
                  input x: [batch, 784]
                  target y: i32[batch];
                  param W: [784, 10] = normal(0.01)
                  param b: [10]
                  h = x @ W + b
                  output p = softmax(h)
                  output h
                  loss = cross_entropy(h, y)
                }
                """).orElseThrow();
        List<Stmt> body = ((Decl.Model) p.decls().get(0)).body();
        assertThat(body).hasSize(8);
        Stmt.Input y = (Stmt.Input) body.get(1);
        assertThat(y.kind()).isEqualTo(Stmt.InputKind.TARGET);
        assertThat(y.type().dtype()).map(i -> i.text()).contains("i32");
        assertThat(y.type().dims()).singleElement().isInstanceOf(TensorType.DimExpr.Named.class);
        assertThat(((Stmt.Param) body.get(3)).init()).isEmpty();
        assertThat(((Stmt.Output) body.get(5)).value()).isPresent();
        assertThat(((Stmt.Output) body.get(6)).value()).isEmpty();
        assertThat(y.span().line()).isEqualTo(4);
        assertThat(y.name().span().column()).isEqualTo(10);
    }

    @Test
    void blocksAndTrainSections() {
        Program p = parse("""
                block dense(x: [n, i], units) { param W: [i, units] = kaiming  return x @ W }
                train M { optimizer = adam(lr = 1e-3)  schedule = warmup(100) then cosine(1000) }
                """).orElseThrow();
        Decl.Block block = (Decl.Block) p.decls().get(0);
        assertThat(block.params()).extracting(bp -> bp.name().text()).containsExactly("x", "units");
        assertThat(block.params().get(1).type()).isEmpty();
        Decl.Train train = (Decl.Train) p.decls().get(1);
        assertThat(train.entries()).hasSize(2);
        assertThat(train.entries().get(1).values()).extracting(ParsingTest::show)
                .containsExactly("(warmup 100)", "(cosine 1000)");
    }

    @Test
    void everySyntaxErrorIsReportedAndNoAstIsBuilt() {
        assertThat(parse("model M {\n  h = x +\n}\nmodel N {\n  input x: [batch,]\n}\n")).isEmpty();
        assertThat(sink.sorted()).extracting(d -> d.code() + "@" + d.span().line() + ":" + d.span().column())
                .containsExactly("E0002@3:1", "E0002@5:19");
    }

    @Test
    void strayCharacterIsE0003() {
        assertThat(parse("model M { h = x $ y }")).isEmpty();
        Diagnostic d = sink.sorted().get(0);
        assertThat(d.code()).isEqualTo(ErrorCode.E0003);
        assertThat(d.span().column()).isEqualTo(17);
    }

    @Test
    void unterminatedString() {
        parse("model M { h = f(x, r = \"mean) }");
        assertThat(sink.sorted().get(0).message()).isEqualTo("unterminated string");
    }

    @Test
    void expectedTokensAreNamedForPeople() {
        parse("model { }");
        Diagnostic d = sink.sorted().get(0);
        assertThat(d.message()).isEqualTo("missing a name before '{'");
        parse("model M { input x: [batch, 2] ] }");
        Diagnostic second = sink.sorted().get(1);
        assertThat(second.message()).isEqualTo("unexpected ']'");
        assertThat(second.notes()).singleElement().asString().startsWith("expected one of a name, '}', 'input'");
    }

    @Test
    void deepParenthesesAreE0004NotAStackOverflow() {
        String deep = "(".repeat(50_000) + "x" + ")".repeat(50_000);
        assertThat(parse("model M { h = " + deep + " }")).isEmpty();
        assertThat(sink.sorted()).singleElement().satisfies(d -> assertThat(d.code()).isEqualTo(ErrorCode.E0004));
    }

    @Test
    void longOperatorChainsAreE0004AtTheOperatorPastTheLimit() {
        String chain = "x" + " + x".repeat(100_000);
        assertThat(parse("model M { h = " + chain + " }")).isEmpty();
        Diagnostic d = sink.sorted().get(0);
        assertThat(d.code()).isEqualTo(ErrorCode.E0004);
        int expectedColumn = "model M { h = x".length() + 4 * (AstBuilder.MAX_EXPR_DEPTH - 1) + 2;
        assertThat(d.span().column()).isEqualTo(expectedColumn);
    }

    @Test
    void chainsUpToTheLimitAreFine() {
        String chain = "x" + " + x".repeat(AstBuilder.MAX_EXPR_DEPTH - 1);
        assertThat(parse("model M { h = " + chain + " }")).isPresent();
    }

    @Test
    void hugeNumbersAreE0005() {
        assertThat(parse("model M { h = 1e999 }")).isEmpty();
        assertThat(sink.sorted().get(0).code()).isEqualTo(ErrorCode.E0005);
    }

    @Test
    void positionsCountCharactersAfterAnEmojiInAComment() {
        Program p = parse("# 🙂🙂\nmodel M { h = x }\n").orElseThrow();
        Stmt.Bind b = (Stmt.Bind) ((Decl.Model) p.decls().get(0)).body().get(0);
        assertThat(b.value().span().line()).isEqualTo(2);
        assertThat(b.value().span().column()).isEqualTo(15);
        assertThat(p.file().text().substring(b.value().span().start(), b.value().span().end())).isEqualTo("x");
    }
}
