package nnc.runtime.train;

/** How classification accuracy is computed from an output and a target. */
public enum Accuracy {
    /**
     * Chosen from the model: integer labels → argmax (or threshold for a single output);
     * k-wide float targets with a k-wide output → argmax against the target's argmax; a single
     * output with 0/1 training targets → threshold 0.5; otherwise no accuracy.
     */
    AUTO,
    /** Argmax of the output row against the label (integer target) or the target row's argmax. */
    ARGMAX,
    /** A single output ≥ 0.5 against a target ≥ 0.5 (binary classification with a sigmoid). */
    THRESHOLD,
    /** No accuracy (regression). */
    NONE
}
