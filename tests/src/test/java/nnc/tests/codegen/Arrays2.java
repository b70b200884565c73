package nnc.tests.codegen;

/** Copies between double[] and the float[]/double[]/int[] arrays of a model. */
final class Arrays2 {
    private Arrays2() {
    }

    static void copyInto(double[] from, Object to) {
        if (to instanceof float[] f) {
            for (int i = 0; i < from.length; i++) {
                f[i] = (float) from[i];
            }
        } else if (to instanceof double[] d) {
            System.arraycopy(from, 0, d, 0, from.length);
        } else if (to instanceof int[] n) {
            for (int i = 0; i < from.length; i++) {
                n[i] = (int) from[i];
            }
        } else {
            throw new IllegalArgumentException("not a model array: " + to);
        }
    }

    static double[] toDoubles(Object array, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            if (array instanceof float[] f) {
                out[i] = f[i];
            } else if (array instanceof double[] d) {
                out[i] = d[i];
            } else if (array instanceof int[] n) {
                out[i] = n[i];
            }
        }
        return out;
    }
}
