package nnc.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The hand-written baseline: one workload's network as plain Java loops over arrays allocated
 * once (matrices as arrays of rows, see {@link HandKernels}), computing what the compiled
 * {@code .nn} model computes: the forward pass, the mean loss and every parameter gradient. Each
 * benchmark figure of nnc has a baseline figure to be divided by.
 */
public final class HandMlp {
    private final Workload workload;
    private final int maxBatch;
    private final int layers;
    private final int[] width;
    private final float[][][] w;
    private final float[][] b;
    private final float[][][] gw;
    private final float[][] gb;
    /** {@code wt[l]}: the transpose of {@code w[l]}, refreshed in each backward pass (layers 1..). */
    private final float[][][] wt;
    /** {@code act[0]} is the input; {@code act[l + 1]} the output of layer {@code l}. */
    private final float[][][] act;
    /** {@code delta[l]}: the gradient of the loss with respect to layer {@code l}'s pre-activation. */
    private final float[][][] delta;
    private final int[] labels;
    private final float[][] targets;
    /** Softmax probabilities (classifiers), or the sigmoid output itself (regression). */
    private final float[][] out;
    private double loss;

    /** A network for {@code workload} with room for {@code maxBatch} rows; parameters are zero. */
    public HandMlp(Workload workload, int maxBatch) {
        this.workload = workload;
        this.maxBatch = maxBatch;
        this.layers = workload.layers();
        this.width = workload.widths().stream().mapToInt(Integer::intValue).toArray();
        w = new float[layers][][];
        b = new float[layers][];
        gw = new float[layers][][];
        gb = new float[layers][];
        wt = new float[layers][][];
        act = new float[layers + 1][][];
        delta = new float[layers][][];
        act[0] = new float[maxBatch][width[0]];
        for (int l = 0; l < layers; l++) {
            w[l] = new float[width[l]][width[l + 1]];
            gw[l] = new float[width[l]][width[l + 1]];
            wt[l] = l == 0 ? new float[0][] : new float[width[l + 1]][width[l]];
            b[l] = new float[width[l + 1]];
            gb[l] = new float[width[l + 1]];
            act[l + 1] = new float[maxBatch][width[l + 1]];
            delta[l] = new float[maxBatch][width[l + 1]];
        }
        labels = new int[maxBatch];
        boolean mse = workload.loss() == Workload.Loss.SIGMOID_MSE;
        targets = mse ? new float[maxBatch][width[layers]] : new float[0][];
        out = mse ? act[layers] : new float[maxBatch][width[layers]];
    }

    public Workload workload() {
        return workload;
    }

    /** The input rows. */
    public float[][] x() {
        return act[0];
    }

    /** Class labels (softmax cross-entropy workloads). */
    public int[] labels() {
        return labels;
    }

    /** Regression target rows (sigmoid/MSE workloads). */
    public float[][] targets() {
        return targets;
    }

    /** The output rows: probabilities or sigmoid values. */
    public float[][] output() {
        return out;
    }

    /** The loss of the last training step. */
    public double loss() {
        return loss;
    }

    /** Every parameter row (weight rows, then the bias, per layer): what an optimizer updates. */
    public List<float[]> paramRows() {
        return rows(w, b);
    }

    /** The gradient rows, matching {@link #paramRows()} one for one. */
    public List<float[]> gradRows() {
        return rows(gw, gb);
    }

    /** Copies parameters given flat and row-major, in signature order (W, b of each layer). */
    public void setParams(List<float[]> flat) {
        for (int l = 0; l < layers; l++) {
            unflatten(flat.get(2 * l), w[l]);
            System.arraycopy(flat.get(2 * l + 1), 0, b[l], 0, b[l].length);
        }
    }

    /** Copies flat row-major inputs, and labels or targets, into the first rows. */
    public void setBatch(float[] x, int[] labelsIn, float[] targetsIn) {
        unflatten(x, act[0]);
        System.arraycopy(labelsIn, 0, labels, 0, Math.min(labelsIn.length, labels.length));
        unflatten(targetsIn, targets);
    }

    /** Parameter {@code i} in signature order as a new flat array. */
    public float[] param(int i) {
        return i % 2 == 0 ? flatten(w[i / 2]) : b[i / 2].clone();
    }

    /** The gradient of parameter {@code i} as a new flat array. */
    public float[] grad(int i) {
        return i % 2 == 0 ? flatten(gw[i / 2]) : gb[i / 2].clone();
    }

