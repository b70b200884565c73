package nnc.compiler.codegen;

import java.util.BitSet;
import java.util.function.IntPredicate;
import nnc.compiler.kernel.Body;
import nnc.compiler.kernel.Expr;
import org.objectweb.asm.Type;

/**
 * Evaluates the nodes of a {@link Body} into locals, each with the shared {@link ScalarOps}
 * table. Where loads read from and what the matmul accumulator is are the caller's business
 * ({@link Site}); which nodes to evaluate is a set, so callers hoist loop-invariant nodes out of
 * inner loops.
 */
final class BodyEmitter {
    /** How to read the leaves of a body at the current element. */
    interface Site {
        /** Pushes the array and the index of load {@code node}. */
        void pushLoad(int node, Expr.Load load);

        /** Pushes the matmul accumulator's value (value type). */
        void pushAcc();
    }

    private final MethodContext c;
    private final Body body;
    private final Type t;
    private final int[] locals;

    BodyEmitter(MethodContext c, Body body, Type t) {
        this.c = c;
        this.body = body;
        this.t = t;
        this.locals = new int[body.size()];
        for (int i = 0; i < locals.length; i++) {
            locals[i] = c.g.newLocal(t);
        }
    }

    /** The field of the generated class holding hyperparameter {@code name} ({@link Expr.Hyper}) for the running step. */
    static String hyperField(String name) {
        return "hyper$" + name;
    }

    /** The local holding node {@code i} once evaluated. */
    int local(int i) {
        return locals[i];
    }

    /** The nodes whose value does not change when the loads {@code variesLoad} rejects stay put. */
    BitSet invariant(IntPredicate loadVaries, boolean accVaries) {
        BitSet inv = new BitSet();
        for (int i = 0; i < body.size(); i++) {
            Expr e = body.node(i);
            boolean v;
            if (e instanceof Expr.Load) {
                v = !loadVaries.test(i);
            } else if (e instanceof Expr.Acc) {
                v = !accVaries;
            } else if (e instanceof Expr.Apply a) {
                v = a.args().stream().allMatch(inv::get);
            } else {
                v = true;
            }
            inv.set(i, v);
        }
        return inv;
    }

    /** Evaluates the nodes in {@code which}, in order. */
    void emit(BitSet which, Site site) {
        for (int i = which.nextSetBit(0); i >= 0; i = which.nextSetBit(i + 1)) {
            Expr e = body.node(i);
            if (e instanceof Expr.Load l) {
                site.pushLoad(i, l);
                c.loadElement(l.slot().dtype(), t);
            } else if (e instanceof Expr.Const k) {
                pushConst(k.value());
            } else if (e instanceof Expr.BatchSize) {
                c.loadN();
                c.g.cast(Type.INT_TYPE, t);
            } else if (e instanceof Expr.Hyper h) {
                c.g.loadThis();
                c.g.getField(c.layout.owner(), hyperField(h.name()), t);
            } else if (e instanceof Expr.Acc) {
                site.pushAcc();
            } else if (e instanceof Expr.Apply a) {
                ScalarOps.emit(c.g, a.op(), a.attr(), t, a.args().stream().mapToInt(j -> locals[j]).toArray());
            }
            c.g.storeLocal(locals[i]);
        }
    }

    /** All nodes. */
    BitSet all() {
        BitSet b = new BitSet();
        b.set(0, body.size());
        return b;
    }

    private void pushConst(double v) {
        if (t.equals(Type.FLOAT_TYPE)) {
            c.g.push((float) v);
        } else {
            c.g.push(v);
        }
    }
}
