package nnc.compiler.kernel;

import java.util.ArrayList;
import java.util.List;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.runtime.Dim;

/**
 * Index maps of values inside a fused loop: for each axis of a value, the domain axis that
 * indexes it, or -1 where the value is broadcast (held at index 0).
 */
final class Views {
    private static final Dim ONE = Dim.of(1);

    private Views() {
    }

    /** The identity map of a value whose shape is the domain. */
    static List<Integer> identity(int rank) {
        List<Integer> m = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            m.add(i);
        }
        return List.copyOf(m);
    }

    /** The map of an operand of shape {@code from} broadcast (numpy rules) to a value with map {@code to}. */
    static List<Integer> broadcast(List<Dim> from, List<Dim> toShape, List<Integer> to) {
        int lead = toShape.size() - from.size();
        List<Integer> m = new ArrayList<>(from.size());
        for (int a = 0; a < from.size(); a++) {
            m.add(from.get(a).equals(ONE) ? -1 : to.get(a + lead));
        }
        return List.copyOf(m);
    }

    /** The map of the operand of a transpose whose result has map {@code to}. */
    static List<Integer> transpose(Node t, List<Integer> to) {
        List<Integer> perm = ((Attr.Perm) t.attr()).perm();
        Integer[] m = new Integer[perm.size()];
        for (int i = 0; i < perm.size(); i++) {
            m[perm.get(i)] = to.get(i);
        }
        return List.of(m);
    }

    /** Whether {@code map} reads a value of shape {@code shape} at exactly the domain index. */
    static boolean isIdentity(List<Integer> map, List<Dim> shape, List<Dim> domain) {
        return shape.equals(domain) && map.equals(identity(domain.size()));
    }

    /** Whether a reshape keeps the axes of size other than 1, in order (it only adds or drops 1s). */
    static boolean unitReshape(Node r) {
        return nonUnit(r.input(0).type().shape()).equals(nonUnit(r.type().shape()));
    }

    /** The map of the operand of a unit reshape whose result has map {@code to}. */
    static List<Integer> reshape(Node r, List<Integer> to) {
        List<Dim> from = r.input(0).type().shape();
        List<Dim> result = r.type().shape();
        List<Integer> m = new ArrayList<>(from.size());
        int k = 0;
        for (Dim d : from) {
            if (d.equals(ONE)) {
                m.add(-1);
                continue;
            }
            while (result.get(k).equals(ONE)) {
                k++;
            }
            m.add(to.get(k++));
        }
        return List.copyOf(m);
    }

    private static List<Dim> nonUnit(List<Dim> shape) {
        return shape.stream().filter(d -> !d.equals(ONE)).toList();
    }

    /** Whether a transpose swaps the last two axes and keeps the others (a matmul can absorb it). */
    static boolean swapsLastTwo(Node t) {
        if (t.op() != Op.TRANSPOSE) {
            return false;
        }
        List<Integer> perm = ((Attr.Perm) t.attr()).perm();
        int r = perm.size();
        if (r < 2 || perm.get(r - 1) != r - 2 || perm.get(r - 2) != r - 1) {
            return false;
        }
        for (int i = 0; i < r - 2; i++) {
            if (perm.get(i) != i) {
                return false;
            }
        }
        return true;
    }
}
