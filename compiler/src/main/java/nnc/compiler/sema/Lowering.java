package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import nnc.compiler.ast.Expr;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.ir.Emit;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.GraphBuilder;
import nnc.compiler.ir.IrException;
import nnc.compiler.ir.Named;
import nnc.compiler.ir.Node;
import nnc.compiler.source.Span;
import nnc.runtime.DType;

/**
 * Checked AST to graph IR: the forward graph of one model, with its inputs, targets and
 * parameters (by full path, {@code h1.W}) as leaves in declaration order, its outputs and its
 * loss. Blocks are inlined; every node gets the span of the expression (for a binary operator,
 * the operator token) it comes from. {@code grad(expr, wrt)} becomes gradient IR here, so the
 * training graph differentiates through it (second order). Builtins map to primitives and
 * {@link nnc.compiler.ir.Composites} in {@link BuiltinLowering}; the layers whose meaning depends
 * on the mode (dropout, batch norm) in {@link LayerLowering}.
 *
 * <p>A model is lowered once per {@link Mode}: the training graph uses batch statistics, applies
 * dropout and has a state update for each state tensor a layer updates; the inference graph uses
 * the running statistics and no dropout, and updates nothing. Lowered with one builder, the two
 * graphs share every node they have in common.
 */
public final class Lowering {
    /** Which forward pass to build. */
    public enum Mode {
        /** Training: dropout active, batch statistics, running statistics updated. */
        TRAIN,
        /** Inference: dropout removed, running statistics, no state updates. */
        INFER
    }

    /** The forward graphs of one model, lowered with one builder. */
    public record Modes(Graph train, Graph infer) {
    }

    private final GraphBuilder builder;
    private final LayerLowering layers;
    private final Map<String, Node> leaves = new HashMap<>();
    private final Map<Binding, Node> bindings = new IdentityHashMap<>();
    /** The value of each loop index while its loop is unrolled. */
    private final Map<String, Integer> loopValues = new HashMap<>();
    /** The values collected so far by each {@code hs[t] = v} of the loops being unrolled. */
    private final Map<Binding, List<Node>> collected = new IdentityHashMap<>();

    private Lowering(GraphBuilder builder, Mode mode) {
        this.builder = builder;
        this.layers = new LayerLowering(mode);
    }

    /** The forward graph of {@code model} in training mode, built with {@code builder}. */
    public static Graph lower(CheckedModel model, GraphBuilder builder) {
        return lower(model, builder, Mode.TRAIN);
    }

    /** The forward graph of {@code model} in {@code mode}, built with {@code builder}. */
    public static Graph lower(CheckedModel model, GraphBuilder builder, Mode mode) {
        return new Lowering(builder, mode).model(model);
    }

    /** Both forward graphs of {@code model}, built with {@code builder}. */
    public static Modes lowerModes(CheckedModel model, GraphBuilder builder) {
        return new Modes(lower(model, builder, Mode.TRAIN), lower(model, builder, Mode.INFER));
    }

    /** Where names of one body resolve: the model's scope, or one block instance's with its arguments. */
    record Body(Scope scope, Map<String, Node> blockArgs) {
    }

    private Graph model(CheckedModel m) {
        List<Node> declared = new ArrayList<>();
        for (ModelInput in : m.inputs()) {
            declared.add(leaf(builder.at(in.decl().span()).input(in.name(), irType(in.type()))));
        }
        for (ModelInput t : m.targets()) {
            declared.add(leaf(builder.at(t.decl().span()).target(t.name(), irType(t.type()))));
        }
        for (ModelParam p : m.params()) {
            declared.add(leaf(builder.at(p.decl().span()).param(p.path(), irType(p.type()))));
        }
        for (ModelState s : m.states()) {
            declared.add(leaf(builder.at(s.decl().span()).state(s.path(), irType(s.type()))));
        }
        Body body = new Body(m.scope(), Map.of());
        steps(m.steps(), body);
        List<Named> outputs = new ArrayList<>();
        for (ModelOutput o : m.outputs()) {
            outputs.add(new Named(o.name(), symbol(o.value(), body, o.stmt().span())));
        }
        return Graph.of(builder, declared).withOutputs(outputs).withLoss(bindings.get(m.loss()))
                .withStateUpdates(layers.stateUpdates());
    }

    private void steps(List<Step> steps, Body body) {
        for (Step s : steps) {
            if (s instanceof Binding b) {
                bindings.put(b, expr(b.value(), body));
            } else if (s instanceof Step.Update u) {
                bindings.put(u.target(), expr(u.value(), body));
            } else if (s instanceof Step.Collect c) {
                collected.get(c.target()).add(expr(c.value(), body));
            } else if (s instanceof Step.Loop l) {
                loop(l, body);
            }
        }
    }

    /** Unrolls a loop: its steps once per index value, then each collection stacked. */
    private void loop(Step.Loop l, Body body) {
        List<Step.Collect> collects = l.body().stream().filter(s -> s instanceof Step.Collect)
                .map(s -> (Step.Collect) s).toList();
        collects.forEach(c -> collected.put(c.target(), new ArrayList<>()));
        for (int t = 0; t < l.count(); t++) {
            loopValues.put(l.var(), t);
            steps(l.body(), body);
        }
        loopValues.remove(l.var());
        for (Step.Collect c : collects) {
            List<Node> values = collected.remove(c.target());
            Node stacked = new nnc.compiler.ir.Composites(builder.at(c.stmt().span()))
                    .stack(values, LoopChecker.stackAxis(values.get(0).type().shape()));
            bindings.put(c.target(), stacked);
        }
    }

