package nnc.compiler.kernel;

import java.util.List;
import java.util.stream.Collectors;
import nnc.compiler.ir.Type;
import nnc.runtime.Dim;

/** Small helpers for describing kernels. */
final class Kernels {
    private Kernels() {
    }

    static String shape(List<Dim> shape) {
        return Type.shapeText(shape);
    }

    static String names(List<Slot> slots) {
        return slots.stream().map(Slot::name).collect(Collectors.joining(", "));
    }
}
