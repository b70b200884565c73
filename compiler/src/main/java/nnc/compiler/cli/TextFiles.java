package nnc.compiler.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Output files of {@code train} and {@code predict}: checked before the work, written atomically after it. */
final class TextFiles {
    private TextFiles() {
    }

    /** Fails (73) unless {@code file} can be created or replaced: its directory exists and it is not a directory. */
    static void requireWritable(Path file, String option) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new CliFailure(ExitCodes.CANT_CREATE, option + " " + file + " is a directory; give a file name");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliFailure(ExitCodes.CANT_CREATE, option + " " + file + ": directory " + dir + " does not exist");
        }
    }

    /** Writes {@code text} to a temporary file next to {@code file} and renames it over {@code file}. */
    static void write(Path file, String text, String option) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".", ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.CANT_CREATE, option + " " + file + ": cannot write (" + e.getMessage() + ")");
        }
    }
}
