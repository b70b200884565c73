package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nnc.compiler.ast.Decl;
import nnc.compiler.ast.Program;
import nnc.compiler.ast.Stmt;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;
import nnc.compiler.source.Span;

/**
 * The checker's entry point: names, types and shapes of a whole file. Every problem goes to the
 * sink; the result is present only when there was no error (warnings are fine). Warnings about
 * unused things are given only when there was no error: an error can hide a use.
 */
public final class Checker {
    private final DiagnosticSink sink;
    private boolean failed;

    private Checker(DiagnosticSink sink) {
        this.sink = d -> {
            failed |= d.isError();
            sink.report(d);
        };
    }

    /** Checks {@code program}; the checked program, or empty after reporting errors. */
    public static Optional<CheckedProgram> check(Program program, DiagnosticSink sink) {
        Checker c = new Checker(sink);
        List<CheckedModel> models = c.run(program);
        return c.failed ? Optional.empty() : Optional.of(new CheckedProgram(program, models));
    }

    private List<CheckedModel> run(Program program) {
        Map<String, Decl.Block> blocks = new LinkedHashMap<>();
        List<Decl.Model> models = new ArrayList<>();
        Map<String, Decl> names = new HashMap<>();
        for (Decl d : program.decls()) {
            if (!(d instanceof Decl.Train)) {
                declareTopLevel(d, names);
            }
            if (d instanceof Decl.Block b) {
                blocks.putIfAbsent(b.name().text(), b);
            } else if (d instanceof Decl.Model m) {
                models.add(m);
            }
        }
        if (models.isEmpty()) {
            sink.report(ErrorCode.E0006, new Span(program.file(), 0, 0), "'" + program.file().name()
                    + "' declares no model", "a model looks like: model Name { input x: [batch, 2] ... loss = ... }");
        }
        Set<String> recursive = new Recursion(blocks, sink).find();
        Map<String, Decl.Train> trains = trains(program, models);
        Set<String> called = new LinkedHashSet<>();
        List<CheckedModel> out = new ArrayList<>();
        for (Decl.Model m : models) {
            ModelContext ctx = new ModelContext(sink, blocks, recursive, called);
            model(m, ctx, Optional.ofNullable(trains.get(m.name().text()))).ifPresent(out::add);
        }
        for (Decl.Block b : blocks.values()) {
            if (!failed && !called.contains(b.name().text()) && !recursive.contains(b.name().text())) {
                sink.report(ErrorCode.W0004, b.name().span(), "block '" + b.name().text() + "' is never called",
                        "nnc checks a block's body where a model calls it");
            }
        }
        return out;
    }

    private void declareTopLevel(Decl d, Map<String, Decl> names) {
        String name = d.name().text();
        Decl first = names.putIfAbsent(name, d);
        if (first != null) {
            sink.report(ErrorCode.E0105, d.name().span(), "'" + name + "' is declared twice",
                    "first declared at " + first.name().span() + "; models and blocks share one namespace");
        } else if (d instanceof Decl.Block && Builtins.TABLE.containsKey(name)) {
            sink.report(ErrorCode.E0105, d.name().span(), "block '" + name + "' has the name of a builtin function",
                    "choose another name, e.g. my_" + name);
        }
    }

    private Map<String, Decl.Train> trains(Program program, List<Decl.Model> models) {
        Map<String, Decl.Train> out = new HashMap<>();
        List<String> modelNames = models.stream().map(m -> m.name().text()).toList();
        for (Decl d : program.decls()) {
            if (!(d instanceof Decl.Train t)) {
                continue;
            }
            String name = t.name().text();
            if (!modelNames.contains(name)) {
                sink.report(ErrorCode.E0106, t.name().span(), "train section for unknown model '" + name + "'",
                        TypeResolver.append(Suggest.didYouMean(name, modelNames),
                                "the models in this file: " + String.join(", ", modelNames)));
            } else if (out.containsKey(name)) {
                sink.report(ErrorCode.E0107, t.name().span(), "a second train section for model '" + name + "'",
                        "the first is at " + out.get(name).name().span());
            } else {
                out.put(name, t);
            }
        }
        return out;
    }

    private Optional<CheckedModel> model(Decl.Model m, ModelContext ctx, Optional<Decl.Train> trainDecl) {
        BodyChecker body = new BodyChecker(ctx, BodyChecker.Kind.MODEL, "", "", Map.of(), Map.of());
        body.check(m.body());
        if (body.loss.isEmpty() && !body.declared.containsKey("loss")) {
            sink.report(ErrorCode.E0501, m.name().span(), "model " + m.name().text() + " has no loss",
                    "add a binding named loss, e.g. loss = mse(out, y)");
        }
        Optional<TrainConfig> train = trainDecl.flatMap(t -> new TrainChecker(sink).check(t));
        if (!failed) {
            warnUnused(body, ctx);
        }
        if (body.loss.isEmpty()) {
            return Optional.empty();
        }
        List<ModelInput> inputs = body.inputs.stream().filter(i -> i.decl().kind() == Stmt.InputKind.INPUT).toList();
        List<ModelInput> targets = body.inputs.stream().filter(i -> i.decl().kind() == Stmt.InputKind.TARGET).toList();
        return Optional.of(new CheckedModel(m, ctx.symbolicDim().map(i -> i.text()), inputs, targets, ctx.params,
                ctx.states, body.bindings, body.steps, body.instances, body.outputs, body.loss.get(), train, body.scope));
    }

    private void warnUnused(BodyChecker body, ModelContext ctx) {
        for (ModelInput in : body.inputs) {
            if (!ctx.used.contains(in)) {
                sink.report(ErrorCode.W0003, in.decl().name().span(), in.decl().kind().keyword() + " '"
                        + in.name() + "' is never used", "remove it, or use it in the model");
            }
        }
        for (ModelParam p : ctx.params) {
            if (!ctx.used.contains(p)) {
                sink.report(ErrorCode.W0001, p.decl().name().span(), "parameter " + p.path() + " is never used",
                        "an unused parameter never changes; remove it or use it");
            }
        }
        body.warnUnusedBindings();
    }
}
