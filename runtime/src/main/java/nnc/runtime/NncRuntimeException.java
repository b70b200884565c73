package nnc.runtime;

/** The base of every exception the runtime and generated code throw for misuse or bad data. */
public class NncRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message saying what is wrong and what to do. */
    public NncRuntimeException(String message) {
        super(message);
    }

    /** An exception with a message and the cause that triggered it. */
    public NncRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
