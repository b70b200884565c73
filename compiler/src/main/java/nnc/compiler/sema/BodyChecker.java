package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nnc.compiler.ast.Expr;
import nnc.compiler.ast.Ident;
import nnc.compiler.ast.Stmt;
import nnc.compiler.source.ErrorCode;
import nnc.compiler.source.Span;
import nnc.runtime.Dim;

/**
 * Checks the statements of one body: a model, or one call's instance of a block. Inputs and
 * parameters are visible in the whole body; a binding from the statement after it on.
 */
final class BodyChecker {
    enum Kind { MODEL, BLOCK }

    final ModelContext m;
    final Kind kind;
    /** {@code ""} for a model, {@code "h1."} for the instance called by binding {@code h1}. */
    final String prefix;
    /** Appended to messages about instances: {@code " in the call at mlp.nn:4:8"}. */
    final String where;
    final Scope scope = new Scope();
    final Map<String, Symbol> env = new HashMap<>();
    /** Where each name of this body is first declared (block parameters included). */
    final Map<String, Span> declared = new LinkedHashMap<>();
    final Map<String, BlockInstance> instances = new HashMap<>();
    final Map<String, Dim> dims;
    final Consts consts;
    final TypeResolver types;
    final List<ModelParam> params = new ArrayList<>();
    final List<ModelState> states = new ArrayList<>();
    final List<Binding> bindings = new ArrayList<>();
    /** The bindings and loops of this body in the order lowering performs them. */
    final List<Step> steps = new ArrayList<>();
    final List<ModelInput> inputs = new ArrayList<>();
    final List<ModelOutput> outputs = new ArrayList<>();
    final Set<Binding> outputBindings = Collections.newSetFromMap(new IdentityHashMap<>());
    final List<Expr> returns = new ArrayList<>();
    Optional<Binding> loss = Optional.empty();
    final ExprChecker exprs;
    private final LoopChecker loops;

    BodyChecker(ModelContext m, Kind kind, String prefix, String where, Map<String, Dim> dims,
                Map<String, Integer> sizes) {
        this.m = m;
        this.kind = kind;
        this.prefix = prefix;
        this.where = where;
        this.dims = Map.copyOf(dims);
        this.consts = new Consts(m.sink, sizes);
        this.types = new TypeResolver(m);
        this.exprs = new ExprChecker(this);
        this.loops = new LoopChecker(this);
    }

    /** Checks {@code body} in three passes: names, declarations, then bindings in order. */
    void check(List<Stmt> body) {
        List<Stmt> allowed = declareNames(body);
        for (Stmt s : allowed) {
            if (s instanceof Stmt.Input in) {
                input(in);
            } else if (s instanceof Stmt.Param p) {
                param(p);
            } else if (s instanceof Stmt.State st) {
                state(st);
            }
        }
        for (Stmt s : allowed) {
            if (s instanceof Stmt.Bind b) {
                steps.add(bind(b.name(), b.value(), b));
            } else if (s instanceof Stmt.For f) {
                steps.add(loops.loop(f));
            } else if (s instanceof Stmt.Output o && o.value().isPresent()) {
                Binding ob = bind(o.name(), o.value().get(), o);
                outputBindings.add(ob);
                steps.add(ob);
            } else if (s instanceof Stmt.Return r) {
                returns.add(r.value());
                exprs.check(r.value(), Optional.empty());
            }
        }
        for (Stmt s : allowed) {
            if (s instanceof Stmt.Output o) {
                output(o);
            }
        }
    }

    /** Records each declared name; reports duplicates and statements this body cannot hold. */
    private List<Stmt> declareNames(List<Stmt> body) {
        List<Stmt> allowed = new ArrayList<>();
        for (Stmt s : body) {
            if (!allowedHere(s)) {
                continue;
            }
            allowed.add(s);
            Optional<Ident> name = declaredName(s);
            if (name.isEmpty()) {
                continue;
            }
            Span first = declared.putIfAbsent(name.get().text(), name.get().span());
            if (first != null && kind == Kind.MODEL && name.get().text().equals("loss")) {
                m.sink.report(ErrorCode.E0502, name.get().span(), "this model already has a loss",
                        "the first loss is at " + first + "; add the terms into one: loss = a + b");
            } else if (first != null) {
                m.sink.report(ErrorCode.E0102, name.get().span(), "'" + name.get().text() + "' is declared twice",
                        "first declared at " + first);
            }
        }
        return allowed;
    }

    private boolean allowedHere(Stmt s) {
        String problem = null;
        if (kind == Kind.BLOCK && s instanceof Stmt.Input in) {
            problem = "a block cannot declare an " + in.kind().keyword() + "; make it a parameter of the block";
        } else if (kind == Kind.BLOCK && s instanceof Stmt.Output) {
            problem = "a block cannot declare an output; it returns its value with 'return'";
        } else if (kind == Kind.MODEL && s instanceof Stmt.Return) {
            problem = "'return' belongs in a block; a model names its results with 'output'";
        } else if (s instanceof Stmt.Collect c) {
            m.sink.report(ErrorCode.E0802, s.span(), c.name().text() + "[" + c.index().text()
                    + "] = … collects the steps of a for loop and belongs inside one",
                    "for t in range(T) { h = …  " + c.name().text() + "[t] = h }");
            return false;
        }
        if (problem != null) {
            m.sink.report(ErrorCode.E0111, s.span(), problem);
            return false;
        }
        return true;
    }

