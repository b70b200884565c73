package nnc.compiler.sema;

import java.util.List;
import java.util.Map;
import nnc.compiler.ast.Expr;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;
import nnc.compiler.source.Span;

/**
 * A builtin call as its {@link Builtin.Rule} sees it: the operands' types (all tensors, none in
 * error), the evaluated constant arguments, and a way to report a problem.
 */
public final class CallSite {
    private final Expr.Call call;
    private final List<Expr> operandExprs;
    private final List<Type.Tensor> operands;
    private final Map<String, Attr> attrs;
    private final DiagnosticSink sink;

    CallSite(Expr.Call call, List<Expr> operandExprs, List<Type.Tensor> operands,
             Map<String, Attr> attrs, DiagnosticSink sink) {
        this.call = call;
        this.operandExprs = List.copyOf(operandExprs);
        this.operands = List.copyOf(operands);
        this.attrs = Map.copyOf(attrs);
        this.sink = sink;
    }

    public String name() {
        return call.callee().text();
    }

    public Type.Tensor operand(int i) {
        return operands.get(i);
    }

    public List<Type.Tensor> operands() {
        return operands;
    }

    /** How an operand was written, for messages ({@code h1} or {@code x @ W}). */
    public String operandText(int i) {
        Span s = operandExprs.get(i).span();
        String text = s.file().text().substring(s.start(), s.end());
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }

    public Attr attr(String name) {
        return attrs.get(name);
    }

    /** Reports an error at the call and returns {@link Type#ERROR}. */
    public Type error(ErrorCode code, String message, String... notes) {
        sink.report(code, call.span(), message, notes);
        return Type.ERROR;
    }

    /** Reports an error at operand {@code i} and returns {@link Type#ERROR}. */
    public Type errorAt(int i, ErrorCode code, String message, String... notes) {
        sink.report(code, operandExprs.get(i).span(), message, notes);
        return Type.ERROR;
    }
}
