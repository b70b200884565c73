package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import nnc.compiler.ast.Expr;
import nnc.compiler.sema.Builtin.Kind;
import nnc.compiler.sema.Builtin.Parameter;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;
import nnc.runtime.DType;

/**
 * Checks a call of a builtin: binds the arguments, types the operands (floating point, one
 * dtype; labels may be i32), evaluates the constant arguments, then applies the builtin's rule.
 */
final class BuiltinChecker {
    private final BodyChecker body;
    private final ExprChecker exprs;
    private final DiagnosticSink sink;

    BuiltinChecker(BodyChecker body, ExprChecker exprs) {
        this.body = body;
        this.exprs = exprs;
        this.sink = body.m.sink;
    }

    Type check(Expr.Call call, Builtin b, Optional<ExprChecker.BindingSite> site) {
        if (!b.weights().isEmpty() && !LayerWeights.ownsBinding(call, b, site, body)) {
            call.args().forEach(a -> exprs.check(a.value(), site));
            return Type.ERROR;
        }
        List<ArgBinder.Spec> specs = b.params().stream()
                .map(p -> new ArgBinder.Spec(p.name(), p.required(), p.kind() == Kind.TENSORS)).toList();
        Optional<ArgBinder.Bound> bound = ArgBinder.bind(b.name(), b.signature(), specs, call, sink);
        if (bound.isEmpty()) {
            return Type.ERROR;
        }
        List<Expr> operandExprs = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        for (Parameter p : b.params()) {
            if (p.kind() == Kind.TENSORS) {
                operandExprs.addAll(bound.get().rest());
                bound.get().rest().forEach(e -> kinds.add(Kind.TENSOR));
            } else if (p.kind().isOperand() && bound.get().named().containsKey(p.name())) {
                operandExprs.add(bound.get().named().get(p.name()));
                kinds.add(p.kind());
            }
        }
        List<Type.Tensor> operands = new ArrayList<>();
        boolean ok = true;
        for (Expr e : operandExprs) {
            Type t = exprs.check(e, site);
            ok &= t instanceof Type.Tensor;
            operands.add(t instanceof Type.Tensor x ? x : Type.Tensor.scalar(DType.F32));
        }
        ok = ok && dtypesFit(b, operandExprs, operands, kinds) && statesFit(b, operandExprs, kinds);
        Map<String, Attr> attrs = new LinkedHashMap<>();
        for (Parameter p : b.params()) {
            if (!p.kind().isOperand()) {
                Optional<Attr> a = attr(call, b, p, Optional.ofNullable(bound.get().named().get(p.name())),
                        operands.isEmpty() ? Optional.empty() : Optional.of(operands.get(0)), ok);
                ok &= a.isPresent();
                a.ifPresent(v -> attrs.put(p.name(), v));
            }
        }
        if (!ok) {
            return Type.ERROR;
        }
        CallSite callSite = new CallSite(call, operandExprs, operands, attrs, sink);
        Type t = b.rule().apply(callSite);
        if (t instanceof Type.Tensor) {
            List<ModelParam> weights = LayerWeights.create(call, b, callSite, t, site, body);
            body.scope.resolve(call, new CallTarget.BuiltinCall(b, operandExprs, attrs, weights));
        }
        return t;
    }

    private boolean dtypesFit(Builtin b, List<Expr> exprs, List<Type.Tensor> types, List<Kind> kinds) {
        Set<DType> floats = EnumSet.noneOf(DType.class);
        for (int i = 0; i < types.size(); i++) {
            Type.Tensor t = types.get(i);
            if (t.dtype() == DType.I32 && kinds.get(i) != Kind.LABELS) {
                sink.report(ErrorCode.E0204, exprs.get(i).span(), b.name() + " needs floating-point values, "
                                + ExprChecker.text(exprs.get(i)) + " is " + t,
                        "i32 tensors hold class labels; only cross_entropy takes them");
                return false;
            }
            if (t.dtype().isFloat() && !body.consts.value(exprs.get(i)).isPresent()) {
                floats.add(t.dtype());
            }
        }
        if (floats.size() > 1) {
            sink.report(ErrorCode.E0205, exprs.get(0).span().to(exprs.get(exprs.size() - 1).span()),
                    b.name() + " mixes f32 and f64 operands", "declare them with the same element type");
            return false;
        }
        return true;
    }

    /** STATE operands name a state tensor that no other layer updates. */
    private boolean statesFit(Builtin b, List<Expr> exprs, List<Kind> kinds) {
        for (int i = 0; i < exprs.size(); i++) {
            if (kinds.get(i) != Kind.STATE) {
                continue;
            }
            Expr e = exprs.get(i);
            if (!(e instanceof Expr.Path p) || !(body.scope.symbol(p) instanceof Symbol.StateRef ref)) {
                List<String> names = b.params().stream().filter(q -> q.kind().isOperand()).map(Parameter::name).toList();
                sink.report(ErrorCode.E0218, e.span(), b.name() + " updates its argument " + names.get(i)
                                + " in training steps, so it must name a state tensor, got " + ExprChecker.text(e),
                        "declare one, e.g. state " + names.get(i) + ": [64] = zeros, and pass its name");
                return false;
            }
            nnc.compiler.source.Span first = body.m.updatedStates.putIfAbsent(ref.state(), e.span());
            if (first != null) {
                sink.report(ErrorCode.E0219, e.span(), "state " + ref.state().path()
                                + " is already updated by another layer", "it is updated at " + first,
                        "give each layer its own state tensors (a block with state declares them per call)");
                return false;
            }
        }
        return true;
    }

