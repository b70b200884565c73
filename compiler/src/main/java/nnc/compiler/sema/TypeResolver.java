package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nnc.compiler.ast.Ident;
import nnc.compiler.ast.TensorType;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/** Turns written types into checked ones: dtypes, dimension sizes, the symbolic dimension. */
final class TypeResolver {
    private static final List<String> DTYPES = List.of("f32", "f64", "i32");
    private static final Map<String, String> ALIASES = Map.of("int", "i32", "float", "f32",
            "double", "f64", "int32", "i32", "float32", "f32", "float64", "f64");

    private final ModelContext m;
    private final DiagnosticSink sink;

    TypeResolver(ModelContext m) {
        this.m = m;
        this.sink = m.sink;
    }

    /** The dtype written before a shape; f32 when none. Empty after E0104. */
    Optional<DType> dtype(TensorType t) {
        if (t.dtype().isEmpty()) {
            return Optional.of(DType.F32);
        }
        Ident d = t.dtype().get();
        if (DTYPES.contains(d.text())) {
            return Optional.of(DType.valueOf(d.text().toUpperCase(java.util.Locale.ROOT)));
        }
        String[] notes = ALIASES.containsKey(d.text())
                ? new String[] {"did you mean '" + ALIASES.get(d.text()) + "'?"}
                : Suggest.didYouMean(d.text(), DTYPES);
        sink.report(ErrorCode.E0104, d.span(), "unknown element type '" + d.text() + "'",
                append(notes, "the element types are f32 (the default), f64 and i32"));
        return Optional.empty();
    }

    /** An input's or target's type: integers, and the symbolic dimension first if at all. */
    Optional<Type.Tensor> inputType(TensorType t) {
        Optional<DType> dtype = dtype(t);
        List<Dim> dims = new ArrayList<>();
        boolean ok = dtype.isPresent();
        for (int i = 0; i < t.dims().size(); i++) {
            TensorType.DimExpr d = t.dims().get(i);
            if (d instanceof TensorType.DimExpr.Named n) {
                ok &= symbolic(n.name(), i);
                dims.add(Dim.of(n.name().text()));
            } else {
                ok &= fixed((TensorType.DimExpr.Fixed) d).map(dims::add).isPresent();
            }
        }
        return ok ? Optional.of(new Type.Tensor(dtype.get(), dims)) : Optional.empty();
    }

    private boolean symbolic(Ident name, int index) {
        if (index != 0) {
            sink.report(ErrorCode.E0212, name.span(), "symbolic dimension '" + name.text()
                            + "' can only be the first dimension of an input or target",
                    "the other dimensions of an input are integers, e.g. [batch, 784]");
            return false;
        }
        Optional<Ident> known = m.symbolicDim();
        if (known.isEmpty()) {
            m.declareSymbolicDim(name);
        } else if (!known.get().text().equals(name.text())) {
            sink.report(ErrorCode.E0212, name.span(), "a second symbolic dimension '" + name.text()
                            + "': this model already uses '" + known.get().text() + "'",
                    "a model has one symbolic dimension, the batch; first used at " + known.get().span());
            return false;
        }
        return true;
    }

    /**
     * A parameter's type: every dimension fixed. Names are looked up in {@code dims} (a block's
     * pattern variables and sizes); a name bound to a symbolic dimension is E0403.
     */
    Optional<Type.Tensor> paramType(TensorType t, String path, Map<String, Dim> dims, String where) {
        Optional<DType> dtype = dtype(t);
        List<Dim> out = new ArrayList<>();
        boolean ok = dtype.isPresent();
        for (TensorType.DimExpr d : t.dims()) {
            if (d instanceof TensorType.DimExpr.Fixed f) {
                ok &= fixed(f).map(out::add).isPresent();
                continue;
            }
            Ident name = ((TensorType.DimExpr.Named) d).name();
            Dim bound = dims.get(name.text());
            if (bound == null && dims.isEmpty()) {
                sink.report(ErrorCode.E0403, name.span(), "parameter " + path + " has the symbolic dimension '"
                        + name.text() + "'", "parameter shapes are fixed: write an integer");
                ok = false;
            } else if (bound == null) {
                sink.report(ErrorCode.E0214, name.span(), "unknown dimension name '" + name.text() + "'",
                        append(Suggest.didYouMean(name.text(), dims.keySet()),
                                "a parameter's dimensions are integers, the block's pattern variables or its sizes"));
                ok = false;
            } else if (bound instanceof Dim.Symbolic s) {
                sink.report(ErrorCode.E0403, name.span(), "parameter " + path + " would depend on the symbolic dimension '"
                        + s.name() + "': " + name.text() + " is " + s.name() + where,
                        "parameter shapes are fixed; pass a tensor whose dimension " + name.text() + " is an integer");
                ok = false;
            } else {
                out.add(bound);
            }
        }
        if (ok && elements(out) > Integer.MAX_VALUE) {
            sink.report(ErrorCode.E0213, t.span(), "parameter " + path + " " + Shapes.show(out)
                    + " has more elements than a Java array can hold (2^31 - 1)");
            ok = false;
        }
        return ok ? Optional.of(new Type.Tensor(dtype.get(), out)) : Optional.empty();
    }

    Optional<Dim> fixed(TensorType.DimExpr.Fixed f) {
        if (f.value() < 1 || f.value() > Integer.MAX_VALUE) {
            sink.report(ErrorCode.E0213, f.span(), "dimension " + (f.value() == Long.MAX_VALUE ? "too large" : f.value())
                    + " is not allowed", "dimensions are integers from 1 to 2^31 - 1");
            return Optional.empty();
        }
        return Optional.of(Dim.of((int) f.value()));
    }

    private static double elements(List<Dim> dims) {
        double n = 1;
        for (Dim d : dims) {
            n *= d.size(1);
        }
        return n;
    }

    static String[] append(String[] notes, String more) {
        String[] out = java.util.Arrays.copyOf(notes, notes.length + 1);
        out[notes.length] = more;
        return out;
    }
}
