package nnc.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What a compiled model exposes: its name, the arrays it reads and writes, and their shapes.
 * Indices into these lists are the indices the {@link Model} array accessors take.
 *
 * @param modelName the model's name in the source
 * @param dtype     the floating-point type the model was compiled for
 * @param inputs    arrays the caller fills before a step
 * @param targets   arrays the caller fills before a training or evaluation step
 * @param outputs   arrays a step fills
 * @param params    trainable parameters (gradients have the same specs, in the same order)
 * @param state     non-trainable state a training step updates (e.g. batch-norm running statistics)
 */
public record Signature(
        String modelName,
        DType dtype,
        List<TensorSpec> inputs,
        List<TensorSpec> targets,
        List<TensorSpec> outputs,
        List<TensorSpec> params,
        List<TensorSpec> state) {

    public Signature {
        inputs = List.copyOf(inputs);
        targets = List.copyOf(targets);
        outputs = List.copyOf(outputs);
        params = List.copyOf(params);
        state = List.copyOf(state);
    }

    /** The index of the parameter with this name, if there is one. */
    public Optional<Integer> paramIndex(String name) {
        return indexOf(params, name);
    }

    /** The index of the input with this name, if there is one. */
    public Optional<Integer> inputIndex(String name) {
        return indexOf(inputs, name);
    }

    /** The index of the target with this name, if there is one. */
    public Optional<Integer> targetIndex(String name) {
        return indexOf(targets, name);
    }

    /** The index of the output with this name, if there is one. */
    public Optional<Integer> outputIndex(String name) {
        return indexOf(outputs, name);
    }

    /** The total number of trainable scalars. */
    public long parameterCount() {
        return params.stream().mapToLong(p -> p.elements(1)).sum();
    }

    /**
     * A stable hash of everything a checkpoint must agree with (names, dtypes and shapes of
     * parameters and state), as 16 hex digits. Stored in checkpoint metadata.
     */
    public String hash() {
        StringBuilder text = new StringBuilder(modelName).append('|').append(dtype);
        for (TensorSpec p : params) {
            text.append("|p:").append(p);
        }
        for (TensorSpec s : state) {
            text.append("|s:").append(s);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static Optional<Integer> indexOf(List<TensorSpec> specs, String name) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equals(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