    /** Evaluates one constant parameter (given or default); empty after reporting an error. */
    private Optional<Attr> attr(Expr.Call call, Builtin b, Parameter p, Optional<Expr> given, Optional<Type.Tensor> x,
                                boolean operandsOk) {
        String what = "argument '" + p.name() + "' of " + b.name();
        if (given.isEmpty() && p.kind() != Kind.AXIS) {
            return Optional.of(p.defaultValue().orElse(new Attr.None()));
        }
        return switch (p.kind()) {
            case NUMBER -> {
                var v = body.consts.number(given.get(), what);
                yield v.isPresent() ? Optional.of(new Attr.Num(v.getAsDouble())) : Optional.empty();
            }
            case BOOL -> body.consts.bool(given.get(), what).map(Attr.Bool::new);
            case CHOICE -> body.consts.word(given.get(), what, p.choices()).map(Attr.Str::new);
            case PERM -> body.consts.ints(given.get(), what).map(Attr.Ints::new);
            case AXIS -> operandsOk ? axis(call, p, given, x.orElseThrow(), what) : Optional.empty();
            case SHAPE -> operandsOk ? new Reshapes(body).shape(given.get(), x.orElseThrow(), what) : Optional.empty();
            case WRT -> wrt(given.get());
            case INDEX -> new Indices(body).index(given.get(), what);
            case DIMS -> new Indices(body).dims(given.get(), what);
            case TENSOR, LABELS, TENSORS, STATE -> throw new IllegalStateException("operand " + p.name());
        };
    }

    private Optional<Attr> axis(Expr.Call call, Parameter p, Optional<Expr> given, Type.Tensor x, String what) {
        if (given.isEmpty() && p.defaultValue().isEmpty()) {
            return Optional.of(new Attr.Axes(IntStream.range(0, x.rank()).boxed().toList(), true));
        }
        if (given.isPresent() && given.get() instanceof Expr.Path path && path.isSimple()
                && !body.consts.isInteger(path)) {
            return namedAxis(path, x);
        }
        long k;
        if (given.isPresent()) {
            Optional<Long> v = body.consts.integer(given.get(), what);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            k = v.get();
        } else {
            k = ((Attr.Int) p.defaultValue().orElseThrow()).value();
        }
        long normalized = k < 0 ? k + x.rank() : k;
        if (normalized < 0 || normalized >= x.rank()) {
            sink.report(ErrorCode.E0206, given.map(Expr::span).orElse(call.span()),
                    "axis " + k + " is out of range for a value of shape " + x,
                    x.rank() == 0 ? "a scalar has no axes" : "axes go from " + -x.rank() + " to " + (x.rank() - 1));
            return Optional.empty();
        }
        return Optional.of(new Attr.Axes(List.of((int) normalized), false));
    }

    private Optional<Attr> namedAxis(Expr.Path path, Type.Tensor x) {
        String name = path.dotted();
        nnc.runtime.Dim wanted = body.dims.getOrDefault(name, nnc.runtime.Dim.of(name));
        List<Integer> found = IntStream.range(0, x.rank())
                .filter(i -> x.shape().get(i).equals(wanted)).boxed().toList();
        if (found.size() != 1) {
            sink.report(ErrorCode.E0214, path.span(), found.isEmpty()
                            ? "a value of shape " + x + " has no dimension named '" + name + "'"
                            : "dimension '" + name + "' names more than one axis of " + x,
                    "give the axis as an integer instead, e.g. axis = -1");
            return Optional.empty();
        }
        return Optional.of(new Attr.Axes(found, false));
    }

    private Optional<Attr> wrt(Expr e) {
        if (!(e instanceof Expr.Path path)) {
            sink.report(ErrorCode.E0215, e.span(), "grad's wrt must name a parameter or an input, got "
                    + Consts.describe(e));
            return Optional.empty();
        }
        Optional<Symbol> s = exprs.resolve(path);
        if (s.isEmpty() || s.get().type() instanceof Type.Error) {
            return Optional.empty();
        }
        if (!(s.get() instanceof Symbol.ParamRef) && !(s.get() instanceof Symbol.InputRef)) {
            sink.report(ErrorCode.E0215, e.span(), "grad's wrt must name a parameter or an input, '"
                    + path.dotted() + "' is a computed value", "differentiate with respect to what it is computed from");
            return Optional.empty();
        }
        return Optional.of(new Attr.Ref(s.get()));
    }
}
