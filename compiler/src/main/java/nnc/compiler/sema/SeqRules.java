package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.List;
import nnc.compiler.ir.Composites;
import nnc.compiler.source.ErrorCode;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/** The result-type rules of the sequence builtins ({@code at}, {@code slice}, {@code concat}, {@code zeros}, the cells, attention). */
final class SeqRules {
    private SeqRules() {
    }

    /** {@code at(x, t, axis)}: x without the axis; t within it for every step of the loop. */
    static Type at(CallSite s) {
        Type.Tensor x = s.operand(0);
        int axis = axis(s);
        if (!fixed(s, x, axis) || !inRange(s, "index", index(s, "index"), x, axis, 0)) {
            return Type.ERROR;
        }
        List<Dim> out = new ArrayList<>(x.shape());
        out.remove(axis);
        return x.withShape(out);
    }

    /** {@code slice(x, start, end, axis)}: elements start .. end-1; the bounds may move with a loop index. */
    static Type slice(CallSite s) {
        Type.Tensor x = s.operand(0);
        int axis = axis(s);
        Attr.Index start = index(s, "start");
        Attr.Index end = index(s, "end");
        if (!fixed(s, x, axis) || !inRange(s, "start", start, x, axis, 0) || !inRange(s, "end", end, x, axis, 1)) {
            return Type.ERROR;
        }
        boolean sameVar = start.var().equals(end.var()) && (start.var().isEmpty() || start.sign() == end.sign());
        long size = end.offset() - start.offset();
        if (!sameVar || size < 1) {
            return s.error(ErrorCode.E0805, "slice needs end - start to be a positive constant, got start "
                    + text(start) + " and end " + text(end), "e.g. slice(x, t, t + 2) or slice(x, 0, 4)");
        }
        List<Dim> out = new ArrayList<>(x.shape());
        out.set(axis, Dim.of((int) size));
        return x.withShape(out);
    }

    /** {@code concat(a, b, …, axis)}: equal shapes except along the fixed axis, whose sizes add up. */
    static Type concat(CallSite s) {
        Type.Tensor first = s.operand(0);
        int axis = axis(s);
        int total = 0;
        for (int i = 0; i < s.operands().size(); i++) {
            Type.Tensor x = s.operand(i);
            if (x.rank() != first.rank() || !fixed(s, x, axis)) {
                return x.rank() != first.rank() ? s.errorAt(i, ErrorCode.E0805, "concat needs operands of one rank, "
                        + s.operandText(i) + " is " + x + " and " + s.operandText(0) + " is " + first) : Type.ERROR;
            }
            for (int d = 0; d < x.rank(); d++) {
                if (d != axis && !x.shape().get(d).equals(first.shape().get(d))) {
                    return s.errorAt(i, ErrorCode.E0805, "concat along axis " + axis + " needs the other dimensions "
                            + "equal, " + s.operandText(i) + " is " + x + " and " + s.operandText(0) + " is " + first);
                }
            }
            total += ((Dim.Fixed) x.shape().get(axis)).size();
        }
        List<Dim> out = new ArrayList<>(first.shape());
        out.set(axis, Dim.of(total));
        return first.withShape(out);
    }

