package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.compiler.ast.Decl;
import nnc.compiler.ast.Expr;
import nnc.compiler.ast.Stmt;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;

/** Finds blocks that call themselves, directly or through others (E0109): blocks are inlined. */
final class Recursion {
    private final Map<String, Decl.Block> blocks;
    private final DiagnosticSink sink;
    private final Map<String, List<Expr.Call>> calls = new LinkedHashMap<>();
    private final Set<String> done = new LinkedHashSet<>();
    private final List<String> stack = new ArrayList<>();
    private final Set<String> recursive = new LinkedHashSet<>();

    Recursion(Map<String, Decl.Block> blocks, DiagnosticSink sink) {
        this.blocks = blocks;
        this.sink = sink;
        blocks.forEach((name, b) -> calls.put(name, blockCalls(b)));
    }

    /** The names of the blocks on a cycle; each cycle is reported once, at the call that closes it. */
    Set<String> find() {
        blocks.keySet().forEach(this::visit);
        return Set.copyOf(recursive);
    }

    private void visit(String name) {
        if (done.contains(name)) {
            return;
        }
        stack.add(name);
        for (Expr.Call call : calls.get(name)) {
            String callee = call.callee().text();
            int onStack = stack.indexOf(callee);
            if (onStack >= 0) {
                List<String> cycle = new ArrayList<>(stack.subList(onStack, stack.size()));
                recursive.addAll(cycle);
                cycle.add(callee);
                sink.report(ErrorCode.E0109, call.callee().span(), cycle.size() == 2
                                ? "block '" + callee + "' calls itself"
                                : "blocks call each other in a cycle: " + String.join(" -> ", cycle),
                        "blocks are inlined where they are called, so they cannot recurse; "
                                + "unroll the repetition with separate bindings");
            } else {
                visit(callee);
            }
        }
        stack.remove(stack.size() - 1);
        done.add(name);
    }

    private List<Expr.Call> blockCalls(Decl.Block b) {
        List<Expr.Call> out = new ArrayList<>();
        for (Stmt s : b.body()) {
            if (s instanceof Stmt.Bind bind) {
                collect(bind.value(), out);
            } else if (s instanceof Stmt.Return r) {
                collect(r.value(), out);
            } else if (s instanceof Stmt.Output o) {
                o.value().ifPresent(v -> collect(v, out));
            }
        }
        return out;
    }

    private void collect(Expr e, List<Expr.Call> out) {
        if (e instanceof Expr.Call c) {
            if (blocks.containsKey(c.callee().text())) {
                out.add(c);
            }
            c.args().forEach(a -> collect(a.value(), out));
        } else if (e instanceof Expr.Neg n) {
            collect(n.operand(), out);
        } else if (e instanceof Expr.Binary b) {
            collect(b.left(), out);
            collect(b.right(), out);
        } else if (e instanceof Expr.ListLit l) {
            l.items().forEach(i -> collect(i, out));
        }
    }
}
