package nnc.compiler.sema;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nnc.compiler.ast.Decl;
import nnc.compiler.ast.Expr;
import nnc.compiler.ast.TensorType;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * Checks a call of a block and instantiates the block for it: binds sizes and shape patterns,
 * then checks the block's body with those shapes under the calling binding's name, so that
 * {@code h1 = relu(dense(x, 256))} creates {@code h1.W} and {@code h1.b}.
 */
final class BlockCalls {
    private final BodyChecker body;
    private final ExprChecker exprs;
    private final DiagnosticSink sink;

    BlockCalls(BodyChecker body, ExprChecker exprs) {
        this.body = body;
        this.exprs = exprs;
        this.sink = body.m.sink;
    }

    Type call(Expr.Call c, Decl.Block block, Optional<ExprChecker.BindingSite> site) {
        String name = block.name().text();
        if (site.isEmpty()) {
            sink.report(ErrorCode.E0505, c.span(), "block '" + name + "' is called outside a binding, so the "
                    + "parameters it creates have no name", "bind the call first: h = " + name + "(...), then use h");
            return Type.ERROR;
        }
        if (site.get().call().isPresent()) {
            sink.report(ErrorCode.E0504, c.callee().span(), "a second block call in the binding '"
                            + site.get().name + "'; its parameters would be named " + body.prefix + site.get().name
                            + " as well",
                    "give each block call its own binding, e.g. a = " + name + "(...) and then use a",
                    "the first block call is at " + site.get().call().get().span());
            return Type.ERROR;
        }
        site.get().called(c, Optional.empty());
        if (body.m.recursiveBlocks.contains(name)) {
            return Type.ERROR;
        }
        List<ArgBinder.Spec> specs = block.params().stream()
                .map(p -> new ArgBinder.Spec(p.name().text(), true, false)).toList();
        Optional<ArgBinder.Bound> bound = ArgBinder.bind("block " + name, signature(block), specs, c, sink);
        if (bound.isEmpty()) {
            return Type.ERROR;
        }
        Map<String, Dim> dims = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        boolean ok = true;
        for (Decl.BlockParam p : block.params()) {
            if (p.type().isEmpty()) {
                ok &= size(p, bound.get().named().get(p.name().text()), name, dims, sizes);
            }
        }
        Map<String, Type.Tensor> argTypes = new HashMap<>();
        for (Decl.BlockParam p : block.params()) {
            Expr arg = bound.get().named().get(p.name().text());
            if (p.type().isPresent()) {
                Type t = exprs.check(arg, site);
                ok &= t instanceof Type.Tensor x && match(block, p, p.type().get(), x, arg, dims);
                if (t instanceof Type.Tensor x) {
                    argTypes.put(p.name().text(), x);
                }
            }
        }
        if (!ok) {
            return Type.ERROR;
        }
        return instantiate(c, block, site.get(), dims, sizes, argTypes, bound.get().named());
    }

    private boolean size(Decl.BlockParam p, Expr arg, String block, Map<String, Dim> dims, Map<String, Integer> sizes) {
        var v = body.consts.value(arg);
        if (v.isEmpty() || !body.consts.isInteger(arg) || v.getAsDouble() < 1 || v.getAsDouble() > Integer.MAX_VALUE) {
            sink.report(ErrorCode.E0507, arg.span(), "size '" + p.name().text() + "' of block " + block
                            + " must be a positive integer constant, got " + Consts.describe(arg),
                    "sizes fix parameter shapes when the model is compiled, e.g. dense(x, 256)");
            return false;
        }
        int value = (int) v.getAsDouble();
        dims.put(p.name().text(), Dim.of(value));
        sizes.put(p.name().text(), value);
        return true;
    }

