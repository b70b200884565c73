package nnc.compiler.ir;

import java.util.Locale;
import java.util.Optional;

/**
 * The closed set of primitive operations of the graph IR. Each rule table (type rule, VJP rule,
 * interpreter semantics, scalar bytecode) is an exhaustive {@code switch} over this enum with no
 * {@code default}, so adding a constant makes {@code javac} name every table that lacks it.
 *
 * <p>Elementwise binary and ternary operations broadcast their operands to the result shape with
 * numpy's rules. In the derivative notes {@code g} is the cotangent of the result and {@code y}
 * the result itself; un-broadcasting of the operands' cotangents is the autodiff driver's job.
 */
public enum Op {
    // ---- leaves -------------------------------------------------------------------------------
    /** A model input, attr {@link Attr.Leaf}. Gradient on request. */
    INPUT(Kind.LEAF, 0),
    /** A training target, attr {@link Attr.Leaf}. No gradient. */
    TARGET(Kind.LEAF, 0),
    /** A trainable parameter, attr {@link Attr.Leaf}. Gradient of the loss always. */
    PARAM(Kind.LEAF, 0),
    /** Non-trainable model state (running statistics), attr {@link Attr.Leaf}. No gradient. */
    STATE(Kind.LEAF, 0),
    /** A scalar constant, attr {@link Attr.Scalar}; users broadcast it. No gradient. */
    CONSTANT(Kind.LEAF, 0),
    /** The run-time size of a symbolic dimension as a float scalar, attr {@link Attr.DimSize}. */
    DIM_SIZE(Kind.LEAF, 0),

    // ---- unary elementwise --------------------------------------------------------------------
    /** {@code -x}; d = -g. */
    NEG(Kind.ELEMENTWISE, 1),
    /** {@code e^x}; d = g·y. */
    EXP(Kind.ELEMENTWISE, 1),
    /** Natural log; d = g / x. */
    LOG(Kind.ELEMENTWISE, 1),
    /** {@code log(1 + x)}, precise near 0; d = g / (1 + x). */
    LOG1P(Kind.ELEMENTWISE, 1),
    /** Square root; d = g / (2y). */
    SQRT(Kind.ELEMENTWISE, 1),
    /** Hyperbolic tangent; d = g·(1 - y²). */
    TANH(Kind.ELEMENTWISE, 1),
    /** {@code 1 / (1 + e^-x)}, primitive because the composite's derivative is NaN for x ≪ 0; d = g·y·(1 - y). */
    SIGMOID(Kind.ELEMENTWISE, 1),
    /** The error function (exact GELU); d = g·(2/√π)·e^(-x²). */
    ERF(Kind.ELEMENTWISE, 1),
    /** {@code |x|}; d = g·sign(x). */
    ABS(Kind.ELEMENTWISE, 1),
    /** -1, 0 or 1; not differentiable: zero gradient. */
    SIGN(Kind.ELEMENTWISE, 1),
    /** Identity whose gradient is zero. */
    STOP_GRADIENT(Kind.ELEMENTWISE, 1),
    /** Conversion to the dtype of attr {@link Attr.ToType}; d = cast of g back (zero from i32). */
    CAST(Kind.ELEMENTWISE, 1),

    // ---- binary elementwise (numpy broadcasting) ----------------------------------------------
    /** {@code a + b}; da = g, db = g. */
    ADD(Kind.ELEMENTWISE, 2),
    /** {@code a - b}; da = g, db = -g. */
    SUB(Kind.ELEMENTWISE, 2),
    /** {@code a · b}; da = g·b, db = g·a. */
    MUL(Kind.ELEMENTWISE, 2),
    /** {@code a / b}; da = g / b, db = -g·y / b. */
    DIV(Kind.ELEMENTWISE, 2),
    /** {@code a ^ b}; da = g·b·a^(b-1), db = g·y·log(a). */
    POW(Kind.ELEMENTWISE, 2),
    /** Larger of a and b; g flows to a where a > b, else to b. */
    MAX(Kind.ELEMENTWISE, 2),
    /** Smaller of a and b; g flows to a where a < b, else to b. */
    MIN(Kind.ELEMENTWISE, 2),
    /** 1 where a > b else 0, in the operands' float dtype; not differentiable: zero gradient. */
    GT(Kind.ELEMENTWISE, 2),
    /** 1 where a ≥ b else 0; not differentiable: zero gradient. */
    GE(Kind.ELEMENTWISE, 2),
    /** 1 where a = b else 0; not differentiable: zero gradient. */
    EQ(Kind.ELEMENTWISE, 2),

    // ---- ternary ------------------------------------------------------------------------------
    /** {@code c ≠ 0 ? a : b}; dc = 0, da = select(c, g, 0), db = select(c, 0, g). */
    SELECT(Kind.ELEMENTWISE, 3),

