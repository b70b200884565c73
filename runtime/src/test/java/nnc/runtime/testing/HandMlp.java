package nnc.runtime.testing;

import static nnc.runtime.testing.Arrays2.get;
import static nnc.runtime.testing.Arrays2.set;

import java.util.List;
import nnc.runtime.BatchSizeException;
import nnc.runtime.DType;
import nnc.runtime.Dim;
import nnc.runtime.Model;
import nnc.runtime.ShapeMismatchException;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;
import nnc.runtime.init.Init;

/**
 * A hand-written 2-layer MLP implementing {@link Model} the way generated classes do, in f32 or
 * f64, with analytic gradients: {@code h = tanh(x @ h1.W + h1.b)}, {@code z = h @ out.W + out.b},
 * and a head: a sigmoid with binary cross-entropy (target {@code [batch, 1]}), or a softmax with
 * cross-entropy against integer labels ({@code int[batch]}) or one-hot rows ({@code [batch, k]}).
 * Losses are batch means. A training step also updates {@code h1.running_mean}, the running mean
 * of h (momentum 0.1), as model state. Arithmetic is in double; allocation-free after construction.
 */
public final class HandMlp implements Model {
    /** The output layer and loss. */
    public enum Head { SIGMOID_BCE, SOFTMAX_INT, SOFTMAX_ONEHOT }

    private final Signature signature;
    private final Head head;
    private final int in, hidden, classes, maxBatch;
    private final Object x, y, probs, runningMean;
    private final Object[] params = new Object[4];
    private final Object[] grads = new Object[4];
    private final double[] h, z, dz, dh;
    private double loss;

    public HandMlp(DType dtype, int in, int hidden, int classes, Head head, int maxBatch, long seed) {
        this.head = head;
        this.in = in;
        this.hidden = hidden;
        this.classes = classes;
        this.maxBatch = maxBatch;
        Dim b = Dim.of("batch");
        TensorSpec target = switch (head) {
            case SIGMOID_BCE, SOFTMAX_ONEHOT -> new TensorSpec("y", dtype, List.of(b, Dim.of(classes)));
            case SOFTMAX_INT -> new TensorSpec("y", DType.I32, List.of(b));
        };
        List<TensorSpec> ps = List.of(spec("h1.W", dtype, in, hidden), spec("h1.b", dtype, hidden),
                spec("out.W", dtype, hidden, classes), spec("out.b", dtype, classes));
        signature = new Signature("HandMlp", dtype, List.of(new TensorSpec("x", dtype, List.of(b, Dim.of(in)))),
                List.of(target), List.of(new TensorSpec("probs", dtype, List.of(b, Dim.of(classes)))), ps,
                List.of(spec("h1.running_mean", dtype, hidden)));
        x = Arrays2.alloc(dtype, maxBatch * in);
        y = Arrays2.alloc(target.dtype(), (int) target.elements(maxBatch));
        probs = Arrays2.alloc(dtype, maxBatch * classes);
        runningMean = Arrays2.alloc(dtype, hidden);
        for (int i = 0; i < 4; i++) {
            params[i] = Arrays2.alloc(dtype, (int) ps.get(i).elements(1));
            grads[i] = Arrays2.alloc(dtype, (int) ps.get(i).elements(1));
            Init init = i % 2 == 0 ? new Init.XavierUniform(1) : new Init.Zeros();
            init.fill(params[i], ps.get(i).dims(1), seed, ps.get(i).name());
        }
        h = new double[maxBatch * hidden];
        z = new double[maxBatch * classes];
        dz = new double[maxBatch * classes];
        dh = new double[maxBatch * hidden];
    }

    private static TensorSpec spec(String name, DType dtype, int... dims) {
        return new TensorSpec(name, dtype, java.util.Arrays.stream(dims).mapToObj(Dim::of).toList());
    }

    @Override
    public void infer(int n) {
        check(n);
        forward(n);
    }

    @Override
    public void evaluate(int n) {
        infer(n);
        loss = lossAndDz(n);
    }

    @Override
    public void trainStep(int n) {
        evaluate(n);
        backward(n);
        for (int k = 0; k < hidden; k++) {
            double mean = 0;
            for (int r = 0; r < n; r++) {
                mean += h[r * hidden + k];
            }
            set(runningMean, k, 0.9 * get(runningMean, k) + 0.1 * mean / n);
        }
    }

