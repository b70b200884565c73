package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nnc.compiler.ast.Expr;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;
import nnc.runtime.Dim;

/**
 * Evaluates reshape's target shape: integers, at most one -1 (inferred), and dimension names
 * (the symbolic dimension, or inside a block its pattern variables and sizes). The symbolic
 * dimensions must be the same before and after, and the fixed sizes must multiply to the same.
 */
final class Reshapes {
    private static final Dim INFER = Dim.of(0);

    private final BodyChecker body;
    private final DiagnosticSink sink;

    Reshapes(BodyChecker body) {
        this.body = body;
        this.sink = body.m.sink;
    }

    Optional<Attr> shape(Expr e, Type.Tensor x, String what) {
        if (!(e instanceof Expr.ListLit list)) {
            body.consts.wrongKind(e, what, "a shape such as [batch, 28, 28]");
            return Optional.empty();
        }
        List<Dim> out = new ArrayList<>();
        for (Expr item : list.items()) {
            Optional<Dim> d = dim(item, out.contains(INFER));
            if (d.isEmpty()) {
                return Optional.empty();
            }
            out.add(d.get());
        }
        return fit(e, x, out);
    }

    private Optional<Dim> dim(Expr item, boolean inferSeen) {
        if (item instanceof Expr.Path p && p.isSimple() && !body.consts.isInteger(item)) {
            String name = p.dotted();
            if (body.dims.containsKey(name)) {
                return Optional.of(body.dims.get(name));
            }
            if (body.m.symbolicDim().map(d -> d.text().equals(name)).orElse(false)) {
                return Optional.of(Dim.of(name));
            }
            sink.report(ErrorCode.E0214, item.span(), "unknown dimension name '" + name + "'",
                    "reshape takes integers, -1 and the model's symbolic dimension");
            return Optional.empty();
        }
        Optional<Long> v = body.consts.integer(item, "each dimension of a reshape");
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get() == -1 && !inferSeen) {
            return Optional.of(INFER);
        }
        if (v.get() < 1 || v.get() > Integer.MAX_VALUE) {
            sink.report(ErrorCode.E0213, item.span(), "reshape dimension " + v.get() + " is not allowed",
                    "dimensions are positive integers; one of them may be -1 to infer it");
            return Optional.empty();
        }
        return Optional.of(Dim.of(v.get().intValue()));
    }

    private Optional<Attr> fit(Expr e, Type.Tensor x, List<Dim> out) {
        List<Dim> fromSymbols = x.shape().stream().filter(d -> d instanceof Dim.Symbolic).toList();
        List<Dim> toSymbols = out.stream().filter(d -> d instanceof Dim.Symbolic).toList();
        long from = fixedProduct(x.shape());
        long to = fixedProduct(out);
        int infer = out.indexOf(INFER);
        boolean ok = fromSymbols.equals(toSymbols)
                && (infer < 0 ? from == to : to > 0 && from % to == 0);
        if (!ok) {
            sink.report(ErrorCode.E0207, e.span(), "reshape cannot turn " + x.shape() + " into "
                            + show(out) + ": the number of elements differs",
                    "the fixed sizes must multiply to the same number (" + from + ") and the symbolic "
                            + "dimension must stay");
            return Optional.empty();
        }
        if (infer >= 0) {
            out.set(infer, Dim.of((int) (from / to)));
        }
        return Optional.of(new Attr.Shape(out));
    }

    private static long fixedProduct(List<Dim> dims) {
        long n = 1;
        for (Dim d : dims) {
            if (d instanceof Dim.Fixed f && f.size() > 0) {
                n *= f.size();
            }
        }
        return n;
    }

    private static String show(List<Dim> dims) {
        return dims.stream().map(d -> d == INFER ? "-1" : d.toString()).toList().toString();
    }
}
