package nnc.runtime.testing;

import nnc.runtime.DType;

/** Reads and writes float[] or double[] arrays through double, without allocating. */
public final class Arrays2 {
    private Arrays2() {
    }

    public static double get(Object a, int i) {
        return a instanceof float[] f ? f[i] : ((double[]) a)[i];
    }

    public static void set(Object a, int i, double v) {
        if (a instanceof float[] f) {
            f[i] = (float) v;
        } else {
            ((double[]) a)[i] = v;
        }
    }

    public static Object alloc(DType dtype, int n) {
        return switch (dtype) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case I32 -> new int[n];
        };
    }

    public static int length(Object a) {
        return java.lang.reflect.Array.getLength(a);
    }
}
