package nnc.compiler.kernel;

import java.util.List;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Op;
import nnc.runtime.Dim;

/**
 * One node of a kernel's scalar expression DAG ({@link Body}): the value of a fused loop at one
 * element of its domain.
 */
public sealed interface Expr {

    /**
     * An element of a slot. The slot's data is read as a row-major tensor of shape {@code view}
     * (a reshape is only another view); view axis {@code a} is indexed by domain axis
     * {@code axisMap.get(a)}, or held at 0 when that is -1 (broadcast). Transposes and broadcasts
     * are therefore free.
     */
    record Load(Slot slot, List<Dim> view, List<Integer> axisMap) implements Expr {
        public Load {
            view = List.copyOf(view);
            axisMap = List.copyOf(axisMap);
        }

        /** How far the flat index moves when domain axis {@code d} advances by one. */
        public Extent stride(int d) {
            Extent inner = Extent.ONE;
            for (int a = view.size() - 1; a >= 0; a--) {
                if (axisMap.get(a) == d) {
                    return inner;
                }
                inner = inner.times(Extent.of(view.get(a)));
            }
            return Extent.ZERO;
        }
    }

    /** A constant. */
    record Const(double value) implements Expr {
    }

    /** The step's batch size {@code n} as a float. */
    record BatchSize() implements Expr {
    }

    /**
     * A hyperparameter the entry method receives as an argument ({@link SgdFusion}): the same at
     * every element, so a loop reads it once.
     */
    record Hyper(String name) implements Expr {
    }

    /** The matmul result at this element (only in a matmul's epilogue). */
    record Acc() implements Expr {
    }

    /** An elementwise op applied to earlier nodes of the body, by index. */
    record Apply(Op op, Attr attr, List<Integer> args) implements Expr {
        public Apply {
            args = List.copyOf(args);
        }
    }
}
