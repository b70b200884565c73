package nnc.bench;

import java.util.List;

/**
 * The hand-written baseline: one workload's network as plain Java loops over flat
 * {@code float[]} arrays allocated once, with {@link HandKernels}' blocked matmuls. It computes
 * what the compiled {@code .nn} model computes (forward, mean loss, every parameter gradient), so
 * each benchmark figure of nnc has a baseline figure to be divided by.
 */
public final class HandMlp {
    private final Workload workload;
    private final int maxBatch;
    private final int layers;
    private final int[] width;
    private final float[][] w;
    private final float[][] b;
    private final float[][] gw;
    private final float[][] gb;
    /** {@code wt[l]}: the transpose of {@code w[l]}, refreshed in each backward pass (layers 1..). */
    private final float[][] wt;
    /** {@code act[0]} is the input; {@code act[l + 1]} the output of layer {@code l}. */
    private final float[][] act;
    /** {@code delta[l]}: the gradient of the loss with respect to layer {@code l}'s pre-activation. */
    private final float[][] delta;
    private final int[] labels;
    private final float[] targets;
    /** Softmax probabilities (classifiers) or the sigmoid output (regression). */
    private final float[] out;
    private double loss;

    /** A network for {@code workload} with room for {@code maxBatch} rows; parameters are zero. */
    public HandMlp(Workload workload, int maxBatch) {
        this.workload = workload;
        this.maxBatch = maxBatch;
        this.layers = workload.layers();
        this.width = workload.widths().stream().mapToInt(Integer::intValue).toArray();
        w = new float[layers][];
        b = new float[layers][];
        gw = new float[layers][];
        gb = new float[layers][];
        wt = new float[layers][];
        act = new float[layers + 1][];
        delta = new float[layers][];
        act[0] = new float[maxBatch * width[0]];
        for (int l = 0; l < layers; l++) {
            w[l] = new float[width[l] * width[l + 1]];
            gw[l] = new float[w[l].length];
            wt[l] = l == 0 ? new float[0] : new float[w[l].length];
            b[l] = new float[width[l + 1]];
            gb[l] = new float[b[l].length];
            act[l + 1] = new float[maxBatch * width[l + 1]];
            delta[l] = new float[maxBatch * width[l + 1]];
        }
        labels = new int[maxBatch];
        targets = new float[workload.loss() == Workload.Loss.SIGMOID_MSE ? maxBatch * width[layers] : 0];
        out = workload.loss() == Workload.Loss.SIGMOID_MSE ? act[layers] : new float[maxBatch * width[layers]];
    }

    public Workload workload() {
        return workload;
    }

    /** The input rows, {@code [maxBatch × widths[0]]}. */
    public float[] x() {
        return act[0];
    }

    /** Class labels (softmax cross-entropy workloads). */
    public int[] labels() {
        return labels;
    }

    /** Regression targets (sigmoid/MSE workloads). */
    public float[] targets() {
        return targets;
    }

    /** The output: probabilities or sigmoid values, {@code [maxBatch × classes]}. */
    public float[] output() {
        return out;
    }

    /** Parameters in the order of the model's signature: W, b of each layer. */
    public List<float[]> params() {
        return interleave(w, b);
    }

    /** Gradients, in the order of {@link #params()}. */
    public List<float[]> grads() {
        return interleave(gw, gb);
    }

    /** The loss of the last training step. */
    public double loss() {
        return loss;
    }

    /** Forward pass over {@code n} rows, filling {@link #output()}. */
    public void infer(int n) {
        forward(n);
        if (workload.loss() == Workload.Loss.SOFTMAX_CE) {
            softmaxRows(n);
        }
    }

    /** Forward pass, mean loss, and every parameter gradient over {@code n} rows. */
    public void trainStep(int n) {
        if (n < 1 || n > maxBatch) {
            throw new IllegalArgumentException("batch " + n + " is not in 1.." + maxBatch);
        }
        forward(n);
        loss = workload.loss() == Workload.Loss.SOFTMAX_CE ? softmaxCrossEntropy(n) : sigmoidMse(n);
        for (int l = layers - 1; l >= 0; l--) {
            HandKernels.weightGrad(act[l], delta[l], gw[l], n, width[l], width[l + 1]);
            HandKernels.columnSums(delta[l], gb[l], n, width[l + 1]);
            if (l > 0) {
                HandKernels.transpose(w[l], wt[l], width[l], width[l + 1]);
                HandKernels.dense(delta[l], wt[l], null, delta[l - 1], n, width[l + 1], width[l], null);
                HandKernels.backActivate(delta[l - 1], act[l], n * width[l], workload.hidden());
            }
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
        float[] z = act[layers];
        float[] d = delta[layers - 1];
        double sum = 0;
        float inv = 1f / n;
        for (int r = 0; r < n; r++) {
            int r0 = r * c;
            float lse = logSumExp(z, r0, c);
            sum += lse - z[r0 + labels[r]];
            for (int j = 0; j < c; j++) {
                float p = (float) Math.exp(z[r0 + j] - lse);
                out[r0 + j] = p;
                d[r0 + j] = p * inv;
            }
            d[r0 + labels[r]] -= inv;
        }
        return sum / n;
    }

    /** Mean squared error of the sigmoid outputs (which are the output array); writes {@code delta = 2(y - t)/(n·c) · y(1 - y)}. */
    private double sigmoidMse(int n) {
        int count = n * width[layers];
        float[] y = act[layers];
        float[] d = delta[layers - 1];
        double sum = 0;
        float scale = 2f / count;
        for (int j = 0; j < count; j++) {
            float e = y[j] - targets[j];
            sum += e * e;
            d[j] = scale * e * y[j] * (1 - y[j]);
        }
        return sum / count;
    }

    private void softmaxRows(int n) {
        int c = width[layers];
        float[] z = act[layers];
        for (int r = 0; r < n; r++) {
            int r0 = r * c;
            float lse = logSumExp(z, r0, c);
            for (int j = 0; j < c; j++) {
                out[r0 + j] = (float) Math.exp(z[r0 + j] - lse);
            }
        }
    }

    private static float logSumExp(float[] z, int r0, int c) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            max = Math.max(max, z[r0 + j]);
        }
        float s = 0;
        for (int j = 0; j < c; j++) {
            s += (float) Math.exp(z[r0 + j] - max);
        }
        return max + (float) Math.log(s);
    }

    private List<float[]> interleave(float[][] weights, float[][] biases) {
        float[][] all = new float[2 * layers][];
        for (int l = 0; l < layers; l++) {
            all[2 * l] = weights[l];
            all[2 * l + 1] = biases[l];
        }
        return List.of(all);
    }
}
