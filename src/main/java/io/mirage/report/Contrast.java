package io.mirage.report;

import io.mirage.stats.Interval;

/**
 * One hypothesis of "no difference" between two rates, before the family it belongs to is fixed: its data,
 * its raw p-value, the smallest p-value its margins allow, and the interval that inverts its test at a level.
 * A difference is B − A.
 */
sealed interface Contrast permits CellContrast, FactorContrast {
    String behaviour();

    /** The condition the row compares within (short id), or "" for a factor's rows, which span conditions. */
    String condition();

    Side a();

    Side b();

    int kA();

    int nA();

    int kB();

    int nB();

    /** B's rate minus A's (Mantel–Haenszel-weighted for a factor). */
    double difference();

    double p();

    /** The least p-value any data with the same margins could give, for Tarone's pruning. */
    double smallestP();

    /** The interval of the values the test does not reject at {@code alpha}; it excludes the null value exactly when p &lt; alpha. */
    Interval intervalAtLevel(double alpha);

    /** Whether a cell behind the row stopped sampling early (only with --allow-stopped). */
    boolean stopped();
}
