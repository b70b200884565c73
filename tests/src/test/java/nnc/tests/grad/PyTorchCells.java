package nnc.tests.grad;

import nnc.compiler.interp.Tensor;
import nnc.compiler.ir.Composites;

/**
 * The recurrent cells of {@code torch.nn.RNNCell}, {@code LSTMCell} and {@code GRUCell}, written
 * out element by element from PyTorch's documentation, with the weights transposed
 * ({@code W_ih: [in, G·H]}, gate blocks in PyTorch's order along the columns). An oracle
 * independent of nnc's IR.
 */
final class PyTorchCells {
    private PyTorchCells() {
    }

    /** One step for a batch: the new state, row-major ({@code [h, c]} per row for the LSTM). */
    static double[] step(Composites.Cell cell, Tensor x, Tensor s, Tensor wih, Tensor whh, Tensor bih, Tensor bhh,
            int hidden) {
        int n = x.shape()[0];
        int in = x.shape()[1];
        int width = cell.stateWidth() * hidden;
        double[] out = new double[n * width];
        for (int row = 0; row < n; row++) {
            double[] xi = affine(x, row, in, wih, bih, cell.gates() * hidden);
            double[] h = new double[hidden];
            for (int j = 0; j < hidden; j++) {
                h[j] = s.at(row * width + j);
            }
            double[] hh = affine(Tensor.of(s.dtype(), new int[] {1, hidden}, h), 0, hidden, whh, bhh, cell.gates() * hidden);
            for (int j = 0; j < hidden; j++) {
                switch (cell) {
                    case RNN -> out[row * width + j] = Math.tanh(xi[j] + hh[j]);
                    case LSTM -> {
                        double i = sigmoid(xi[j] + hh[j]);
                        double f = sigmoid(xi[hidden + j] + hh[hidden + j]);
                        double g = Math.tanh(xi[2 * hidden + j] + hh[2 * hidden + j]);
                        double o = sigmoid(xi[3 * hidden + j] + hh[3 * hidden + j]);
                        double c = f * s.at(row * width + hidden + j) + i * g;
                        out[row * width + j] = o * Math.tanh(c);
                        out[row * width + hidden + j] = c;
                    }
                    case GRU -> {
                        double r = sigmoid(xi[j] + hh[j]);
                        double z = sigmoid(xi[hidden + j] + hh[hidden + j]);
                        double nn = Math.tanh(xi[2 * hidden + j] + r * hh[2 * hidden + j]);
                        out[row * width + j] = (1 - z) * nn + z * h[j];
                    }
                }
            }
        }
        return out;
    }

    /** {@code v[row] W + b}. */
    private static double[] affine(Tensor v, int row, int in, Tensor w, Tensor b, int cols) {
        double[] out = new double[cols];
        for (int j = 0; j < cols; j++) {
            double acc = b.at(j);
            for (int k = 0; k < in; k++) {
                acc += v.at(row * in + k) * w.at(k * cols + j);
            }
            out[j] = acc;
        }
        return out;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
