package io.mirage.model;

/**
 * The one place a model setting's number is checked, for the models file and for command-line flags alike: NaN
 * and infinities are refused everywhere (a NaN price makes every cost NaN, so a budget never stops a run), and
 * each kind of number has its range. Each check returns null when the value is fine, else what is wrong with it.
 */
public final class SettingRules {
    private SettingRules() {}

    /** Temperatures, prices and budgets: finite and not negative. */
    public static String nonNegative(double value) {
        if (!Double.isFinite(value)) return "must be a finite number, not " + value;
        return value < 0 ? "must not be negative, was " + value : null;
    }

    /** Timeouts: finite and above zero. */
    public static String positive(double value) {
        if (!Double.isFinite(value)) return "must be a finite number, not " + value;
        return value <= 0 ? "must be greater than 0, was " + value : null;
    }

    /** Token limits, concurrency and rate limits: a whole number of at least 1. */
    public static String atLeastOne(long value) {
        return value < 1 ? "must be at least 1, was " + value : null;
    }
}
