package nnc.compiler.kernel;

/** The methods of a generated model that run kernels, and which roles each computes. */
public enum Entry {
    /** {@code infer(n)}: the outputs. */
    INFER("infer"),
    /** {@code evaluate(n)}: the outputs and the loss. */
    EVALUATE("evaluate"),
    /** {@code trainStep(n)}: the outputs, the loss, every parameter gradient, state updates. */
    TRAIN("trainStep"),
    /**
     * {@code trainStepSgd(n, lr, weightDecay)}: as {@code trainStep}, with the parameters updated
     * by plain SGD inside the step instead of the gradients written ({@link SgdFusion}).
     */
    TRAIN_SGD("trainStepSgd");

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
        return this == TRAIN || this == TRAIN_SGD;
    }

    /** The descriptor of the generated method: {@code (I)V}, or {@code (IDD)V} for {@link #TRAIN_SGD}. */
    public String descriptor() {
        return this == TRAIN_SGD ? "(IDD)V" : "(I)V";
    }
}
