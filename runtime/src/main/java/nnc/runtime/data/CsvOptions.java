package nnc.runtime.data;

/**
 * How to read a CSV file.
 *
 * @param label  the target column: a header name, or an index (0-based; negative counts from the
 *               end, -1 = last); empty for the default: the column named like the model's target
 *               if the header has one, else the last column(s)
 * @param header whether the first row is a header
 */
public record CsvOptions(String label, Header header) {
    /** Whether the first non-blank row holds column names. */
    public enum Header {
        /** A header if any field of the first row is not a number. */
        AUTO,
        /** The first row is a header. */
        YES,
        /** Every row is data. */
        NO
    }

    /** Header detection and the default target column. */
    public static CsvOptions defaults() {
        return new CsvOptions("", Header.AUTO);
    }
}
