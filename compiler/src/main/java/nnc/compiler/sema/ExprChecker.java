package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nnc.compiler.ast.Expr;
import nnc.compiler.ast.Ident;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * Types the expressions of one body and resolves their names and calls into its {@link Scope}.
 * An expression whose check failed gets {@link Type#ERROR}; expressions built on it get the
 * error type without a new message.
 */
final class ExprChecker {
    /** The binding an expression is the value of: a block call in it is named after the binding. */
    static final class BindingSite {
        final String name;
        private Optional<BlockInstance> instance = Optional.empty();
        private Optional<Expr.Call> call = Optional.empty();

        BindingSite(String name) {
            this.name = name;
        }

        Optional<BlockInstance> instance() {
            return instance;
        }

        Optional<Expr.Call> call() {
            return call;
        }

        void called(Expr.Call c, Optional<BlockInstance> inst) {
            call = Optional.of(c);
            instance = inst;
        }
    }

    private final BodyChecker body;
    private final DiagnosticSink sink;
    private final BuiltinChecker builtins;
    private final BlockCalls blocks;

    ExprChecker(BodyChecker body) {
        this.body = body;
        this.sink = body.m.sink;
        this.builtins = new BuiltinChecker(body, this);
        this.blocks = new BlockCalls(body, this);
    }

    Type check(Expr e, Optional<BindingSite> site) {
        Type t;
        if (e instanceof Expr.Number) {
            t = Type.Tensor.scalar(DType.F32);
        } else if (e instanceof Expr.Path p) {
            Optional<Symbol> s = resolve(p);
            s.filter(x -> x instanceof Symbol.LoopIndex).ifPresent(x -> sink.report(ErrorCode.E0803, p.span(),
                    "the loop index '" + p.dotted() + "' is not a tensor value",
                    "it indexes sequences: at(x, " + p.dotted() + ") is step " + p.dotted() + " of x"));
            t = s.map(Symbol::type).orElse(Type.ERROR);
        } else if (e instanceof Expr.Call c) {
            t = call(c, site);
        } else if (e instanceof Expr.Neg n) {
            t = neg(n, site);
        } else if (e instanceof Expr.Binary b) {
            t = binary(b, site);
        } else {
            sink.report(ErrorCode.E0216, e.span(), Consts.describe(e) + " is not a tensor value",
                    "strings, lists and true/false only appear as arguments, e.g. reduction = \"mean\"");
            t = Type.ERROR;
        }
        return body.scope.record(e, t);
    }

    private Type call(Expr.Call c, Optional<BindingSite> site) {
        String name = c.callee().text();
        Optional<Builtin> builtin = Builtins.lookup(name);
        if (builtin.isPresent()) {
            return builtins.check(c, builtin.get(), site);
        } else if (body.m.blocks.containsKey(name)) {
            return blocks.call(c, body.m.blocks.get(name), site);
        }
        String note;
        if (Initializers.NAMES.contains(name)) {
            note = "'" + name + "' is an initializer; it goes after '=' in a param declaration";
        } else if (TrainChecker.isOptimizerOrSchedule(name)) {
            note = "'" + name + "' belongs in a train section: train Model { optimizer = adam(lr = 1e-3) }";
        } else {
            List<String> known = new ArrayList<>(Builtins.TABLE.keySet());
            known.addAll(body.m.blocks.keySet());
            note = Suggest.closest(name, known).map(s -> "did you mean '" + s + "'?")
                    .orElse("the builtins are listed in docs/language.md; blocks are declared with 'block'");
        }
        sink.report(ErrorCode.E0103, c.callee().span(), "unknown function '" + name + "'", note);
        c.args().forEach(a -> check(a.value(), site));
        return Type.ERROR;
    }

    private Type neg(Expr.Neg n, Optional<BindingSite> site) {
        Type t = check(n.operand(), site);
        if (t instanceof Type.Tensor x && x.dtype() == DType.I32) {
            sink.report(ErrorCode.E0204, n.span(), "cannot negate the i32 value " + text(n.operand()) + ": " + x,
                    "i32 tensors hold class labels; only cross_entropy takes them");
            return Type.ERROR;
        }
        return t;
    }

    private Type binary(Expr.Binary b, Optional<BindingSite> site) {
        Type l = check(b.left(), site);
        Type r = check(b.right(), site);
        if (!(l instanceof Type.Tensor lt) || !(r instanceof Type.Tensor rt)) {
            return Type.ERROR;
        }
        String op = "'" + b.op().symbol() + "'";
        for (Expr side : List.of(b.left(), b.right())) {
            Type.Tensor t = (Type.Tensor) body.scope.type(side);
            if (t.dtype() == DType.I32) {
                sink.report(ErrorCode.E0204, b.opSpan(), op + " cannot take the i32 value " + text(side) + ": " + t,
                        "i32 tensors hold class labels; only cross_entropy takes them");
                return Type.ERROR;
            }
        }
        boolean weakLeft = isConstant(b.left());
        boolean weakRight = isConstant(b.right());
        DType dtype = weakLeft ? rt.dtype() : lt.dtype();
        if (!weakLeft && !weakRight && lt.dtype() != rt.dtype()) {
            sink.report(ErrorCode.E0205, b.opSpan(), op + " mixes " + lt.dtype().sourceName() + " and "
                            + rt.dtype().sourceName() + ": " + lt + " " + b.op().symbol() + " " + rt,
                    "declare both with the same element type");
            return Type.ERROR;
        }
        Type result = b.op() == Expr.BinOp.MATMUL ? matmul(b, lt, rt) : elementwise(b, lt, rt);
        if (result instanceof Type.Tensor t) {
            retypeConstant(b.left(), dtype);
            retypeConstant(b.right(), dtype);
            return t.withDType(dtype);
        }
        return result;
    }

    private Type elementwise(Expr.Binary b, Type.Tensor lt, Type.Tensor rt) {
        Optional<List<Dim>> shape = Shapes.broadcast(lt.shape(), rt.shape());
        if (shape.isEmpty()) {
            sink.report(ErrorCode.E0201, b.opSpan(), "'" + b.op().symbol() + "' cannot broadcast " + text(b.left())
                            + ": " + lt + " and " + text(b.right()) + ": " + rt,
                    "shapes are aligned on the right and each pair of dimensions must be equal or 1; "
                            + Shapes.conflict(lt.shape(), rt.shape()) + " differ");
            return Type.ERROR;
        }
        return lt.withShape(shape.get());
    }

    private Type matmul(Expr.Binary b, Type.Tensor lt, Type.Tensor rt) {
        int rank = lt.rank();
        int rankR = rt.rank();
        if (rank < 2 || rank > 3 || (rankR != 2 && rankR != rank)) {
            sink.report(ErrorCode.E0202, b.opSpan(), "'@' needs 2-D @ 2-D, 3-D @ 3-D or 3-D @ 2-D operands, got "
                            + text(b.left()) + ": " + lt + " @ " + text(b.right()) + ": " + rt,
                    "[m, k] @ [k, n] gives [m, n]; [b, m, k] @ [b, k, n] and [b, m, k] @ [k, n] give [b, m, n]; "
                            + "use * to scale elementwise");
            return Type.ERROR;
        }
        List<Dim> l = lt.shape();
        List<Dim> r = rt.shape();
        Dim inner = l.get(rank - 1);
        if (!inner.equals(r.get(rankR - 2))) {
            List<String> notes = new ArrayList<>();
            notes.add("the last dimension of the left operand (" + inner + ") must equal the "
                    + "second-to-last of the right one (" + r.get(rankR - 2) + ")");
            if (rankR == 2 && inner.equals(r.get(1))) {
                notes.add("did you mean " + text(b.left()) + " @ transpose(" + text(b.right()) + ")?");
            }
            sink.report(ErrorCode.E0203, b.opSpan(), "'@' needs matching inner dimensions, got "
                    + lt + " @ " + rt, notes.toArray(String[]::new));
            return Type.ERROR;
        }
        if (rankR == 3 && !l.get(0).equals(r.get(0))) {
            sink.report(ErrorCode.E0203, b.opSpan(), "batched '@' needs the same leading dimension, got "
                    + lt + " @ " + rt);
            return Type.ERROR;
        }
        List<Dim> out = new ArrayList<>(l.subList(0, rank - 1));
        out.add(r.get(rankR - 1));
        return lt.withShape(out);
    }

    /** A literal takes the dtype of the other operand (like a weakly typed constant in JAX). */
    private boolean isConstant(Expr e) {
        return body.consts.value(e).isPresent();
    }

    private void retypeConstant(Expr e, DType dtype) {
        if (isConstant(e) && e instanceof Expr.Neg n) {
            retypeConstant(n.operand(), dtype);
        }
        if (isConstant(e) && body.scope.type(e) instanceof Type.Tensor t) {
            body.scope.record(e, t.withDType(dtype));
        }
    }

    /** Resolves a name or path, reporting what is wrong with it; marks what it names as used. */
    Optional<Symbol> resolve(Expr.Path p) {
        Ident first = p.parts().get(0);
        Symbol s = body.env.get(first.text());
        if (s == null) {
            unknownName(first);
            return Optional.empty();
        }
        if (p.isSimple()) {
            markUsed(s);
            body.scope.resolve(p, s);
            return Optional.of(s);
        }
        return new PathResolver(body, sink).resolve(p, s).map(ref -> {
            markUsed(ref);
            body.scope.resolve(p, ref);
            return ref;
        });
    }

    private void unknownName(Ident id) {
        String name = id.text();
        if (body.declared.containsKey(name)) {
            sink.report(ErrorCode.E0110, id.span(), "'" + name + "' is used before it is defined",
                    "it is defined at " + body.declared.get(name) + "; a binding is visible after its statement");
            return;
        }
        String[] notes;
        if (Builtins.TABLE.containsKey(name) || body.m.blocks.containsKey(name)) {
            notes = new String[] {"'" + name + "' is a function; call it: " + name + "(...)"};
        } else if (body.m.symbolicDim().map(d -> d.text().equals(name)).orElse(false)
                || body.dims.containsKey(name)) {
            notes = new String[] {"'" + name + "' is a dimension, not a value"};
        } else {
            notes = Suggest.didYouMean(name, body.env.keySet());
        }
        sink.report(ErrorCode.E0101, id.span(), "unknown name '" + name + "'", notes);
    }

    private void markUsed(Symbol s) {
        if (s instanceof Symbol.InputRef in) {
            body.m.used.add(in.input());
        } else if (s instanceof Symbol.ParamRef p) {
            body.m.used.add(p.param());
        } else if (s instanceof Symbol.StateRef st) {
            body.m.used.add(st.state());
        } else if (s instanceof Symbol.BindingRef b) {
            body.m.used.add(b.binding());
        }
    }

    /** The source text of an expression, shortened for messages. */
    static String text(Expr e) {
        String t = e.span().file().text().substring(e.span().start(), e.span().end());
        return t.length() > 40 ? t.substring(0, 37) + "..." : t;
    }
}
