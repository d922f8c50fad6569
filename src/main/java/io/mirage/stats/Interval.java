package io.mirage.stats;

/** A two-sided confidence interval, for a proportion or a difference of proportions. */
public record Interval(double lower, double upper) {
    public Interval {
        if (lower > upper) throw new IllegalArgumentException("lower bound above upper bound");
    }

    public boolean contains(double p) {
        return p >= lower && p <= upper;
    }
}
