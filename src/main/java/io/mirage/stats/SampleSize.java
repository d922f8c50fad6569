package io.mirage.stats;

/**
 * How many samples a cell needs for a given precision of its rate, judged by the interval the report shows:
 * the exact two-sided Clopper–Pearson interval ({@link Proportions#clopperPearson}). Pure functions.
 */
public final class SampleSize {
    private SampleSize() {}

    /**
     * The plan for one cell: after {@code n} samples at the expected rate the count is {@code k} and the report shows
     * {@code interval}, which is no wider than {@code widthLimit}.
     *
     * @param holdsFrom the smallest n from which on every larger n keeps the promise too (see {@link #forMargin})
     */
    public record MarginPlan(double rate, double margin, double confidence, int n, int k, Interval interval,
                             double widthLimit, int holdsFrom) {
        public double width() {
            return interval.upper() - interval.lower();
        }
    }

    /**
     * The smallest n after which the report's exact interval is no wider than the window rate ± margin, as far as
     * that window lies in [0, 1]: at the expected count k = round(rate·n), the Clopper–Pearson interval must satisfy
     * upper − lower ≤ min(2·margin, rate + margin, 1 − rate + margin) — the {@link #widthLimit}.
     * <p>
     * Where the window fits in [0, 1] this is a half-width (upper − lower)/2 ≤ margin: 505 for 0.05 ± 0.02.
     * Near 0 the window is cut at 0 and the interval, pinned against 0, must reach no further than rate + margin;
     * at rate 0 this is the upper bound 1 − (α/2)^(1/n) ≤ margin, 72 for a margin of 0.05 at 95% (not 35, where
     * [0, 0.100] is ±0.05 only in width). Near 1 the same by symmetry: above rate 0.5 the count is
     * n − round((1 − rate)·n), so a rate and its complement need the same n.
     * <p>
     * Because k is a whole number the width is not monotone in n: it jumps up a little each time k steps up. n is
     * the first n at which the width holds (505 above); some n just above it can miss by a hair (510 to 513 give
     * a half-width of up to 0.02012), so the plan also gives {@link MarginPlan#holdsFrom}, the first n from which on
     * every n holds (514). Both are found by bisection over the runs of n that share a k, relying on two properties
     * checked against a brute-force scan in the tests: within a run the width shrinks as n grows, and the widths at
     * the runs' first (and last) n shrink from run to run.
     *
     * @param rate       the expected rate, in [0, 1]
     * @param margin     the wanted half-width, in (0, 1)
     * @param confidence the two-sided confidence level, in (0, 1), e.g. 0.95
     * @throws IllegalArgumentException with a message fit for a command line, for arguments out of range or a
     *                                  margin so small that n would exceed {@link Integer#MAX_VALUE}
     */
    public static MarginPlan forMargin(double rate, double margin, double confidence) {
        check(rate, margin, confidence);
        if (rate > 0.5) {
            MarginPlan low = forMargin(1 - rate, margin, confidence);
            int k = low.n() - low.k();
            return new MarginPlan(rate, margin, confidence, low.n(), k, Proportions.clopperPearson(k, low.n(), confidence),
                    low.widthLimit(), low.holdsFrom());
        }
        Search s = new Search(rate, widthLimit(rate, margin), confidence, margin);
        long n;
        long from;
        if (rate == 0) {
            n = s.firstHolding(1, Long.MAX_VALUE); // k is always 0 and the upper bound falls with n
            from = n;
        } else {
            long firstRun = Math.round(rate); // the k of n = 1
            long run = s.firstRun(firstRun, r -> s.holds(s.last(r)));
            n = s.firstHolding(s.first(run), s.last(run));
            long steady = s.firstRun(run, r -> s.holds(s.first(r)));
            from = steady == firstRun ? s.first(steady) : Math.min(s.firstHolding(s.first(steady - 1), s.last(steady - 1)), s.first(steady));
            from = Math.max(n, from);
        }
        int size = checkedSize(from, margin);
        int k = (int) s.k(n);
        return new MarginPlan(rate, margin, confidence, (int) n, k, Proportions.clopperPearson(k, (int) n, confidence),
                s.limit, size);
    }

    /**
     * The widest interval that keeps the promise: the part of [rate − margin, rate + margin] inside [0, 1], i.e.
     * min(2·margin, rate + margin, 1 − rate + margin).
     */
    public static double widthLimit(double rate, double margin) {
        return Math.min(2 * margin, Math.min(rate + margin, 1 - rate + margin));
    }

    /**
     * The expected count after n samples: round(rate·n) (half up), and n − round((1 − rate)·n) above rate 0.5 so that
     * a rate and its complement are planned alike.
     */
    public static long expectedCount(double rate, long n) {
        return rate <= 0.5 ? Math.round(rate * n) : n - Math.round((1 - rate) * n);
    }

