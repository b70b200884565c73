package nnc.compiler.codegen;

import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Op;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The scalar bytecode of every op: the one table all emitters share. Operands are in locals of
 * the value type (float or double); the result is left on the stack. Transcendental functions
 * run in double precision and round once, as the reference interpreter computes them, except the
 * f32 hyperbolic tangent (a rational approximation in float, see {@link #tanhFloat}). Ops that
 * are not scalar (leaves, layout, matmul, reductions) never reach this table: the scheduler
 * turns them into index maps or kernels of their own.
 */
final class ScalarOps {
    private static final Type MATH = Type.getType(Math.class);
    private static final Type MATH_FNS = Type.getType("Lnnc/runtime/MathFns;");

    private ScalarOps() {
    }

    static void emit(GeneratorAdapter g, Op op, Attr attr, Type t, int[] a) {
        switch (op) {
            case NEG -> unary(g, a, () -> g.math(GeneratorAdapter.NEG, t));
            case EXP -> viaDouble(g, t, a, () -> call(g, MATH, "exp", 1));
            case LOG -> viaDouble(g, t, a, () -> call(g, MATH, "log", 1));
            case LOG1P -> viaDouble(g, t, a, () -> call(g, MATH, "log1p", 1));
            case SQRT -> viaDouble(g, t, a, () -> call(g, MATH, "sqrt", 1));
            case TANH -> {
                if (t.equals(Type.FLOAT_TYPE)) {
                    tanhFloat(g, a[0]);
                } else {
                    viaDouble(g, t, a, () -> call(g, MATH_FNS, "tanh", 1));
                }
            }
            case ERF -> viaDouble(g, t, a, () -> call(g, MATH_FNS, "erf", 1));
            case SIGMOID -> viaDouble(g, t, a, () -> sigmoid(g));
            case ABS -> unary(g, a, () -> g.invokeStatic(MATH, new Method("abs", t, new Type[] {t})));
            case SIGN -> unary(g, a, () -> g.invokeStatic(MATH, new Method("signum", t, new Type[] {t})));
            case STOP_GRADIENT -> g.loadLocal(a[0]);
            case CAST -> cast(g, (Attr.ToType) attr, t, a);
            case ADD -> binary(g, a, () -> g.math(GeneratorAdapter.ADD, t));
            case SUB -> binary(g, a, () -> g.math(GeneratorAdapter.SUB, t));
            case MUL -> binary(g, a, () -> g.math(GeneratorAdapter.MUL, t));
            case DIV -> binary(g, a, () -> g.math(GeneratorAdapter.DIV, t));
            case POW -> viaDouble(g, t, a, () -> call(g, MATH, "pow", 2));
            case MAX -> binary(g, a, () -> g.invokeStatic(MATH, new Method("max", t, new Type[] {t, t})));
            case MIN -> binary(g, a, () -> g.invokeStatic(MATH, new Method("min", t, new Type[] {t, t})));
            case GT -> compare(g, t, a, Opcodes.IFLE);
            case GE -> compare(g, t, a, Opcodes.IFLT);
            case EQ -> compare(g, t, a, Opcodes.IFNE);
            case SELECT -> select(g, t, a);
            case INPUT, TARGET, PARAM, STATE, CONSTANT, DIM_SIZE, BROADCAST_TO, REDUCE_SUM, REDUCE_MAX,
                    RESHAPE, TRANSPOSE, SLICE, PAD, IOTA, MATMUL, RANDOM_UNIFORM, ONE_HOT, LOG_SOFTMAX, IM2COL, COL2IM,
                    GATHER, SCATTER_ADD ->
                    throw new IllegalStateException(op.textName() + " is not a scalar operation");
        }
    }

    private static void unary(GeneratorAdapter g, int[] a, Runnable op) {
        g.loadLocal(a[0]);
        op.run();
    }

    private static void binary(GeneratorAdapter g, int[] a, Runnable op) {
        g.loadLocal(a[0]);
        g.loadLocal(a[1]);
        op.run();
    }

    /** Loads the operands as doubles, runs {@code op}, and rounds back to {@code t}. */
    private static void viaDouble(GeneratorAdapter g, Type t, int[] a, Runnable op) {
        for (int local : a) {
            g.loadLocal(local);
            if (!t.equals(Type.DOUBLE_TYPE)) {
                g.cast(t, Type.DOUBLE_TYPE);
            }
        }
        op.run();
        if (!t.equals(Type.DOUBLE_TYPE)) {
            g.cast(Type.DOUBLE_TYPE, t);
        }
    }

    private static void call(GeneratorAdapter g, Type owner, String name, int arity) {
        Type[] args = new Type[arity];
        java.util.Arrays.fill(args, Type.DOUBLE_TYPE);
        g.invokeStatic(owner, new Method(name, Type.DOUBLE_TYPE, args));
    }

    /** Eigen's float tanh: odd numerator of degree 13 over even denominator of degree 6. */
    private static final float TANH_CLAMP = 7.90531110763549805f;
    private static final float[] TANH_P = {-2.76076847742355e-16f, 2.00018790482477e-13f, -8.60467152213735e-11f,
        5.12229709037114e-08f, 1.48572235717979e-05f, 6.37261928875436e-04f, 4.89352455891786e-03f};
    private static final float[] TANH_Q = {1.19825839466702e-06f, 1.18534705686654e-04f, 2.26843463243900e-03f,
        4.89352518554385e-03f};

    /**
     * The f32 hyperbolic tangent with Eigen's coefficients: x clamped to ±7.905, then
     * {@code P(x²) / Q(x²) · x} in float (the ratio first, so that no product of a tiny x
     * underflows). Relative error at most 4e-7 (7 float ulps near ±1, about 1 near 0) against
     * {@link Math#tanh}, over 20 million floats from -10 to 10 and down to 2^-149; beyond the
     * clamp the result is the float nearest 1 below it. Only multiplications, additions, a division and min/max: C2 vectorizes the loop
     * around it (0.43 ns a value, against 34 ns for {@link Math#tanh}, a native call on JDK 17).
     * Java's float arithmetic is exact IEEE, so the value is the same bits in every tier.
     * NaN stays NaN.
     */
    static void tanhFloat(GeneratorAdapter g, int x) {
        Method min = new Method("min", Type.FLOAT_TYPE, new Type[] {Type.FLOAT_TYPE, Type.FLOAT_TYPE});
        Method max = new Method("max", Type.FLOAT_TYPE, new Type[] {Type.FLOAT_TYPE, Type.FLOAT_TYPE});
        int c = g.newLocal(Type.FLOAT_TYPE);
        int x2 = g.newLocal(Type.FLOAT_TYPE);
        g.push(-TANH_CLAMP);
        g.push(TANH_CLAMP);
        g.loadLocal(x);
        g.invokeStatic(MATH, min);
        g.invokeStatic(MATH, max);
        g.storeLocal(c);
        g.loadLocal(c);
        g.loadLocal(c);
        g.math(GeneratorAdapter.MUL, Type.FLOAT_TYPE);
        g.storeLocal(x2);
        horner(g, TANH_P, x2);
        horner(g, TANH_Q, x2);
        g.math(GeneratorAdapter.DIV, Type.FLOAT_TYPE);
        g.loadLocal(c);
        g.math(GeneratorAdapter.MUL, Type.FLOAT_TYPE);
    }

    /** Pushes {@code ((c0·y + c1)·y + c2)…} in float. */
    private static void horner(GeneratorAdapter g, float[] coeffs, int y) {
        g.push(coeffs[0]);
        for (int i = 1; i < coeffs.length; i++) {
            g.loadLocal(y);
            g.math(GeneratorAdapter.MUL, Type.FLOAT_TYPE);
            g.push(coeffs[i]);
            g.math(GeneratorAdapter.ADD, Type.FLOAT_TYPE);
        }
    }

    /** {@code 1 / (1 + e^-x)}: no NaN for any x (e^-x overflows to ∞ and the result to 0). */
    private static void sigmoid(GeneratorAdapter g) {
        g.math(GeneratorAdapter.NEG, Type.DOUBLE_TYPE);
        call(g, MATH, "exp", 1);
        g.push(1.0);
        g.math(GeneratorAdapter.ADD, Type.DOUBLE_TYPE);
        g.push(1.0);
        g.swap(Type.DOUBLE_TYPE, Type.DOUBLE_TYPE);
        g.math(GeneratorAdapter.DIV, Type.DOUBLE_TYPE);
    }

    private static void cast(GeneratorAdapter g, Attr.ToType to, Type t, int[] a) {
        g.loadLocal(a[0]);
        if (!to.dtype().isFloat()) {
            g.cast(t, Type.INT_TYPE);
            g.cast(Type.INT_TYPE, t);
        }
    }

    /**
     * 1 or 0: {@code jumpToZero} is the branch (after FCMPL/DCMPL) that means false; NaN compares
     * false. The diamond yields an int converted afterwards: C2 turns an int diamond into a
     * conditional move, a float one into a branch (x86 has no float cmov), and a ReLU mask
     * branches on random signs: 3.4 ns per element against 0.6 (measured here).
     */
    private static void compare(GeneratorAdapter g, Type t, int[] a, int jumpToZero) {
        Label zero = new Label();
        Label end = new Label();
        g.loadLocal(a[0]);
        g.loadLocal(a[1]);
        g.visitInsn(MethodContext.opcodeCmp(t));
        g.visitJumpInsn(jumpToZero, zero);
        g.push(1);
        g.goTo(end);
        g.mark(zero);
        g.push(0);
        g.mark(end);
        g.cast(Type.INT_TYPE, t);
    }

    /** {@code c ≠ 0 ? a : b} (NaN counts as true, as in Java). */
    private static void select(GeneratorAdapter g, Type t, int[] a) {
        Label no = new Label();
        Label end = new Label();
        g.loadLocal(a[0]);
        pushOne(g, t, 0);
        g.visitInsn(MethodContext.opcodeCmp(t));
        g.visitJumpInsn(Opcodes.IFEQ, no);
        g.loadLocal(a[1]);
        g.goTo(end);
        g.mark(no);
        g.loadLocal(a[2]);
        g.mark(end);
    }

    private static void pushOne(GeneratorAdapter g, Type t, int v) {
        if (t.equals(Type.FLOAT_TYPE)) {
            g.push((float) v);
        } else {
            g.push((double) v);
        }
    }
}
