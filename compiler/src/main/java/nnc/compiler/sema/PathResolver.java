package nnc.compiler.sema;

import java.util.List;
import java.util.Optional;
import nnc.compiler.ast.Expr;
import nnc.compiler.ast.Ident;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;

/** Resolves {@code h1.W} and {@code r1.a.W}: parameters (and state tensors) created by block calls. */
final class PathResolver {
    private final BodyChecker body;
    private final DiagnosticSink sink;

    PathResolver(BodyChecker body, DiagnosticSink sink) {
        this.body = body;
        this.sink = sink;
    }

    Optional<Symbol> resolve(Expr.Path p, Symbol head) {
        List<Ident> parts = p.parts();
        BlockInstance inst = body.instances.get(parts.get(0).text());
        if (inst == null) {
            if (head.type() instanceof Type.Tensor) {
                sink.report(ErrorCode.E0108, p.span(), "'" + parts.get(0).text() + "' is not a block call, so '"
                                + p.dotted() + "' names no parameter",
                        "a path names a parameter that a block call created: h1 = dense(x, 10) gives h1.W");
            }
            return Optional.empty();
        }
        for (int i = 1; i < parts.size() - 1; i++) {
            BlockInstance next = inst.nested().get(parts.get(i).text());
            if (next == null && inst.type() instanceof Type.Error) {
                return Optional.empty();
            } else if (next == null) {
                sink.report(ErrorCode.E0108, parts.get(i).span(), "'" + prefixOf(parts, i)
                                + "' is not a block call inside " + inst.prefix(),
                        "block calls inside " + inst.prefix() + ": " + names(inst.nested().keySet()));
                return Optional.empty();
            }
            inst = next;
        }
        Ident last = parts.get(parts.size() - 1);
        BlockInstance owner = inst;
        Optional<Symbol> param = owner.param(last.text()).<Symbol>map(Symbol.ParamRef::new)
                .or(() -> owner.state(last.text()).map(Symbol.StateRef::new));
        if (param.isEmpty() && !(inst.type() instanceof Type.Error)) {
            List<String> own = new java.util.ArrayList<>(inst.params().stream().map(q -> q.decl().name().text()).toList());
            inst.states().forEach(q -> own.add(q.decl().name().text()));
            String[] hint = Suggest.didYouMean(last.text(), own);
            sink.report(ErrorCode.E0108, last.span(), "block call " + inst.prefix() + " ("
                            + inst.decl().name().text() + ") has no parameter '" + last.text() + "'",
                    TypeResolver.append(hint, "its parameters are " + names(own)));
        }
        return param;
    }

    private static String prefixOf(List<Ident> parts, int upTo) {
        StringBuilder out = new StringBuilder(parts.get(0).text());
        for (int i = 1; i <= upTo; i++) {
            out.append('.').append(parts.get(i).text());
        }
        return out.toString();
    }

    private static String names(java.util.Collection<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names.stream().sorted().toList());
    }
}
