package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import nnc.runtime.Dim;

/** Shape arithmetic: numpy broadcasting and printing. */
final class Shapes {
    private static final Dim ONE = Dim.of(1);

    private Shapes() {
    }

    /**
     * numpy broadcasting: align the shapes on the right; a pair of dimensions is compatible
     * when they are equal or one of them is 1; a missing dimension counts as 1.
     */
    static Optional<List<Dim>> broadcast(List<Dim> a, List<Dim> b) {
        int rank = Math.max(a.size(), b.size());
        List<Dim> out = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            Dim x = fromRight(a, rank - 1 - i);
            Dim y = fromRight(b, rank - 1 - i);
            if (x.equals(y) || y.equals(ONE)) {
                out.add(x);
            } else if (x.equals(ONE)) {
                out.add(y);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(List.copyOf(out));
    }

    /** The first pair (from the right) of dimensions that does not broadcast, for messages. */
    static String conflict(List<Dim> a, List<Dim> b) {
        int rank = Math.max(a.size(), b.size());
        for (int i = 0; i < rank; i++) {
            Dim x = fromRight(a, rank - 1 - i);
            Dim y = fromRight(b, rank - 1 - i);
            if (!x.equals(y) && !x.equals(ONE) && !y.equals(ONE)) {
                return x + " vs " + y;
            }
        }
        return "none";
    }

    private static Dim fromRight(List<Dim> shape, int indexInRank) {
        int rank = Math.max(0, indexInRank);
        int offset = shape.size() - (rank + 1);
        return offset < 0 ? ONE : shape.get(offset);
    }

    static String show(List<Dim> shape) {
        return shape.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
