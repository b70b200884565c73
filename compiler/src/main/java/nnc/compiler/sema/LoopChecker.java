package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nnc.compiler.ast.Stmt;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;
import nnc.runtime.Dim;

/**
 * Checks a {@code for t in range(T) { … }} statement of a body, once (the types do not depend
 * on {@code t}); lowering unrolls it. Inside the loop, a binding to a name bound before it
 * updates that value for the following statements and steps (the loop carries it, with an
 * unchanged type); a binding to a new name is local to a step; {@code hs[t] = v} collects
 * {@code v} of every step into {@code hs}, visible after the loop. Block calls in a loop are
 * instantiated once, so every step shares their parameters.
 */
final class LoopChecker {
    private final BodyChecker body;
    private final DiagnosticSink sink;

    LoopChecker(BodyChecker body) {
        this.body = body;
        this.sink = body.m.sink;
    }

    Step.Loop loop(Stmt.For f) {
        int count = count(f);
        String var = f.var().text();
        if (body.env.containsKey(var)) {
            sink.report(ErrorCode.E0102, f.var().span(), "'" + var + "' is already declared; the loop index needs a new name");
        }
        Map<String, Symbol> before = new HashMap<>(body.env);
        body.env.put(var, new Symbol.LoopIndex(var, count));
        List<Step> steps = new ArrayList<>();
        Map<String, Symbol> collected = new LinkedHashMap<>();
        for (Stmt s : f.body()) {
            if (s instanceof Stmt.Bind b) {
                bind(b, before).ifPresent(steps::add);
            } else if (s instanceof Stmt.Collect c) {
                collect(c, var, count, collected).ifPresent(steps::add);
            } else if (s instanceof Stmt.For inner) {
                steps.add(loop(inner));
            } else {
                sink.report(ErrorCode.E0802, s.span(), "a for loop holds bindings, collections (hs[t] = h) and loops",
                        "declare inputs, targets, parameters and outputs outside the loop");
            }
        }
        body.env.clear();
        body.env.putAll(before);
        body.env.putAll(collected);
        return new Step.Loop(f, var, count, steps);
    }

    /** The number of steps: {@code range(n)} with a positive integer constant n (1 after an error). */
    private int count(Stmt.For f) {
        if (!f.range().text().equals("range")) {
            sink.report(ErrorCode.E0801, f.range().span(), "a for loop runs over range(n), not '" + f.range().text() + "'",
                    "for t in range(8) { … } runs its body for t = 0 … 7");
            return 1;
        }
        Optional<Long> n = body.consts.integer(f.count(), "the length of a for loop");
        if (n.isPresent() && (n.get() < 1 || n.get() > 100_000)) {
            sink.report(ErrorCode.E0801, f.count().span(), "a for loop of " + n.get() + " steps",
                    "the length is a positive integer constant (at most 100000): the loop is unrolled");
            return 1;
        }
        return n.map(Long::intValue).orElse(1);
    }

    private Optional<Step> bind(Stmt.Bind b, Map<String, Symbol> before) {
        String name = b.name().text();
        ExprChecker.BindingSite site = new ExprChecker.BindingSite(name);
        Type type = body.exprs.check(b.value(), Optional.of(site));
        site.instance().ifPresent(inst -> body.instances.put(name, inst));
        Symbol prev = body.env.get(name);
        if (prev == null) {
            Binding local = new Binding(name, b, b.value());
            body.env.put(name, new Symbol.BindingRef(local, type));
            return Optional.of(local);
        }
        if (prev instanceof Symbol.BindingRef carried && before.get(name) == prev) {
            body.m.used.add(carried.binding());
            if (type instanceof Type.Tensor t && carried.type() instanceof Type.Tensor was && !t.equals(was)) {
                sink.report(ErrorCode.E0804, b.value().span(), "the loop carries '" + name + "': " + was
                                + ", but this step makes it " + t,
                        "each step must give '" + name + "' the type it had before the loop");
                return Optional.empty();
            }
            return Optional.of(new Step.Update(carried.binding(), b.value(), b));
        }
        sink.report(ErrorCode.E0102, b.name().span(), "'" + name + "' is declared twice",
                prev instanceof Symbol.BindingRef ? "a name new in a loop is bound once per step"
                        : "a loop can update bindings declared before it, not inputs, parameters or loop indices");
        return Optional.empty();
    }

    private Optional<Step> collect(Stmt.Collect c, String var, int count, Map<String, Symbol> collected) {
        String name = c.name().text();
        Type type = body.exprs.check(c.value(), Optional.empty());
        if (!c.index().text().equals(var)) {
            sink.report(ErrorCode.E0803, c.index().span(), name + "[" + c.index().text() + "] must be indexed by the loop's index '"
                    + var + "'", "write " + name + "[" + var + "] = …");
            return Optional.empty();
        }
        if (body.env.containsKey(name) || collected.containsKey(name)) {
            sink.report(ErrorCode.E0102, c.name().span(), "'" + name + "' is declared twice",
                    "collect the steps into a new name");
            return Optional.empty();
        }
        Binding target = new Binding(name, c, c.value());
        collected.put(name, new Symbol.BindingRef(target, stacked(type, count)));
        return Optional.of(new Step.Collect(target, c.value(), c));
    }

    /** A step's type with the loop's axis: after a leading batch axis, else first. */
    static Type stacked(Type step, int count) {
        if (!(step instanceof Type.Tensor t)) {
            return step;
        }
        List<Dim> shape = new ArrayList<>(t.shape());
        shape.add(stackAxis(t.shape()), Dim.of(count));
        return t.withShape(shape);
    }

    /** Where {@code hs[t] = v} puts the loop's axis in a value of shape {@code step}. */
    static int stackAxis(List<Dim> step) {
        return !step.isEmpty() && step.get(0) instanceof Dim.Symbolic ? 1 : 0;
    }
}
