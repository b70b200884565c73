package nnc.runtime.io;

import java.util.Map;
import java.util.Optional;

/**
 * What a loaded checkpoint said about itself.
 *
 * @param metadata          the file's {@code __metadata__} (empty for files written elsewhere)
 * @param optimizerRestored whether optimizer state was loaded
 */
public record CheckpointInfo(Map<String, String> metadata, boolean optimizerRestored) {
    public CheckpointInfo {
        metadata = Map.copyOf(metadata);
    }

    /** The epoch stored in the metadata, if any. */
    public Optional<Long> epoch() {
        String e = metadata.get("epoch");
        try {
            return e == null ? Optional.empty() : Optional.of(Long.parseLong(e));
        } catch (NumberFormatException ex) {
            return Optional.empty();
        }
    }

    /** The model name stored in the metadata, if any. */
    public Optional<String> modelName() {
        return Optional.ofNullable(metadata.get("model"));
    }
}