    // ---- structure ----------------------------------------------------------------------------
    /** Broadcast to the shape of attr {@link Attr.Shape} (numpy rules); d = g (driver un-broadcasts). */
    BROADCAST_TO(Kind.STRUCTURE, 1),
    /** Sum over the sorted axes of attr {@link Attr.Axes}, dropping them; d = broadcast of g. */
    REDUCE_SUM(Kind.STRUCTURE, 1),
    /** Maximum over the axes of attr {@link Attr.Axes}; d = g shared evenly among the maxima. */
    REDUCE_MAX(Kind.STRUCTURE, 1),
    /** Same elements, shape of attr {@link Attr.Shape} (row-major); d = reshape of g. */
    RESHAPE(Kind.STRUCTURE, 1),
    /** Axis permutation of attr {@link Attr.Perm}; d = g transposed by the inverse permutation. */
    TRANSPOSE(Kind.STRUCTURE, 1),
    // ---- sequences (issue 7, seq) --------------------------------------------------------------
    /** Elements {@code start .. start+size} along one fixed axis, attr {@link Attr.Window}; d = pad of g back to the operand. */
    SLICE(Kind.STRUCTURE, 1),
    /** Zeros before and after the operand along one fixed axis, attr {@link Attr.Window}; d = slice of g. */
    PAD(Kind.STRUCTURE, 1),
    /** The index along one axis of attr {@link Attr.Iota} at every element of its shape (causal masks); no gradient. */
    IOTA(Kind.LEAF, 0),
    /**
     * {@code [m,k] @ [k,n]}, batched {@code [b,m,k] @ [b,k,n]}, or {@code [b,m,k] @ [k,n]} (one
     * right operand for every batch); da = g @ bᵀ, db = aᵀ @ g (summed over the batch when b is 2-D).
     */
    MATMUL(Kind.STRUCTURE, 2),

    // ---- layers (issue 7) ---------------------------------------------------------------------
    /**
     * Uniform numbers in [0, 1) of the shape of attr {@link Attr.Random}, element {@code i} drawn
     * from {@code RandomStream.uniform(key(seed, stream, step), i)}: a leaf whose value depends on
     * the model's seed and training step (dropout masks). No gradient.
     */
    RANDOM_UNIFORM(Kind.LEAF, 0),
    /** i32 indices {@code [...]} to a float one-hot {@code [..., classes]}, attr {@link Attr.OneHot}; no gradient. */
    ONE_HOT(Kind.STRUCTURE, 1),
    /** {@code x - max - log Σ exp(x - max)} along attr {@link Attr.Axis}, primitive for stability; d = g - e^y·Σg. */
    LOG_SOFTMAX(Kind.STRUCTURE, 1),

    // ---- convolution and pooling (issue 7, conv) ----------------------------------------------
    /**
     * The patches of an image batch {@code [N, C, H, W]} as columns {@code [N, C·kH·kW, OH·OW]},
     * attr {@link Attr.Patches}: element {@code [n, (c·kH + i)·kW + j, y·OW + x]} is
     * {@code x[n, c, y·s - p + i, x·s - p + j]}, zero in the padding; d = col2im of g.
     */
    IM2COL(Kind.STRUCTURE, 1),
    /** The adjoint of {@link #IM2COL}: columns summed back into the image they were taken from; d = im2col of g. */
    COL2IM(Kind.STRUCTURE, 1),

    // ---- embeddings (issue 7, attention) ------------------------------------------------------
    /** Rows of a table {@code [V, D]} at i32 indices {@code [...]}: {@code [..., D]}; d table = scatter_add(g, indices). */
    GATHER(Kind.STRUCTURE, 2),
    /**
     * Rows {@code [..., D]} summed into a {@code [V, D]} table at the rows their i32 indices
     * {@code [...]} name, V from attr {@link Attr.Rows}; d rows = gather(g, indices).
     */
    SCATTER_ADD(Kind.STRUCTURE, 2);

    /** What shape of computation an op is; back ends group elementwise ops into fused loops. */
    public enum Kind {
        /** No operands: a named tensor, a constant, a dimension size or random numbers. */
        LEAF,
        /** Each result element depends on the operand elements at the same (broadcast) index. */
        ELEMENTWISE,
        /** Anything else: reductions, layout changes, matmul, row-wise ops. */
        STRUCTURE
    }

    private final Kind kind;
    private final int arity;

    Op(Kind kind, int arity) {
        this.kind = kind;
        this.arity = arity;
    }

    /** The kind of computation. */
    public Kind kind() {
        return kind;
    }

    /** The number of operands. */
    public int arity() {
        return arity;
    }

    /** Whether this op is one of the named leaves (input, target, param, state). */
    public boolean isNamedLeaf() {
        return this == INPUT || this == TARGET || this == PARAM || this == STATE;
    }

    /** The name in textual IR: {@code reduce_sum}. */
    public String textName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The op whose {@link #textName()} is {@code text}, if any. */
    public static Optional<Op> fromText(String text) {
        for (Op op : values()) {
            if (op.textName().equals(text)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