    private boolean match(Decl.Block block, Decl.BlockParam p, TensorType pattern, Type.Tensor arg, Expr argExpr,
                          Map<String, Dim> dims) {
        String expects = "block " + block.name().text() + " expects " + p.name().text() + ": "
                + patternText(pattern) + ", got " + ExprChecker.text(argExpr) + ": " + arg;
        Optional<DType> dtype = pattern.dtype().isPresent() ? body.types.dtype(pattern) : Optional.of(arg.dtype());
        if (dtype.isEmpty()) {
            return false;
        }
        if (dtype.get() != arg.dtype() || pattern.dims().size() != arg.rank()) {
            sink.report(ErrorCode.E0506, argExpr.span(), expects, dtype.get() != arg.dtype()
                    ? "the element types differ" : "the number of dimensions differs");
            return false;
        }
        for (int i = 0; i < arg.rank(); i++) {
            TensorType.DimExpr d = pattern.dims().get(i);
            Dim actual = arg.shape().get(i);
            if (d instanceof TensorType.DimExpr.Fixed f) {
                if (f.value() != actual.size(-1)) {
                    sink.report(ErrorCode.E0506, argExpr.span(), expects, "dimension " + i + " must be " + f.value());
                    return false;
                }
                continue;
            }
            String var = ((TensorType.DimExpr.Named) d).name().text();
            Dim previous = dims.putIfAbsent(var, actual);
            if (previous != null && !previous.equals(actual)) {
                sink.report(ErrorCode.E0506, argExpr.span(), expects,
                        var + " is " + previous + " from an earlier argument but " + actual + " here");
                return false;
            }
        }
        return true;
    }

    private Type instantiate(Expr.Call c, Decl.Block block, ExprChecker.BindingSite site, Map<String, Dim> dims,
                             Map<String, Integer> sizes, Map<String, Type.Tensor> argTypes, Map<String, Expr> args) {
        String prefix = body.prefix + site.name;
        Map<String, Integer> constants = new LinkedHashMap<>(sizes);
        dims.forEach((name, d) -> {
            if (d instanceof Dim.Fixed f) {
                constants.putIfAbsent(name, f.size());
            }
        });
        BodyChecker inner = new BodyChecker(body.m, BodyChecker.Kind.BLOCK, prefix + ".",
                " in the call at " + c.span(), dims, constants);
        constants.forEach((name, v) -> inner.env.put(name, new Symbol.SizeRef(name, v)));
        Map<String, Expr> tensorArgs = new LinkedHashMap<>();
        for (Decl.BlockParam p : block.params()) {
            String pname = p.name().text();
            inner.declared.put(pname, p.name().span());
            if (p.type().isPresent()) {
                inner.env.put(pname, new Symbol.BlockArgRef(p, argTypes.get(pname)));
                tensorArgs.put(pname, args.get(pname));
            }
        }
        inner.check(block.body());
        body.m.calledBlocks.add(block.name().text());
        if (inner.returns.size() != 1) {
            sink.report(ErrorCode.E0503, inner.returns.isEmpty() ? block.name().span() : inner.returns.get(1).span(),
                    "block " + block.name().text() + (inner.returns.isEmpty() ? " has no return" : " returns twice"),
                    "a block ends with exactly one 'return expr'");
            return Type.ERROR;
        }
        inner.warnUnusedBindings();
        Expr result = inner.returns.get(0);
        Type type = inner.scope.type(result);
        BlockInstance inst = new BlockInstance(block, prefix, dims, tensorArgs, inner.params, inner.states, inner.bindings,
                inner.steps, inner.instances, result, type, inner.scope);
        site.called(c, Optional.of(inst));
        body.scope.resolve(c, new CallTarget.BlockCall(inst));
        return type;
    }

    private static String patternText(TensorType t) {
        String dims = t.dims().stream().map(d -> d instanceof TensorType.DimExpr.Fixed f
                ? Long.toString(f.value()) : ((TensorType.DimExpr.Named) d).name().text()).toList().toString();
        return t.dtype().map(d -> d.text()).orElse("") + dims;
    }

    static String signature(Decl.Block block) {
        return block.params().stream()
                .map(p -> p.name().text() + p.type().map(t -> ": " + patternText(t)).orElse(""))
                .collect(java.util.stream.Collectors.joining(", ", block.name().text() + "(", ")"));
    }
}
