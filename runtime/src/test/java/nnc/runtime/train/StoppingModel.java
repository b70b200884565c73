package nnc.runtime.train;

import nnc.runtime.Model;
import nnc.runtime.Signature;

/** Delegates to a model and runs an action (e.g. a stop request) after the n-th training step. */
final class StoppingModel implements Model {
    private final Model m;
    private final int at;
    private final Runnable action;
    private int steps;

    StoppingModel(Model m, int at, Runnable action) {
        this.m = m;
        this.at = at;
        this.action = action;
    }

    @Override
    public void trainStep(int n) {
        m.trainStep(n);
        if (++steps == at) {
            action.run();
        }
    }

    @Override
    public Signature signature() {
        return m.signature();
    }

    @Override
    public int maxBatch() {
        return m.maxBatch();
    }

    @Override
    public void infer(int n) {
        m.infer(n);
    }

    @Override
    public void evaluate(int n) {
        m.evaluate(n);
    }

    @Override
    public double loss() {
        return m.loss();
    }

    @Override
    public Object input(int i) {
        return m.input(i);
    }

    @Override
    public Object target(int i) {
        return m.target(i);
    }

    @Override
    public Object output(int i) {
        return m.output(i);
    }

    @Override
    public Object param(int i) {
        return m.param(i);
    }

    @Override
    public Object grad(int i) {
        return m.grad(i);
    }

    @Override
    public Object state(int i) {
        return m.state(i);
    }

    @Override
    public void setParam(int i, Object array) {
        m.setParam(i, array);
    }

    @Override
    public void setSeed(long seed) {
        m.setSeed(seed);
    }
}
