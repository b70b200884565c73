package nnc.compiler.kernel;

import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;

/** How the scheduler treats each op: the code generator's table over {@link Op}. */
enum Form {
    /** A named leaf: an exposed array. */
    LEAF,
    /** A scalar known in the loop (constant, batch size): never stored unless forced. */
    SCALAR,
    /** Elementwise (incl. broadcast and transpose, which only change an index map): fused into users. */
    INLINE,
    /** A reshape: the same data under another shape, never copied. */
    ALIAS,
    MATMUL,
    REDUCE,
    LOG_SOFTMAX,
    ONE_HOT,
    /** A slice or a pad: a copy kernel of its own. */
    WINDOW,
    /** An iota: a fill kernel of its own. */
    IOTA,
    /** Random numbers: a kernel of its own that fills a slot. */
    RANDOM,
    /** Image patches to columns and back (convolution, pooling): a copy kernel of its own. */
    PATCHES,
    /** A gather or scatter-add of table rows: a row-copy kernel of its own. */
    GATHER;

    /**
     * The form of a node: its op's, except that a reshape which only adds or drops axes of size
     * 1 is an index map like a broadcast ({@link #INLINE}), so it fuses into any loop.
     */
    static Form of(Node n) {
        return n.op() == Op.RESHAPE && Views.unitReshape(n) ? INLINE : of(n.op());
    }

    /** Whether a node only changes how its operand is indexed (free to inline into every user). */
    static boolean isView(Node n) {
        return n.op() == Op.BROADCAST_TO || n.op() == Op.TRANSPOSE || n.op() == Op.RESHAPE && Views.unitReshape(n);
    }

    static Form of(Op op) {
        return switch (op) {
            case INPUT, TARGET, PARAM, STATE -> LEAF;
            case CONSTANT, DIM_SIZE -> SCALAR;
            case NEG, EXP, LOG, LOG1P, SQRT, TANH, SIGMOID, ERF, ABS, SIGN, STOP_GRADIENT, CAST,
                    ADD, SUB, MUL, DIV, POW, MAX, MIN, GT, GE, EQ, SELECT, BROADCAST_TO, TRANSPOSE -> INLINE;
            case RESHAPE -> ALIAS;
            case MATMUL -> MATMUL;
            case RANDOM_UNIFORM -> RANDOM;
            case REDUCE_SUM, REDUCE_MAX -> REDUCE;
            case LOG_SOFTMAX -> LOG_SOFTMAX;
            case SLICE, PAD -> WINDOW;
            case IOTA -> IOTA;
            case ONE_HOT -> ONE_HOT;
            case IM2COL, COL2IM -> PATCHES;
            case GATHER, SCATTER_ADD -> GATHER;
        };
    }
}