    /** The first {@code n} output rows as a new flat array. */
    public float[] outputRows(int n) {
        return flatten(java.util.Arrays.copyOf(out, n));
    }

    /** Forward pass over {@code n} rows, filling {@link #output()}. */
    public void infer(int n) {
        checkBatch(n);
        forward(n);
        if (workload.loss() == Workload.Loss.SOFTMAX_CE) {
            softmaxRows(n);
        }
    }

    /** Forward pass, mean loss, and every parameter gradient over {@code n} rows. */
    public void trainStep(int n) {
        checkBatch(n);
        forward(n);
        loss = workload.loss() == Workload.Loss.SOFTMAX_CE ? softmaxCrossEntropy(n) : sigmoidMse(n);
        for (int l = layers - 1; l >= 0; l--) {
            HandKernels.weightGrad(act[l], delta[l], gw[l], n, width[l], width[l + 1]);
            HandKernels.columnSums(delta[l], gb[l], n, width[l + 1]);
            if (l > 0) {
                HandKernels.transpose(w[l], wt[l], width[l], width[l + 1]);
                HandKernels.dense(delta[l], wt[l], null, delta[l - 1], n, width[l + 1], width[l], null);
                HandKernels.backActivate(delta[l - 1], act[l], n, width[l], workload.hidden());
            }
        }
    }

    private void checkBatch(int n) {
        if (n < 1 || n > maxBatch) {
            throw new IllegalArgumentException("batch " + n + " is not in 1.." + maxBatch);
        }
    }

    private void forward(int n) {
        for (int l = 0; l < layers; l++) {
            Workload.Activation a = l < layers - 1 ? workload.hidden()
                    : workload.loss() == Workload.Loss.SIGMOID_MSE ? Workload.Activation.SIGMOID : null;
            HandKernels.dense(act[l], w[l], b[l], act[l + 1], n, width[l], width[l + 1], a);
        }
    }

    /** Mean softmax cross-entropy of the logits; writes probabilities and {@code delta = (p - onehot) / n}. */
    private double softmaxCrossEntropy(int n) {
        int c = width[layers];
        double sum = 0;
        float inv = 1f / n;
        for (int r = 0; r < n; r++) {
            float[] z = act[layers][r];
            float[] p = out[r];
            float[] d = delta[layers - 1][r];
            float lse = logSumExp(z, c);
            sum += lse - z[labels[r]];
            for (int j = 0; j < c; j++) {
                p[j] = (float) Math.exp(z[j] - lse);
                d[j] = p[j] * inv;
            }
            d[labels[r]] -= inv;
        }
        return sum / n;
    }

    /** Mean squared error of the sigmoid outputs; writes {@code delta = 2(y - t)/(n·c) · y(1 - y)}. */
    private double sigmoidMse(int n) {
        int c = width[layers];
        double sum = 0;
        float scale = 2f / (n * c);
        for (int r = 0; r < n; r++) {
            float[] y = act[layers][r];
            float[] t = targets[r];
            float[] d = delta[layers - 1][r];
            for (int j = 0; j < c; j++) {
                float e = y[j] - t[j];
                sum += e * e;
                d[j] = scale * e * y[j] * (1 - y[j]);
            }
        }
        return sum / (n * c);
    }

    private void softmaxRows(int n) {
        int c = width[layers];
        for (int r = 0; r < n; r++) {
            float[] z = act[layers][r];
            float lse = logSumExp(z, c);
            for (int j = 0; j < c; j++) {
                out[r][j] = (float) Math.exp(z[j] - lse);
            }
        }
    }

    private static float logSumExp(float[] z, int c) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            max = Math.max(max, z[j]);
        }
        float s = 0;
        for (int j = 0; j < c; j++) {
            s += (float) Math.exp(z[j] - max);
        }
        return max + (float) Math.log(s);
    }

    private static void unflatten(float[] flat, float[][] rows) {
        for (int r = 0; r < rows.length && (r + 1) * rows[r].length <= flat.length; r++) {
            System.arraycopy(flat, r * rows[r].length, rows[r], 0, rows[r].length);
        }
    }

    private static float[] flatten(float[][] rows) {
        int n = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * n];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * n, n);
        }
        return flat;
    }

    private List<float[]> rows(float[][][] weights, float[][] biases) {
        List<float[]> all = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            all.addAll(List.of(weights[l]));
            all.add(biases[l]);
        }
        return List.copyOf(all);
    }
}