    /** The constant arguments with each sequence index evaluated at the current loop step. */
    private Map<String, Attr> atStep(Map<String, Attr> attrs) {
        Map<String, Attr> out = new HashMap<>(attrs);
        attrs.forEach((k, v) -> {
            if (v instanceof Attr.Index i) {
                out.put(k, new Attr.Int(i.at(i.var().map(loopValues::get).orElse(0))));
            }
        });
        return out;
    }

    private Node leaf(Node n) {
        leaves.put(n.op().textName() + " " + n.name(), n);
        return n;
    }

    Node expr(Expr e, Body body) {
        Emit at = builder.at(e.span());
        if (e instanceof Expr.Number n) {
            return at.constant(n.value(), dtype(body.scope().type(e)));
        } else if (e instanceof Expr.Path p) {
            return symbol(body.scope().symbol(p), body, p.span());
        } else if (e instanceof Expr.Neg n) {
            return at.neg(expr(n.operand(), body));
        } else if (e instanceof Expr.Binary b) {
            return binary(b, body);
        } else if (e instanceof Expr.Call c) {
            return call(c, body);
        }
        throw new IrException(e.span(), "not a value expression: " + e.getClass().getSimpleName());
    }

    private Node binary(Expr.Binary b, Body body) {
        Node l = expr(b.left(), body);
        Node r = expr(b.right(), body);
        Emit at = builder.at(b.opSpan());
        return switch (b.op()) {
            case ADD -> at.add(l, r);
            case SUB -> at.sub(l, r);
            case MUL -> at.mul(l, r);
            case DIV -> at.div(l, r);
            case POW -> at.pow(l, r);
            case MATMUL -> at.matmul(l, r);
        };
    }

    private Node call(Expr.Call c, Body body) {
        CallTarget target = body.scope().target(c);
        if (target instanceof CallTarget.BlockCall block) {
            return inline(block.instance(), body);
        }
        CallTarget.BuiltinCall builtin = (CallTarget.BuiltinCall) target;
        List<Node> operands = new ArrayList<>(builtin.operands().stream().map(o -> expr(o, body)).toList());
        builtin.weights().forEach(w -> operands.add(leafNamed("param", w.path(), c.span())));
        Emit at = builder.at(c.span());
        if (builtin.builtin().name().equals("grad")) {
            Symbol wrt = ((Attr.Ref) builtin.attrs().get("wrt")).symbol();
            return Autodiff.gradients(builder, operands.get(0), List.of(symbol(wrt, body, c.span()))).get(0);
        }
        if (LayerLowering.handles(builtin.builtin().name())) {
            return layers.lower(builtin.builtin().name(), operands, atStep(builtin.attrs()), at);
        }
        if (ConvRules.handles(builtin.builtin().name())) {
            return ConvRules.lower(builtin.builtin().name(), operands, atStep(builtin.attrs()), at);
        }
        return BuiltinLowering.lower(builtin.builtin().name(), operands, atStep(builtin.attrs()), at);
    }

    /** A block call: its arguments in the caller's body, its bindings and result in the instance's. */
    private Node inline(BlockInstance instance, Body caller) {
        Map<String, Node> args = new HashMap<>();
        instance.arguments().forEach((name, e) -> args.put(name, expr(e, caller)));
        Body inner = new Body(instance.scope(), Map.copyOf(args));
        steps(instance.steps(), inner);
        return expr(instance.result(), inner);
    }

    private Node symbol(Symbol s, Body body, Span span) {
        if (s instanceof Symbol.InputRef in) {
            return leafNamed(in.input().decl().kind().keyword(), in.input().name(), span);
        } else if (s instanceof Symbol.ParamRef p) {
            return leafNamed("param", p.param().path(), span);
        } else if (s instanceof Symbol.StateRef st) {
            return leafNamed("state", st.state().path(), span);
        } else if (s instanceof Symbol.BindingRef b) {
            Node n = bindings.get(b.binding());
            if (n == null) {
                throw new IrException(span, "binding " + b.binding().name() + " used before it is lowered");
            }
            return n;
        } else if (s instanceof Symbol.BlockArgRef a) {
            return body.blockArgs().get(a.param().name().text());
        }
        if (s instanceof Symbol.LoopIndex) {
            throw new IrException(span, "the loop index " + s + " is not a value");
        }
        Symbol.SizeRef size = (Symbol.SizeRef) s;
        return builder.at(span).constant(size.value(), DType.F32);
    }

    private Node leafNamed(String kind, String name, Span span) {
        Node n = leaves.get(kind + " " + name);
        if (n == null) {
            throw new IrException(span, "no " + kind + " named " + name);
        }
        return n;
    }

    static nnc.compiler.ir.Type irType(Type.Tensor t) {
        return new nnc.compiler.ir.Type(t.dtype(), t.shape());
    }

    private static DType dtype(Type t) {
        return t instanceof Type.Tensor tensor ? tensor.dtype() : DType.F32;
    }
}