    /**
     * A cell ({@code x: [n, in]}, state {@code [n, S·H]}) or a layer ({@code x: [n, T, in]}, no
     * state): {@code W_ih: [in, G·H]}, {@code W_hh: [H, G·H]}, biases {@code [G·H]}, for G gates
     * and a state S hidden units wide. The result is the state, or the layer's {@code [n, T, H]}.
     */
    static Type cell(CallSite s, Composites.Cell cell, boolean layer) {
        int w = layer ? 1 : 2;
        Type.Tensor x = s.operand(0);
        Type.Tensor whh = s.operand(w + 1);
        if (x.rank() != (layer ? 3 : 2) || !(x.shape().get(x.rank() - 1) instanceof Dim.Fixed)
                || layer && !(x.shape().get(1) instanceof Dim.Fixed)) {
            return s.errorAt(0, ErrorCode.E0806, s.name() + " needs x of shape " + (layer ? "[n, T, in]" : "[n, in]")
                    + " with fixed T and in, " + s.operandText(0) + " is " + x);
        }
        if (whh.rank() != 2 || !(whh.shape().get(0) instanceof Dim.Fixed hd)) {
            return s.errorAt(w + 1, ErrorCode.E0806, s.name() + " needs W_hh of shape [H, " + cell.gates() + "·H], "
                    + s.operandText(w + 1) + " is " + whh);
        }
        int hidden = hd.size();
        Dim in = x.shape().get(x.rank() - 1);
        Dim g = Dim.of(cell.gates() * hidden);
        List<List<Dim>> want = List.of(List.of(in, g), List.of(Dim.of(hidden), g), List.of(g), List.of(g));
        for (int k = 0; k < 4; k++) {
            if (!s.operand(w + k).shape().equals(want.get(k))) {
                return s.errorAt(w + k, ErrorCode.E0806, s.name() + " with input size " + in + " and hidden size "
                        + hidden + " needs " + PARAMS.get(k) + " of shape " + Shapes.show(want.get(k)) + ", "
                        + s.operandText(w + k) + " is " + s.operand(w + k),
                        "the " + cell.gates() + " gate blocks lie side by side in PyTorch's order, " + gates(cell));
            }
        }
        List<Dim> state = List.of(x.shape().get(0), Dim.of(cell.stateWidth() * hidden));
        if (!layer && !s.operand(1).shape().equals(state)) {
            return s.errorAt(1, ErrorCode.E0806, s.name() + " needs a state of shape " + Shapes.show(state)
                    + (cell == Composites.Cell.LSTM ? " ([h, c] side by side)" : "") + ", " + s.operandText(1)
                    + " is " + s.operand(1));
        }
        return layer ? x.withShape(List.of(x.shape().get(0), x.shape().get(1), Dim.of(hidden))) : x.withShape(state);
    }

    private static final List<String> PARAMS = List.of("W_ih", "W_hh", "b_ih", "b_hh");

    private static String gates(Composites.Cell cell) {
        return switch (cell) {
            case RNN -> "one block";
            case LSTM -> "i, f, g, o";
            case GRU -> "r, z, n";
        };
    }

    /** {@code zeros(shape, dtype)}. */
    static Type zeros(CallSite s) {
        DType dtype = ((Attr.Str) s.attr("dtype")).value().equals("f64") ? DType.F64 : DType.F32;
        return new Type.Tensor(dtype, ((Attr.Shape) s.attr("shape")).dims());
    }

    static int axis(CallSite s) {
        return ((Attr.Axes) s.attr("axis")).axes().get(0);
    }

    private static Attr.Index index(CallSite s, String name) {
        return (Attr.Index) s.attr(name);
    }

    private static boolean fixed(CallSite s, Type.Tensor x, int axis) {
        if (!(x.shape().get(axis) instanceof Dim.Fixed)) {
            s.error(ErrorCode.E0805, s.name() + " along axis " + axis + " of " + x + ": the "
                    + x.shape().get(axis) + " axis has no fixed length", "sequences run along a fixed axis, e.g. [batch, 8, 16] along 1");
            return false;
        }
        return true;
    }

    /** Whether every value of {@code i} lies in 0 .. length-1 (+ {@code slack} for an exclusive end). */
    private static boolean inRange(CallSite s, String what, Attr.Index i, Type.Tensor x, int axis, int slack) {
        int len = ((Dim.Fixed) x.shape().get(axis)).size();
        if (i.min() < 0 || i.max() > len - 1 + slack) {
            s.error(ErrorCode.E0803, s.name() + "'s " + what + " " + text(i) + " takes values " + i.min() + " … " + i.max()
                    + ", outside axis " + axis + " of " + x, "axis " + axis + " has " + len + " elements");
            return false;
        }
        return true;
    }

    private static String text(Attr.Index i) {
        if (i.var().isEmpty()) {
            return Long.toString(i.offset());
        }
        String v = (i.sign() < 0 ? "-" : "") + i.var().get();
        return i.offset() == 0 ? v : v + (i.offset() > 0 ? " + " : " - ") + Math.abs(i.offset());
    }
}