    private void forward(int n) {
        Object w1 = params[0], b1 = params[1], w2 = params[2], b2 = params[3];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < hidden; k++) {
                double s = get(b1, k);
                for (int i = 0; i < in; i++) {
                    s += get(x, r * in + i) * get(w1, i * hidden + k);
                }
                h[r * hidden + k] = Math.tanh(s);
            }
            for (int c = 0; c < classes; c++) {
                double s = get(b2, c);
                for (int k = 0; k < hidden; k++) {
                    s += h[r * hidden + k] * get(w2, k * classes + c);
                }
                z[r * classes + c] = s;
            }
            activate(r);
        }
    }

    private void activate(int r) {
        if (head == Head.SIGMOID_BCE) {
            for (int c = 0; c < classes; c++) {
                set(probs, r * classes + c, 1 / (1 + Math.exp(-z[r * classes + c])));
            }
            return;
        }
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, z[r * classes + c]);
        }
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(z[r * classes + c] - max);
        }
        for (int c = 0; c < classes; c++) {
            set(probs, r * classes + c, Math.exp(z[r * classes + c] - max) / sum);
        }
    }

    /** The mean loss over n rows; fills dz = ∂loss/∂z. */
    private double lossAndDz(int n) {
        double total = 0;
        for (int r = 0; r < n; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z[r * classes + c]);
            }
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[r * classes + c] - max);
            }
            for (int c = 0; c < classes; c++) {
                int at = r * classes + c;
                double zc = z[at];
                double t = head == Head.SOFTMAX_INT ? (((int[]) y)[r] == c ? 1 : 0) : get(y, at);
                if (head == Head.SIGMOID_BCE) {
                    total += Math.max(zc, 0) + Math.log1p(Math.exp(-Math.abs(zc))) - t * zc;
                    dz[at] = (1 / (1 + Math.exp(-zc)) - t) / n;
                } else {
                    total -= t * (zc - max - Math.log(sum));
                    dz[at] = (Math.exp(zc - max) / sum - t) / n;
                }
            }
        }
        return total / n;
    }

    private void backward(int n) {
        Object w2 = params[2];
        for (int k = 0; k < hidden; k++) {
            for (int c = 0; c < classes; c++) {
                double s = 0;
                for (int r = 0; r < n; r++) {
                    s += h[r * hidden + k] * dz[r * classes + c];
                }
                set(grads[2], k * classes + c, s);
            }
        }
        for (int c = 0; c < classes; c++) {
            double s = 0;
            for (int r = 0; r < n; r++) {
                s += dz[r * classes + c];
            }
            set(grads[3], c, s);
        }
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < hidden; k++) {
                double s = 0;
                for (int c = 0; c < classes; c++) {
                    s += dz[r * classes + c] * get(w2, k * classes + c);
                }
                double hv = h[r * hidden + k];
                dh[r * hidden + k] = s * (1 - hv * hv);
            }
        }
        for (int i = 0; i < in; i++) {
            for (int k = 0; k < hidden; k++) {
                double s = 0;
                for (int r = 0; r < n; r++) {
                    s += get(x, r * in + i) * dh[r * hidden + k];
                }
                set(grads[0], i * hidden + k, s);
            }
        }
        for (int k = 0; k < hidden; k++) {
            double s = 0;
            for (int r = 0; r < n; r++) {
                s += dh[r * hidden + k];
            }
            set(grads[1], k, s);
        }
    }

    private void check(int n) {
        if (n < 1 || n > maxBatch) {
            throw new BatchSizeException("HandMlp", n, maxBatch);
        }
    }

    @Override
    public Signature signature() {
        return signature;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public double loss() {
        return loss;
    }

    @Override
    public Object input(int i) {
        return only(i, x);
    }

    @Override
    public Object target(int i) {
        return only(i, y);
    }

    @Override
    public Object output(int i) {
        return only(i, probs);
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
        return only(i, runningMean);
    }

    @Override
    public void setParam(int i, Object array) {
        if (array.getClass() != params[i].getClass() || Arrays2.length(array) != Arrays2.length(params[i])) {
            throw new ShapeMismatchException("HandMlp: parameter " + signature.params().get(i) + " needs "
                    + Arrays2.length(params[i]) + " elements of the model's dtype");
        }
        params[i] = array;
    }

    @Override
    public void setSeed(long seed) {
        // no random layers
    }

    private static Object only(int i, Object a) {
        if (i != 0) {
            throw new IndexOutOfBoundsException(i);
        }
        return a;
    }
}