    static Optional<Ident> declaredName(Stmt s) {
        if (s instanceof Stmt.Input in) {
            return Optional.of(in.name());
        } else if (s instanceof Stmt.Param p) {
            return Optional.of(p.name());
        } else if (s instanceof Stmt.State st) {
            return Optional.of(st.name());
        } else if (s instanceof Stmt.Bind b) {
            return Optional.of(b.name());
        } else if (s instanceof Stmt.Output o && o.value().isPresent()) {
            return Optional.of(o.name());
        }
        return Optional.empty();
    }

    private void input(Stmt.Input in) {
        Optional<Type.Tensor> type = types.inputType(in.type());
        ModelInput input = new ModelInput(in.name().text(), in,
                type.orElse(Type.Tensor.scalar(nnc.runtime.DType.F32)));
        inputs.add(input);
        env.put(input.name(), type.isPresent() ? new Symbol.InputRef(input) : errorSymbol(in.name(), in));
    }

    private void param(Stmt.Param p) {
        String path = prefix + p.name().text();
        Optional<Type.Tensor> type = types.paramType(p.type(), path, dims, where);
        Optional<Init> init = Optional.empty();
        if (p.init().isEmpty()) {
            m.sink.report(ErrorCode.E0402, p.name().span(), "parameter " + path + " has no initializer",
                    "add one after '=': e.g. param W: [784, 256] = kaiming, param b: [256] = zeros");
        } else if (type.isPresent()) {
            init = new Initializers(m.sink, consts).resolve(p.init().get(), type.get());
        }
        if (type.isEmpty() || init.isEmpty()) {
            env.put(p.name().text(), errorSymbol(p.name(), p));
            return;
        }
        ModelParam param = new ModelParam(path, p, type.get(), init.get());
        params.add(param);
        m.params.add(param);
        env.put(p.name().text(), new Symbol.ParamRef(param));
    }

    private void state(Stmt.State st) {
        String path = prefix + st.name().text();
        Optional<Type.Tensor> type = types.paramType(st.type(), path, dims, where);
        Optional<Init> init = Optional.empty();
        if (st.init().isEmpty()) {
            m.sink.report(ErrorCode.E0402, st.name().span(), "state " + path + " has no initializer",
                    "add one after '=': e.g. state running_var: [64] = ones");
        } else if (type.isPresent()) {
            init = new Initializers(m.sink, consts).resolve(st.init().get(), type.get());
            if (init.isPresent() && !(init.get() instanceof Init.Constant)) {
                m.sink.report(ErrorCode.E0405, st.init().get().span(), "state " + path + " starts from "
                        + init.get().description() + ", but state initializers are constants",
                        "use zeros, ones, constant(v) or a number");
                init = Optional.empty();
            }
        }
        if (type.isEmpty() || init.isEmpty()) {
            env.put(st.name().text(), errorSymbol(st.name(), st));
            return;
        }
        ModelState state = new ModelState(path, st, type.get(), ((Init.Constant) init.get()).value());
        states.add(state);
        m.states.add(state);
        env.put(st.name().text(), new Symbol.StateRef(state));
    }

    /** A binding whose declaration failed: uses of it get the error type and no new message. */
    private static Symbol errorSymbol(Ident name, Stmt stmt) {
        return new Symbol.BindingRef(new Binding(name.text(), stmt, new Expr.Path(List.of(name), name.span())),
                Type.ERROR);
    }

    private Binding bind(Ident name, Expr value, Stmt stmt) {
        ExprChecker.BindingSite site = new ExprChecker.BindingSite(name.text());
        Type type = exprs.check(value, Optional.of(site));
        Binding binding = new Binding(name.text(), stmt, value);
        bindings.add(binding);
        site.instance().ifPresent(inst -> instances.put(name.text(), inst));
        if (env.containsKey(name.text())) {
            return binding;
        }
        env.put(name.text(), new Symbol.BindingRef(binding, type));
        if (kind == Kind.MODEL && name.text().equals("loss")) {
            loss = Optional.of(binding);
            m.used.add(binding);
            checkLoss(value, type);
        }
        return binding;
    }

    private void checkLoss(Expr value, Type type) {
        if (type instanceof Type.Tensor t && (!t.isScalar() || !t.dtype().isFloat())) {
            m.sink.report(ErrorCode.E0211, value.span(), "the loss must be a floating-point scalar, this one is " + t,
                    "reduce it to one number, e.g. mean(...) or sum(...)");
        }
    }

    private void output(Stmt.Output o) {
        String name = o.name().text();
        Symbol s = env.get(name);
        if (s == null) {
            List<String> notes = List.of(Suggest.didYouMean(name, env.keySet()));
            m.sink.report(ErrorCode.E0101, o.name().span(), "unknown name '" + name + "' in output",
                    TypeResolver.append(notes.toArray(String[]::new), "write 'output " + name + " = expr' to define it here"));
            return;
        }
        if (s instanceof Symbol.BindingRef b) {
            outputBindings.add(b.binding());
            m.used.add(b.binding());
        } else if (s instanceof Symbol.InputRef in) {
            m.used.add(in.input());
        } else if (s instanceof Symbol.ParamRef p) {
            m.used.add(p.param());
        }
        outputs.add(new ModelOutput(name, o, s));
    }

    /** Warnings for bindings nothing uses (inputs and parameters are the caller's business). */
    void warnUnusedBindings() {
        for (Binding b : bindings) {
            boolean special = outputBindings.contains(b) || loss.filter(l -> l == b).isPresent();
            if (!special && !m.used.contains(b) && env.get(b.name()) instanceof Symbol.BindingRef ref
                    && ref.binding() == b && ref.type() instanceof Type.Tensor) {
                Ident name = ((Stmt.Bind) b.stmt()).name();
                m.sink.report(ErrorCode.W0002, name.span(), "'" + b.name() + "' is computed but never used",
                        "use it, make it an output (output " + b.name() + "), or remove it");
            }
        }
    }
}
