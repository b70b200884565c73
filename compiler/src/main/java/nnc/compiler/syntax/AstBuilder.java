package nnc.compiler.syntax;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nnc.compiler.ast.Decl;
import nnc.compiler.ast.Expr;
import nnc.compiler.ast.Ident;
import nnc.compiler.ast.Program;
import nnc.compiler.ast.Stmt;
import nnc.compiler.ast.TensorType;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;
import nnc.compiler.source.SourceFile;
import nnc.compiler.source.Span;
import nnc.grammar.NnBaseVisitor;
import nnc.grammar.NnParser;
import org.antlr.v4.runtime.Token;

/**
 * The one class that turns ANTLR parse trees into AST records. It runs only on trees without
 * syntax errors. Chains of binary operators are folded with a loop, not recursion, and an
 * expression deeper than {@link #MAX_EXPR_DEPTH} stops the build with E0004, so that nothing
 * after this point can overflow the stack on a deep tree.
 */
final class AstBuilder extends NnBaseVisitor<Object> {
    static final int MAX_EXPR_DEPTH = 256;

    private final SourceFile file;
    private final Spans spans;
    private final DiagnosticSink sink;
    private final Map<Expr, Integer> depths = new IdentityHashMap<>();

    AstBuilder(SourceFile file, DiagnosticSink sink) {
        this.file = file;
        this.spans = new Spans(file);
        this.sink = sink;
    }

    Program program(NnParser.ProgramContext ctx) {
        List<Decl> decls = new ArrayList<>();
        for (NnParser.DeclContext d : ctx.decl()) {
            decls.add((Decl) visit(d));
        }
        return new Program(file, decls);
    }

    @Override
    public Decl visitModelDecl(NnParser.ModelDeclContext ctx) {
        return new Decl.Model(ident(ctx.name), stmts(ctx.stmt()), spans.of(ctx));
    }

    @Override
    public Decl visitBlockDecl(NnParser.BlockDeclContext ctx) {
        List<Decl.BlockParam> params = new ArrayList<>();
        for (NnParser.BlockParamContext p : ctx.blockParam()) {
            Optional<TensorType> type = Optional.ofNullable(p.tensorType()).map(this::tensorType);
            params.add(new Decl.BlockParam(ident(p.name), type, spans.of(p)));
        }
        return new Decl.Block(ident(ctx.name), params, stmts(ctx.stmt()), spans.of(ctx));
    }

    @Override
    public Decl visitTrainDecl(NnParser.TrainDeclContext ctx) {
        List<Decl.TrainEntry> entries = new ArrayList<>();
        for (NnParser.TrainEntryContext e : ctx.trainEntry()) {
            entries.add(new Decl.TrainEntry(ident(e.key), exprs(e.expr()), spans.of(e)));
        }
        return new Decl.Train(ident(ctx.name), entries, spans.of(ctx));
    }

    private List<Stmt> stmts(List<NnParser.StmtContext> list) {
        List<Stmt> out = new ArrayList<>();
        for (NnParser.StmtContext s : list) {
            out.add((Stmt) visit(s));
        }
        return out;
    }

    @Override
    public Stmt visitInputStmt(NnParser.InputStmtContext ctx) {
        return new Stmt.Input(Stmt.InputKind.INPUT, ident(ctx.name), tensorType(ctx.tensorType()),
                spans.of(ctx));
    }

    @Override
    public Stmt visitTargetStmt(NnParser.TargetStmtContext ctx) {
        return new Stmt.Input(Stmt.InputKind.TARGET, ident(ctx.name), tensorType(ctx.tensorType()),
                spans.of(ctx));
    }

    @Override
    public Stmt visitParamStmt(NnParser.ParamStmtContext ctx) {
        Optional<Expr> init = Optional.ofNullable(ctx.init).map(this::expr);
        return new Stmt.Param(ident(ctx.name), tensorType(ctx.tensorType()), init, spans.of(ctx));
    }

