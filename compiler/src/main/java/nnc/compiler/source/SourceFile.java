package nnc.compiler.source;

import java.util.Arrays;

/**
 * The text of one {@code .nn} file and where its lines start, so that offsets turn into
 * 1-based line and column numbers for diagnostics and for the generated LineNumberTable.
 */
public final class SourceFile {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    /**
     * A source file.
     *
     * @param name the path as the user wrote it; diagnostics print it verbatim
     * @param text the whole text
     */
    public SourceFile(String name, String text) {
        this.name = name;
        this.text = text;
        this.lineStarts = computeLineStarts(text);
    }

    /** The path as the user gave it. */
    public String name() {
        return name;
    }

    /** The file name without directories, for a class file's SourceFile attribute. */
    public String baseName() {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1);
    }

    /** The whole text. */
    public String text() {
        return text;
    }

    /** The 1-based line holding the character at {@code offset}. */
    public int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, clamp(offset));
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** The 1-based column of the character at {@code offset}, counting code points. */
    public int column(int offset) {
        int o = clamp(offset);
        int start = lineStarts[line(o) - 1];
        return text.codePointCount(start, o) + 1;
    }

    /** The number of lines (a final line without a newline counts). */
    public int lineCount() {
        return lineStarts.length;
    }

    /** The text of 1-based line {@code line}, without its line terminator. */
    public String lineText(int line) {
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return name;
    }

    private int clamp(int offset) {
        return Math.max(0, Math.min(offset, text.length()));
    }

    private static int[] computeLineStarts(String text) {
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        int[] starts = new int[count];
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[line++] = i + 1;
            }
        }
        return starts;
    }
}