    /**
     * The smallest n for which 0 successes give a one-sided exact upper bound 1 − α^(1/n) of at most {@code bound}
     * ({@link Proportions#upperBound}): 59 for 0.05 at 95%. The report prints this bound beside the table where k = 0;
     * the table itself shows the two-sided interval that {@link #forMargin} plans for.
     */
    public static int forUpperBound(double bound, double confidence) {
        check(0, bound, confidence);
        Search s = new Search(0, bound, confidence, bound) {
            @Override
            boolean holds(long n) {
                return Proportions.upperBound(0, (int) n, confidence) <= bound;
            }
        };
        return checkedSize(s.firstHolding(1, Long.MAX_VALUE), bound);
    }

    /**
     * The textbook normal-approximation (Wald) sample size, ⌈z²·p(1−p)/margin²⌉, for comparison with
     * {@link #forMargin}: e.g. 385 for ±5% at 50% and 95% confidence. It is 0 at rates 0 and 1, where it is useless.
     */
    public static int normalApproximation(double rate, double margin, double confidence) {
        check(rate, margin, confidence);
        double z = Proportions.z(confidence);
        double n = Math.ceil(z * z * rate * (1 - rate) / (margin * margin));
        if (n > Integer.MAX_VALUE) throw tooSmall(margin);
        return (int) n;
    }

    /** Bisection over n and over runs of n sharing one expected count k, for a rate of at most 0.5. */
    private static class Search {
        final double rate;
        final double limit;
        final double confidence;
        final double margin; // for the error message only

        Search(double rate, double limit, double confidence, double margin) {
            this.rate = rate;
            this.limit = limit;
            this.confidence = confidence;
            this.margin = margin;
        }

        long k(long n) {
            return expectedCount(rate, n);
        }

        boolean holds(long n) {
            if (n > Integer.MAX_VALUE) return true; // only ever asked to bound a search; checkedSize rejects such n
            Interval i = Proportions.clopperPearson((int) k(n), (int) n, confidence);
            return i.upper() - i.lower() <= limit;
        }

        /** The last n ≥ 1 whose expected count is at most k (0 if none): n ≈ (k + ½)/rate, corrected for rounding. */
        long last(long k) {
            if (k < 0) return 0;
            long cap = 1L << 40; // far beyond any n asked for; keeps n·rate and g + 1 from overflowing
            double guess = Math.floor((k + 0.5) / rate);
            long g = guess >= cap ? cap : (long) guess;
            while (g < cap && k(g + 1) <= k) g++;
            while (g >= 1 && k(g) > k) g--;
            return g;
        }

        long first(long k) {
            return last(k - 1) + 1;
        }

        /** The smallest run k ≥ from for which {@code good} holds, assuming it stays true once true. */
        long firstRun(long from, java.util.function.LongPredicate good) {
            long bad = from - 1;
            long step = 1;
            long hi = from;
            while (!good.test(hi)) {
                if (first(hi) > Integer.MAX_VALUE) throw tooSmall(margin);
                bad = hi;
                hi += step;
                step *= 2;
            }
            while (hi - bad > 1) {
                long mid = bad + (hi - bad) / 2;
                if (good.test(mid)) hi = mid;
                else bad = mid;
            }
            return hi;
        }

        /** The smallest n in [lo, hi] that holds, assuming it stays true once true; hi + 1 when none does. */
        long firstHolding(long lo, long hi) {
            if (hi == Long.MAX_VALUE) {
                hi = lo;
                while (!holds(hi)) {
                    if (hi > Integer.MAX_VALUE) throw tooSmall(margin);
                    hi *= 2;
                }
            } else if (!holds(hi)) {
                return hi + 1;
            }
            long bad = lo - 1;
            while (hi - bad > 1) {
                long mid = bad + (hi - bad) / 2;
                if (holds(mid)) hi = mid;
                else bad = mid;
            }
            return hi;
        }
    }

    private static int checkedSize(long n, double margin) {
        if (n > Integer.MAX_VALUE) throw tooSmall(margin);
        return (int) n;
    }

    private static IllegalArgumentException tooSmall(double margin) {
        return new IllegalArgumentException("margin " + margin + " is too small: it would need more than " + Integer.MAX_VALUE + " samples");
    }

    private static void check(double rate, double margin, double confidence) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be between 0 and 1, was " + rate);
        }
        if (!(margin > 0 && margin < 1)) {
            throw new IllegalArgumentException("margin must be greater than 0 and less than 1, was " + margin);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be greater than 0 and less than 1, was " + confidence);
        }
    }
}