    @Override
    public Stmt visitStateStmt(NnParser.StateStmtContext ctx) {
        Optional<Expr> init = Optional.ofNullable(ctx.init).map(this::expr);
        return new Stmt.State(ident(ctx.name), tensorType(ctx.tensorType()), init, spans.of(ctx));
    }

    @Override
    public Stmt visitOutputStmt(NnParser.OutputStmtContext ctx) {
        return new Stmt.Output(ident(ctx.name), Optional.ofNullable(ctx.value).map(this::expr),
                spans.of(ctx));
    }

    @Override
    public Stmt visitReturnStmt(NnParser.ReturnStmtContext ctx) {
        return new Stmt.Return(expr(ctx.value), spans.of(ctx));
    }

    @Override
    public Stmt visitBindStmt(NnParser.BindStmtContext ctx) {
        return new Stmt.Bind(ident(ctx.name), expr(ctx.value), spans.of(ctx));
    }

    @Override
    public Stmt visitForStmt(NnParser.ForStmtContext ctx) {
        return new Stmt.For(ident(ctx.var), ident(ctx.range), expr(ctx.count), stmts(ctx.stmt()), spans.of(ctx));
    }

    @Override
    public Stmt visitCollectStmt(NnParser.CollectStmtContext ctx) {
        return new Stmt.Collect(ident(ctx.name), ident(ctx.index), expr(ctx.value), spans.of(ctx));
    }

    private TensorType tensorType(NnParser.TensorTypeContext ctx) {
        List<TensorType.DimExpr> dims = new ArrayList<>();
        for (NnParser.DimContext d : ctx.dim()) {
            dims.add((TensorType.DimExpr) visit(d));
        }
        return new TensorType(Optional.ofNullable(ctx.dtype).map(this::ident), dims, spans.of(ctx));
    }

    @Override
    public TensorType.DimExpr visitFixedDim(NnParser.FixedDimContext ctx) {
        long value;
        try {
            value = Long.parseLong(ctx.INT().getText());
        } catch (NumberFormatException tooBig) {
            value = Long.MAX_VALUE;
        }
        return new TensorType.DimExpr.Fixed(value, spans.of(ctx));
    }

    @Override
    public TensorType.DimExpr visitNamedDim(NnParser.NamedDimContext ctx) {
        return new TensorType.DimExpr.Named(ident(ctx.ID().getSymbol()));
    }

    // ---- expressions ----

    private List<Expr> exprs(List<NnParser.ExprContext> list) {
        List<Expr> out = new ArrayList<>();
        for (NnParser.ExprContext e : list) {
            out.add(expr(e));
        }
        return out;
    }

    private Expr expr(NnParser.ExprContext ctx) {
        return (Expr) visit(ctx);
    }

    @Override
    public Expr visitAtomExpr(NnParser.AtomExprContext ctx) {
        return (Expr) visit(ctx.atom());
    }

    @Override
    public Expr visitPowExpr(NnParser.PowExprContext ctx) {
        return binary(Expr.BinOp.POW, expr(ctx.expr(0)), expr(ctx.expr(1)), ctx.op);
    }

    @Override
    public Expr visitNegExpr(NnParser.NegExprContext ctx) {
        Expr operand = expr(ctx.expr());
        return track(new Expr.Neg(operand, spans.of(ctx)), depth(operand) + 1);
    }

    @Override
    public Expr visitMulExpr(NnParser.MulExprContext ctx) {
        return leftChain(ctx);
    }

    @Override
    public Expr visitAddExpr(NnParser.AddExprContext ctx) {
        return leftChain(ctx);
    }

    /** Folds {@code a + b * c - d ...} down its left spine with a loop. */
    private Expr leftChain(NnParser.ExprContext top) {
        Deque<NnParser.ExprContext> spine = new ArrayDeque<>();
        NnParser.ExprContext cur = top;
        while (cur instanceof NnParser.MulExprContext || cur instanceof NnParser.AddExprContext) {
            spine.push(cur);
            cur = cur.getRuleContext(NnParser.ExprContext.class, 0);
        }
        Expr acc = expr(cur);
        while (!spine.isEmpty()) {
            NnParser.ExprContext b = spine.pop();
            Token op = b instanceof NnParser.MulExprContext m ? m.op : ((NnParser.AddExprContext) b).op;
            Expr right = expr(b.getRuleContext(NnParser.ExprContext.class, 1));
            acc = binary(opOf(op), acc, right, op);
        }
        return acc;
    }

