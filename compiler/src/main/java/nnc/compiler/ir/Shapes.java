package nnc.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nnc.runtime.Dim;

/** Shape arithmetic shared by the type rules, the autodiff driver and the passes. */
public final class Shapes {
    private static final Dim ONE = Dim.of(1);

    private Shapes() {
    }

    /** The numpy broadcast of two shapes (align right; a dimension 1 or absent stretches). */
    public static Optional<List<Dim>> broadcast(List<Dim> a, List<Dim> b) {
        int rank = Math.max(a.size(), b.size());
        List<Dim> out = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            Dim da = dimFromRight(a, rank - 1 - i);
            Dim db = dimFromRight(b, rank - 1 - i);
            if (da.equals(db) || db.equals(ONE)) {
                out.add(da);
            } else if (da.equals(ONE)) {
                out.add(db);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(List.copyOf(out));
    }

    /** Whether {@code from} broadcasts to exactly {@code to}. */
    public static boolean broadcastsTo(List<Dim> from, List<Dim> to) {
        return broadcast(from, to).filter(to::equals).isPresent();
    }

    /**
     * The axes of {@code to} that a broadcast from {@code from} stretched: the leading axes
     * {@code from} lacks, and those where {@code from} has size 1 and {@code to} does not.
     */
    public static List<Integer> stretchedAxes(List<Dim> from, List<Dim> to) {
        int lead = to.size() - from.size();
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < to.size(); i++) {
            if (i < lead || (from.get(i - lead).equals(ONE) && !to.get(i).equals(ONE))) {
                axes.add(i);
            }
        }
        return List.copyOf(axes);
    }

    /** {@code shape} without the given axes. */
    public static List<Dim> drop(List<Dim> shape, List<Integer> axes) {
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < shape.size(); i++) {
            if (!axes.contains(i)) {
                out.add(shape.get(i));
            }
        }
        return List.copyOf(out);
    }

    /** {@code shape} with the given axes replaced by 1 (numpy's keepdims). */
    public static List<Dim> keep(List<Dim> shape, List<Integer> axes) {
        List<Dim> out = new ArrayList<>(shape);
        for (int axis : axes) {
            out.set(axis, ONE);
        }
        return List.copyOf(out);
    }

    /** Whether two shapes hold the same number of elements for every size of the symbolic dims. */
    public static boolean sameElementCount(List<Dim> a, List<Dim> b) {
        return fixedProduct(a) == fixedProduct(b) && symbols(a).equals(symbols(b));
    }

    /** The inverse of a permutation. */
    public static List<Integer> inverse(List<Integer> perm) {
        Integer[] inv = new Integer[perm.size()];
        for (int i = 0; i < perm.size(); i++) {
            inv[perm.get(i)] = i;
        }
        return List.of(inv);
    }

    /** Whether {@code perm} is a permutation of 0..n-1. */
    public static boolean isPermutation(List<Integer> perm, int n) {
        return perm.size() == n && perm.stream().sorted().toList().equals(range(n));
    }

    /** The list 0, 1, …, n-1. */
    public static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return List.copyOf(out);
    }

    private static Dim dimFromRight(List<Dim> shape, int fromRight) {
        int i = shape.size() - 1 - fromRight;
        return i >= 0 ? shape.get(i) : ONE;
    }

    private static long fixedProduct(List<Dim> shape) {
        long n = 1;
        for (Dim d : shape) {
            if (d instanceof Dim.Fixed f) {
                n *= f.size();
            }
        }
        return n;
    }

    private static List<String> symbols(List<Dim> shape) {
        return shape.stream().filter(d -> d instanceof Dim.Symbolic)
                .map(Dim::toString).sorted().toList();
    }
}
