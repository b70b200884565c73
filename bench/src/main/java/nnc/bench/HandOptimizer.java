package nnc.bench;

import java.util.List;

/**
 * The baseline's optimizer loops over a parameter list and its gradients: plain SGD, and Adam with
 * its bias corrections computed once per step (no {@code Math.pow} per element). The update
 * equations are {@code torch.optim}'s, like nnc's runtime optimizers.
 */
public sealed interface HandOptimizer {

    /** One update of every parameter from its gradient. */
    void step();

    /** {@code sgd} (learning rate 0.01) or {@code adam} (1e-3, β = 0.9, 0.999, ε = 1e-8) over a network's parameter rows. */
    static HandOptimizer create(String name, HandMlp net) {
        return switch (name) {
            case "sgd" -> new Sgd(net.paramRows(), net.gradRows(), 0.01f);
            case "adam" -> new Adam(net.paramRows(), net.gradRows(), 1e-3, 0.9, 0.999, 1e-8);
            default -> throw new IllegalArgumentException("no baseline optimizer '" + name + "'; expected sgd or adam");
        };
    }

    /** θ ← θ - γg. */
    record Sgd(List<float[]> params, List<float[]> grads, float lr) implements HandOptimizer {
        @Override
        public void step() {
            for (int i = 0; i < params.size(); i++) {
                float[] p = params.get(i);
                float[] g = grads.get(i);
                for (int j = 0; j < p.length; j++) {
                    p[j] -= lr * g[j];
                }
            }
        }
    }

    /** m ← β1m + (1-β1)g, v ← β2v + (1-β2)g², θ ← θ - γ/(1-β1ᵗ) · m / (√v/√(1-β2ᵗ) + ε). */
    final class Adam implements HandOptimizer {
        private final List<float[]> params;
        private final List<float[]> grads;
        private final float[][] m;
        private final float[][] v;
        private final double lr;
        private final double beta1;
        private final double beta2;
        private final float eps;
        private long t;

        Adam(List<float[]> params, List<float[]> grads, double lr, double beta1, double beta2, double eps) {
            this.params = params;
            this.grads = grads;
            this.lr = lr;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = (float) eps;
            this.m = new float[params.size()][];
            this.v = new float[params.size()][];
            for (int i = 0; i < params.size(); i++) {
                m[i] = new float[params.get(i).length];
                v[i] = new float[params.get(i).length];
            }
        }

        @Override
        public void step() {
            t++;
            float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
            float bc2 = (float) Math.sqrt(1 - Math.pow(beta2, t));
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            for (int i = 0; i < params.size(); i++) {
                update(params.get(i), grads.get(i), m[i], v[i], stepSize, bc2, b1, b2);
            }
        }

        private void update(float[] p, float[] g, float[] mi, float[] vi, float stepSize, float bc2, float b1, float b2) {
            for (int j = 0; j < p.length; j++) {
                float gj = g[j];
                float mj = b1 * mi[j] + (1 - b1) * gj;
                float vj = b2 * vi[j] + (1 - b2) * gj * gj;
                mi[j] = mj;
                vi[j] = vj;
                p[j] -= stepSize * mj / ((float) Math.sqrt(vj) / bc2 + eps);
            }
        }
    }
}
