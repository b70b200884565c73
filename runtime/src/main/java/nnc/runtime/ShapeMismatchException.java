package nnc.runtime;

/** An array given to a model or read from a file does not have the type or size its spec asks. */
public final class ShapeMismatchException extends NncRuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the tensor, what was expected and what was found. */
    public ShapeMismatchException(String message) {
        super(message);
    }
}
