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

    /**
     * The reasoning efforts some provider documents: OpenAI's none, minimal, low, medium, high and xhigh, Anthropic's
     * low, medium, high, xhigh and max, Gemini's thinking levels minimal to high. Each adapter may narrow them further.
     */
    public static final java.util.List<String> REASONING_EFFORTS = java.util.List.of("none", "minimal", "low", "medium", "high", "xhigh", "max");

    public static String reasoningEffort(String value) {
        if (value == null || REASONING_EFFORTS.contains(value)) return null;
        return "is not a reasoning effort any provider documents ('" + value + "'); use one of " + String.join(", ", REASONING_EFFORTS);
    }

    /**
     * A provider's base URL: http or https with a host, e.g. http://localhost:8080/v1. Anything else (file:, a bare
     * host, a typo) would only fail inside the HTTP client, mid-run, with a message that does not name the setting.
     */
    public static String baseUrl(String value) {
        if (value == null) return null;
        java.net.URI uri;
        try {
            uri = new java.net.URI(value);
        } catch (java.net.URISyntaxException e) {
            return "is not a URL ('" + value + "': " + e.getReason() + "); write e.g. http://localhost:8080/v1";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http:// or https:// URL, not '" + value + "'; write e.g. http://localhost:8080/v1";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "must name a host, as in http://localhost:8080/v1, not '" + value + "'";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must not have a ?query or #fragment, was '" + value + "'";
        }
        return null;
    }
}
