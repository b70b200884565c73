package nnc.compiler.sema;

import java.util.Optional;
import nnc.compiler.ast.Expr;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;
import nnc.runtime.Dim;

/**
 * Evaluates the constant arguments of the sequence builtins: an index ({@code t}, {@code t - 1},
 * {@code T - 1 - t}, {@code 3}) as an {@link Attr.Index}, and a list of dimensions
 * ({@code [batch, 16]}) as an {@link Attr.Shape}.
 */
final class Indices {
    private final BodyChecker body;
    private final DiagnosticSink sink;

    Indices(BodyChecker body) {
        this.body = body;
        this.sink = body.m.sink;
    }

    /** {@code e} as {@code sign·t + offset}; E0803 when it is not of that form. */
    Optional<Attr> index(Expr e, String what) {
        Optional<Attr.Index> i = affine(e);
        if (i.isEmpty()) {
            sink.report(ErrorCode.E0803, e.span(), what + " must be an integer or a loop index plus or minus one, got "
                    + Consts.describe(e), "e.g. at(x, t), at(x, t - 1), at(x, 7 - t) in a for loop over t, or at(x, 0)");
        }
        return i.map(a -> a);
    }

    private Optional<Attr.Index> affine(Expr e) {
        if (body.consts.isInteger(e)) {
            long c = (long) body.consts.value(e).getAsDouble();
            return Optional.of(new Attr.Index(Optional.empty(), 0, c, c, c));
        }
        if (e instanceof Expr.Path p && p.isSimple() && body.env.get(p.dotted()) instanceof Symbol.LoopIndex l) {
            return Optional.of(new Attr.Index(Optional.of(l.name()), 1, 0, 0, l.count() - 1L));
        }
        if (e instanceof Expr.Neg n) {
            return affine(n.operand()).map(a -> scaled(a, -1, 0));
        }
        if (e instanceof Expr.Binary b && (b.op() == Expr.BinOp.ADD || b.op() == Expr.BinOp.SUB)) {
            int s = b.op() == Expr.BinOp.ADD ? 1 : -1;
            Optional<Attr.Index> l = affine(b.left());
            Optional<Attr.Index> r = affine(b.right());
            if (l.isPresent() && r.isPresent() && (l.get().var().isEmpty() || r.get().var().isEmpty())) {
                Attr.Index constant = l.get().var().isEmpty() ? l.get() : r.get();
                Attr.Index variable = l.get().var().isEmpty() ? r.get() : l.get();
                boolean varLeft = variable == l.get();
                return Optional.of(varLeft ? scaled(variable, 1, s * constant.offset())
                        : scaled(variable, s, constant.offset()));
            }
        }
        return Optional.empty();
    }

    /** {@code k·a + c}, with its bounds. */
    private static Attr.Index scaled(Attr.Index a, int k, long c) {
        long lo = k * a.min() + c;
        long hi = k * a.max() + c;
        return new Attr.Index(a.var(), k * a.sign(), k * a.offset() + c, Math.min(lo, hi), Math.max(lo, hi));
    }

    /** A list of positive integers and the symbolic dimension (or a block's dimension variables). */
    Optional<Attr> dims(Expr e, String what) {
        if (!(e instanceof Expr.ListLit list)) {
            body.consts.wrongKind(e, what, "a shape such as [batch, 16]");
            return Optional.empty();
        }
        java.util.List<Dim> out = new java.util.ArrayList<>();
        for (Expr item : list.items()) {
            Optional<Dim> d = dim(item);
            if (d.isEmpty()) {
                return Optional.empty();
            }
            out.add(d.get());
        }
        return Optional.of(new Attr.Shape(out));
    }

    private Optional<Dim> dim(Expr item) {
        if (item instanceof Expr.Path p && p.isSimple() && !body.consts.isInteger(item)) {
            String name = p.dotted();
            if (body.dims.containsKey(name)) {
                return Optional.of(body.dims.get(name));
            }
            if (body.m.symbolicDim().map(d -> d.text().equals(name)).orElse(false)) {
                return Optional.of(Dim.of(name));
            }
            sink.report(ErrorCode.E0214, item.span(), "unknown dimension name '" + name + "'",
                    "a shape lists positive integers and the model's symbolic dimension");
            return Optional.empty();
        }
        Optional<Long> v = body.consts.integer(item, "each dimension of a shape");
        if (v.isPresent() && (v.get() < 1 || v.get() > Integer.MAX_VALUE)) {
            sink.report(ErrorCode.E0213, item.span(), "dimension " + v.get() + " is not allowed",
                    "dimensions are positive integers");
            return Optional.empty();
        }
        return v.map(x -> Dim.of(x.intValue()));
    }
}
