package nnc.runtime.testing;

import java.util.ArrayList;
import java.util.List;
import nnc.runtime.DType;
import nnc.runtime.Dim;
import nnc.runtime.Model;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;

/**
 * A model with no inputs whose loss is f(θ) = Σ ½·a_j·θ_j² + b_j·θ_j over every parameter
 * element, so the gradient is a_j·θ_j + b_j: a smooth objective for optimizer trajectories.
 * Parameter k has {@code sizes[k]} elements; a_j and b_j are fixed per element.
 */
public final class QuadraticModel implements Model {
    private final Signature signature;
    private final Object[] params;
    private final Object[] grads;
    private final double[][] a;
    private final double[][] b;
    private double loss;

    public QuadraticModel(DType dtype, int... sizes) {
        List<TensorSpec> specs = new ArrayList<>();
        params = new Object[sizes.length];
        grads = new Object[sizes.length];
        a = new double[sizes.length][];
        b = new double[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            specs.add(new TensorSpec("p" + k, dtype, List.of(Dim.of(sizes[k]))));
            params[k] = Arrays2.alloc(dtype, sizes[k]);
            grads[k] = Arrays2.alloc(dtype, sizes[k]);
            a[k] = new double[sizes[k]];
            b[k] = new double[sizes[k]];
            for (int j = 0; j < sizes[k]; j++) {
                a[k][j] = initialA(k, j);
                b[k][j] = initialB(k, j);
                Arrays2.set(params[k], j, initialTheta(k, j));
            }
        }
        signature = new Signature("Quadratic", dtype, List.of(), List.of(), List.of(), specs, List.of());
    }

    /** The curvature of element j of parameter k. */
    public static double initialA(int k, int j) {
        return 0.5 + 0.75 * k + 0.3 * j;
    }

    /** The linear coefficient of element j of parameter k. */
    public static double initialB(int k, int j) {
        return (j % 2 == 0 ? -1 : 1) * (0.2 + 0.1 * k + 0.05 * j);
    }

    /** The starting value of element j of parameter k. */
    public static double initialTheta(int k, int j) {
        return 1.5 - 0.4 * k + (j % 3 - 1) * 0.7;
    }

    /** The gradient the model computes for a value θ of element j of parameter k. */
    public static double gradient(int k, int j, double theta) {
        return initialA(k, j) * theta + initialB(k, j);
    }

    @Override
    public Signature signature() {
        return signature;
    }

    @Override
    public int maxBatch() {
        return 1;
    }

    @Override
    public void infer(int n) {
    }

    @Override
    public void evaluate(int n) {
        loss = 0;
        for (int k = 0; k < params.length; k++) {
            for (int j = 0; j < a[k].length; j++) {
                double t = Arrays2.get(params[k], j);
                loss += 0.5 * a[k][j] * t * t + b[k][j] * t;
            }
        }
    }

    @Override
    public void trainStep(int n) {
        evaluate(n);
        for (int k = 0; k < params.length; k++) {
            for (int j = 0; j < a[k].length; j++) {
                Arrays2.set(grads[k], j, a[k][j] * Arrays2.get(params[k], j) + b[k][j]);
            }
        }
    }

    @Override
    public double loss() {
        return loss;
    }

    @Override
    public Object input(int i) {
        throw new IndexOutOfBoundsException(i);
    }

    @Override
    public Object target(int i) {
        throw new IndexOutOfBoundsException(i);
    }

    @Override
    public Object output(int i) {
        throw new IndexOutOfBoundsException(i);
    }

    @Override
    public Object param(int i) {
        return params[i];
    }

    @Override
    public Object grad(int i) {
        return grads[i];
    }

    @Override
    public Object state(int i) {
        throw new IndexOutOfBoundsException(i);
    }

    @Override
    public void setParam(int i, Object array) {
        params[i] = array;
    }

    @Override
    public void setSeed(long seed) {
    }
}
