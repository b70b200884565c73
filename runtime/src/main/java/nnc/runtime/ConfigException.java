package nnc.runtime;

/**
 * A configuration given by a user (an optimizer, schedule or initializer name, a hyperparameter
 * and its value) is not valid. The message names the offending item and what is accepted; the
 * command line maps it to exit 64 (bad usage).
 */
public final class ConfigException extends NncRuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the bad item and listing what is accepted. */
    public ConfigException(String message) {
        super(message);
    }
}
