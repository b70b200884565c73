package nnc.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A strict reader of named hyperparameters, as given by the command line or a model's
 * {@code train} section: {@code adam(lr = 1e-3, amsgrad = true)}.
 *
 * <p>Values may be {@link Number}s, {@link Boolean}s, {@link List}s of numbers, or strings that
 * parse as those. Each getter names one accepted key and its default; {@link #finish()} rejects
 * every key no getter asked for, so a typo ({@code betas}, {@code learning_rate}) is an error
 * that lists the accepted names instead of a silently ignored setting.
 */
public final class Hyperparameters {
    private final String owner;
    private final Map<String, Object> given;
    private final Set<String> accepted = new LinkedHashSet<>();

    /**
     * A reader of {@code given} for the component named {@code owner} (used in messages,
     * e.g. {@code "adam"}).
     */
    public Hyperparameters(String owner, Map<String, ?> given) {
        this.owner = owner;
        this.given = Map.copyOf(given);
    }

    /** The number under {@code key}, or {@code fallback} if it is absent. */
    public double number(String key, double fallback) {
        accepted.add(key);
        Object v = given.get(key);
        return v == null ? fallback : toNumber(key, v);
    }

    /** The number under {@code key}; it must be present. */
    public double requiredNumber(String key) {
        accepted.add(key);
        Object v = given.get(key);
        if (v == null) {
            throw new ConfigException(owner + ": missing hyperparameter '" + key + "'");
        }
        return toNumber(key, v);
    }

    /** The whole number under {@code key}, or {@code fallback} if it is absent. */
    public int integer(String key, int fallback) {
        double d = number(key, fallback);
        return toInt(key, d);
    }

    /** The whole number under {@code key}; it must be present. */
    public int requiredInteger(String key) {
        return toInt(key, requiredNumber(key));
    }

    /** The boolean under {@code key} ({@code true}/{@code false}), or {@code fallback}. */
    public boolean flag(String key, boolean fallback) {
        accepted.add(key);
        Object v = given.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return s.equals("true");
        }
        throw bad(key, v, "true or false");
    }

    /** The text under {@code key} (e.g. {@code mode = fan_out}), or {@code fallback} if it is absent. */
    public String text(String key, String fallback) {
        accepted.add(key);
        Object v = given.get(key);
        return v == null ? fallback : v.toString().trim();
    }

    /** The list of whole numbers under {@code key} (a list, or a string like {@code "30,80"}). */
    public List<Integer> integers(String key) {
        accepted.add(key);
        Object v = given.get(key);
        if (v == null) {
            throw new ConfigException(owner + ": missing hyperparameter '" + key + "'");
        }
        List<?> items = v instanceof List<?> l ? l : List.of(v.toString().split(","));
        List<Integer> out = new ArrayList<>();
        for (Object item : items) {
            out.add(toInt(key, toNumber(key, item)));
        }
        return List.copyOf(out);
    }

    /** Checks that every given key was asked for; call it after the last getter. */
    public void finish() {
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(accepted);
        if (!unknown.isEmpty()) {
            throw new ConfigException(owner + ": unknown hyperparameter" + (unknown.size() > 1 ? "s " : " ")
                    + quoteAll(unknown) + "; " + owner + " accepts " + quoteAll(accepted));
        }
    }

    /** Fails with a message naming {@code key}, its value and the rule it breaks. */
    public ConfigException invalid(String key, Object value, String rule) {
        return new ConfigException(owner + ": " + key + " = " + value + " is invalid: " + rule);
    }

    private double toNumber(String key, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number");
        }
    }

    private int toInt(String key, double d) {
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw bad(key, d, "a whole number");
        }
        return (int) d;
    }

    private ConfigException bad(String key, Object v, String wanted) {
        return new ConfigException(owner + ": " + key + " = '" + v + "' is not " + wanted);
    }

    private static String quoteAll(Set<String> keys) {
        return keys.isEmpty() ? "no hyperparameters"
                : String.join(", ", keys.stream().map(k -> "'" + k + "'").toList());
    }
}