    private Expr binary(Expr.BinOp op, Expr left, Expr right, Token opToken) {
        Expr e = new Expr.Binary(op, left, right, spans.of(opToken), left.span().to(right.span()));
        return track(e, Math.max(depth(left), depth(right)) + 1);
    }

    private static Expr.BinOp opOf(Token op) {
        return switch (op.getText()) {
            case "+" -> Expr.BinOp.ADD;
            case "-" -> Expr.BinOp.SUB;
            case "*" -> Expr.BinOp.MUL;
            case "/" -> Expr.BinOp.DIV;
            case "@" -> Expr.BinOp.MATMUL;
            default -> Expr.BinOp.POW;
        };
    }

    @Override
    public Expr visitNumberAtom(NnParser.NumberAtomContext ctx) {
        String text = ctx.number.getText();
        double value = Double.parseDouble(text);
        boolean integral = ctx.number.getType() == NnParser.INT;
        if (Double.isInfinite(value) || (integral && value > Long.MAX_VALUE)) {
            sink.report(ErrorCode.E0005, spans.of(ctx), "number " + abbreviate(text)
                    + " is too large", "numbers are doubles: at most about 1.8e308");
            value = Double.MAX_VALUE;
        }
        return track(new Expr.Number(text, value, integral, spans.of(ctx)), 1);
    }

    @Override
    public Expr visitStringAtom(NnParser.StringAtomContext ctx) {
        String raw = ctx.STRING().getText();
        String value = raw.substring(1, raw.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        return track(new Expr.Str(value, spans.of(ctx)), 1);
    }

    @Override
    public Expr visitBoolAtom(NnParser.BoolAtomContext ctx) {
        return track(new Expr.Bool(ctx.value.getText().equals("true"), spans.of(ctx)), 1);
    }

    @Override
    public Expr visitCallAtom(NnParser.CallAtomContext ctx) {
        List<Expr.Arg> args = new ArrayList<>();
        int deepest = 0;
        for (NnParser.ArgContext a : ctx.arg()) {
            Expr value = expr(a.value);
            deepest = Math.max(deepest, depth(value));
            args.add(new Expr.Arg(Optional.ofNullable(a.name).map(this::ident), value, spans.of(a)));
        }
        return track(new Expr.Call(ident(ctx.callee), args, spans.of(ctx)), deepest + 1);
    }

    @Override
    public Expr visitPathAtom(NnParser.PathAtomContext ctx) {
        List<Ident> parts = new ArrayList<>();
        ctx.ID().forEach(id -> parts.add(ident(id.getSymbol())));
        return track(new Expr.Path(parts, spans.of(ctx)), 1);
    }

    @Override
    public Expr visitParenAtom(NnParser.ParenAtomContext ctx) {
        return expr(ctx.expr());
    }

    @Override
    public Expr visitListAtom(NnParser.ListAtomContext ctx) {
        List<Expr> items = exprs(ctx.expr());
        int deepest = items.stream().mapToInt(this::depth).max().orElse(0);
        return track(new Expr.ListLit(items, spans.of(ctx)), deepest + 1);
    }

    private Expr track(Expr e, int depth) {
        if (depth > MAX_EXPR_DEPTH) {
            Span where = e instanceof Expr.Binary b ? b.opSpan() : e.span();
            throw new NestingTooDeep(where);
        }
        depths.put(e, depth);
        return e;
    }

    private int depth(Expr e) {
        return depths.getOrDefault(e, 1);
    }

    private Ident ident(Token token) {
        return new Ident(token.getText(), spans.of(token));
    }

    private static String abbreviate(String text) {
        return text.length() > 30 ? text.substring(0, 30) + "..." : text;
    }
}
