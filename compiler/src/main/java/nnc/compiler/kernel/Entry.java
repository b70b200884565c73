package nnc.compiler.kernel;

/** The methods of a generated model that run kernels, and which roles each computes. */
public enum Entry {
    /** {@code infer(n)}: the outputs. */
    INFER("infer"),
    /** {@code evaluate(n)}: the outputs and the loss. */
    EVALUATE("evaluate"),
    /** {@code trainStep(n)}: the outputs, the loss, every parameter gradient, state updates. */
    TRAIN("trainStep");

    private final String method;

    Entry(String method) {
        this.method = method;
    }

    /** The name of the generated method. */
    public String method() {
        return method;
    }

    /** Whether the entry computes the loss. */
    public boolean hasLoss() {
        return this != INFER;
    }

    /** Whether the entry computes gradients and state updates. */
    public boolean trains() {
        return this == TRAIN;
    }
}
