package nnc.compiler.sema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import nnc.compiler.ast.Expr;
import nnc.compiler.ast.Stmt;
import nnc.compiler.source.Diagnostic;
import nnc.compiler.source.DiagnosticRenderer;

/** Helpers for checker tests: run the front end on a string, list diagnostics compactly. */
abstract class CheckerFixture {
    /** Every diagnostic as {@code E0203@12:5}, in source order. */
    static List<String> codes(String source) {
        return run(source).diagnostics().stream()
                .map(d -> d.code() + "@" + d.span().line() + ":" + d.span().column()).toList();
    }

    /** Only the errors, as {@code E0203@12:5}. */
    static List<String> errors(String source) {
        return run(source).diagnostics().stream().filter(Diagnostic::isError)
                .map(d -> d.code() + "@" + d.span().line() + ":" + d.span().column()).toList();
    }

    static FrontEnd.Result run(String source) {
        return FrontEnd.check("t.nn", source.getBytes(StandardCharsets.UTF_8));
    }

    /** The first error, for looking at its message and notes. */
    static Diagnostic first(String source) {
        List<Diagnostic> all = run(source).diagnostics().stream().filter(Diagnostic::isError).toList();
        assertThat(all).isNotEmpty();
        return all.get(0);
    }

    /** Checks a file that must have no error and returns its first model. */
    static CheckedModel ok(String source) {
        FrontEnd.Result r = run(source);
        DiagnosticRenderer renderer = new DiagnosticRenderer();
        assertThat(r.hasErrors()).as(() -> String.join("", r.diagnostics().stream().map(renderer::render).toList()))
                .isFalse();
        return r.program().orElseThrow().models().get(0);
    }

    /**
     * A model with x: [batch, 10], y: i32[batch], W: [10, 10] and the given statements; a loss
     * is added unless the statements define one.
     */
    static String model(String statements) {
        String loss = statements.contains("loss =") ? "" : "\n  loss = sum(x)";
        return "model M {\n  input x: [batch, 10]\n  target y: i32[batch]\n  param W: [10, 10] = xavier\n"
                + statements + loss + "\n}\n";
    }

    /** The type of the value of binding {@code name} in the model. */
    static String typeOf(CheckedModel m, String name) {
        Binding b = m.bindings().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        return m.scope().type(b.value()).toString();
    }

    static Expr value(CheckedModel m, String name) {
        return m.bindings().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow().value();
    }

    static Stmt.Bind bindStmt(CheckedModel m, String name) {
        return (Stmt.Bind) m.bindings().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow().stmt();
    }
}
