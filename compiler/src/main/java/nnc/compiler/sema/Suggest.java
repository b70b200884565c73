package nnc.compiler.sema;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" suggestions: the closest candidate by edit distance, if it is close enough. */
final class Suggest {
    private Suggest() {
    }

    /** The closest candidate within a third of the name's length (at least 1, at most 3 edits). */
    static Optional<String> closest(String name, Collection<String> candidates) {
        int limit = Math.min(3, Math.max(1, name.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (Math.abs(c.length() - name.length()) > limit || c.equals(name)) {
                continue;
            }
            int d = distance(name, c);
            if (d <= limit && (d < bestDistance || d == bestDistance && c.compareTo(best) < 0)) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A note "did you mean 'x'?" or nothing. */
    static String[] didYouMean(String name, Collection<String> candidates) {
        return closest(name, candidates).map(c -> new String[] {"did you mean '" + c + "'?"})
                .orElse(new String[0]);
    }

    /** Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-insensitive. */
    static int distance(String a, String b) {
        String x = a.toLowerCase(java.util.Locale.ROOT);
        String y = b.toLowerCase(java.util.Locale.ROOT);
        int[][] d = new int[x.length() + 1][y.length() + 1];
        for (int i = 0; i <= x.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x.charAt(i - 1) == y.charAt(j - 2) && x.charAt(i - 2) == y.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[x.length()][y.length()];
    }
}
