package io.mirage.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class KappaEstimateTest {

    /**
     * Issue 10: "leak κ 0.00 [0.00, 0.00] at 98% agreement". The detector said yes twice in 100, the judge never: kappa is
     * 0 by formula and every resample keeps the judge constant, so there is no interval to give — not a point interval.
     */
    @Test
    void oneConstantSource_hasKappaZero_withoutAnInterval() {
        KappaEstimate k = new ConfusionMatrix(0, 2, 0, 98).kappa(0.95);
        assertTrue(k.defined());
        assertEquals(0.0, k.estimate(), 1e-15);
        assertNull(k.interval());
        assertEquals("source B gave one answer to every item, so every resample has kappa 0", k.noInterval());
        assertNull(new ConfusionMatrix(0, 0, 3, 97).kappa(0.95).interval(), "the same with A constant");
    }

    /** Issue 10: "1.00 [1.00, 1.00] at n = 6". Perfect agreement on 6 items is no certainty: no interval for kappa. */
    @Test
    void perfectAgreementOnSix_hasNoInterval() {
        KappaEstimate k = new ConfusionMatrix(3, 0, 0, 3).kappa(0.95);
        assertEquals(1.0, k.estimate(), 1e-15);
        assertNull(k.interval());
        assertEquals("the sources never disagree, so no resample does", k.noInterval());
    }

    /** Kappa is 0/0 when both sources gave the same single answer to everything, and on an empty table. */
    @Test
    void undefinedKappa_isNaN_withTheReason() {
        KappaEstimate same = new ConfusionMatrix(12, 0, 0, 0).kappa(0.95);
        assertFalse(same.defined());
        assertEquals("both sources gave one and the same answer to every item", same.noInterval());
        KappaEstimate empty = new ConfusionMatrix(0, 0, 0, 0).kappa(0.95);
        assertFalse(empty.defined());
        assertEquals("no items", empty.noInterval());
    }

    /** A source whose rarer answer came fewer than 5 times: the bootstrap would be lumpy, so no interval. */
    @Test
    void rareAnswer_hasNoInterval() {
        KappaEstimate k = new ConfusionMatrix(3, 1, 0, 96).kappa(0.95);   // A said yes 4 times
        assertEquals(0.8520710059171599, k.estimate(), 1e-12);
        assertNull(k.interval());
        assertEquals("a source gave one of its answers fewer than 5 times", k.noInterval());
        assertTrue(new ConfusionMatrix(4, 1, 1, 4).kappa(0.95).interval() != null, "5 and 5 is enough");
    }

    /**
     * Reference percentile intervals from Python 3's own generator (Mersenne Twister, not SplittableRandom), with
     * 100 000 resamples so that its Monte Carlo error is negligible:
     * <pre>
     * rng=random.Random(11); n=sum(t); cum=[t[0],t[0]+t[1],t[0]+t[1]+t[2],n]; ks=[]
     * for _ in range(100000):
     *     s=rng.choices(range(4),cum_weights=cum,k=n); k=kappa(*[s.count(i) for i in range(4)])
     *     if k is not None: ks.append(k)
     * ks.sort(); b=len(ks)
     * lower, upper = ks[math.floor((b+1)*0.025)-1], ks[math.ceil((b+1)*0.975)-1]
     * </pre>
     * with kappa as in {@link ConfusionMatrixTest}. With 1999 resamples the bounds' own Monte Carlo standard error is
     * under 0.01 here, so they must agree within 0.03.
     */
    @ParameterizedTest(name = "[[{0}, {1}], [{2}, {3}]]: [{4}, {5}]")
    @CsvSource({
            "20, 5, 10, 15, 0.14196567862714507, 0.6399999999999999",
            "88, 10, 14, 40, 0.5140116607109272, 0.7704389850986709",
            "8, 2, 3, 187, 0.47950553025374115, 0.9385749385749386"})
    void bootstrap_matchesAnIndependentBootstrap(int yy, int yn, int ny, int nn, double lower, double upper) {
        ConfusionMatrix m = new ConfusionMatrix(yy, yn, ny, nn);
        KappaEstimate k = m.kappa(0.95);
        assertEquals(m.cohensKappa(), k.estimate());
        assertEquals(lower, k.interval().lower(), 0.03);
        assertEquals(upper, k.interval().upper(), 0.03);
        assertTrue(k.interval().contains(k.estimate()));
        assertEquals("", k.noInterval());
    }

    /** A fixed seed: the same table gives the same interval in every report; another generator, another interval. */
    @Test
    void sameTable_sameInterval() {
        ConfusionMatrix m = new ConfusionMatrix(88, 10, 14, 40);
        assertEquals(m.kappa(0.95), m.kappa(0.95));
        KappaEstimate other = KappaEstimate.of(m, 0.95, KappaEstimate.RESAMPLES, new SplittableRandom(1));
        assertNotEquals(m.kappa(0.95).interval(), other.interval(), "the seed is really used");
        KappaEstimate narrower = KappaEstimate.of(m, 0.80, KappaEstimate.RESAMPLES, new SplittableRandom(KappaEstimate.SEED));
        assertTrue(narrower.interval().lower() > m.kappa(0.95).interval().lower());
    }

    /** Resampling draws n items from the table's own proportions: the mean count of each cell is n times its share. */
    @Test
    void resample_drawsFromTheTable() {
        ConfusionMatrix m = new ConfusionMatrix(10, 20, 30, 40);
        SplittableRandom random = new SplittableRandom(5);
        double[] sums = new double[4];
        int times = 4000;
        for (int i = 0; i < times; i++) {
            ConfusionMatrix r = KappaEstimate.resample(m, random);
            assertEquals(100, r.total());
            sums[0] += r.yesYes();
            sums[1] += r.yesNo();
            sums[2] += r.noYes();
            sums[3] += r.noNo();
        }
        // Each mean's standard error is at most √(100·0.25/4000) ≈ 0.08.
        assertEquals(10, sums[0] / times, 0.4);
        assertEquals(20, sums[1] / times, 0.4);
        assertEquals(30, sums[2] / times, 0.4);
        assertEquals(40, sums[3] / times, 0.4);
    }

    /**
     * Where an interval is given it covers the true kappa about as often as it says: 200 tables drawn from known cell
     * probabilities, intervals of 999 resamples. The percentile bootstrap runs a little under 95%; it must not fall
     * below 90% (three standard errors of a 95% rate over 200 tables are 4.6%).
     */
    @Test
    void coverage_isNearTheLevel_whereAnIntervalIsGiven() {
        double[][] settings = {{0.3, 0.1, 0.1, 0.5, 50}, {0.1, 0.05, 0.05, 0.8, 100}, {0.45, 0.05, 0.05, 0.45, 60}};
        SplittableRandom random = new SplittableRandom(2026);
        for (double[] s : settings) {
            double pA = s[0] + s[1], pB = s[0] + s[2];
            double pe = pA * pB + (1 - pA) * (1 - pB);
            double truth = (s[0] + s[3] - pe) / (1 - pe);
            int n = (int) s[4];
            int given = 0, covered = 0;
            for (int t = 0; t < 200; t++) {
                ConfusionMatrix m = draw(s, n, random);
                KappaEstimate k = KappaEstimate.of(m, 0.95, 999, random);
                if (k.interval() == null) continue;
                given++;
                if (k.interval().contains(truth)) covered++;
            }
            assertTrue(given >= 150, "most tables get an interval: " + given);
            double coverage = (double) covered / given;
            assertTrue(coverage >= 0.90, java.util.Arrays.toString(s) + ": " + coverage);
        }
    }

    private static ConfusionMatrix draw(double[] p, int n, SplittableRandom random) {
        ConfusionMatrix m = new ConfusionMatrix(0, 0, 0, 0);
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            m = u < p[0] ? m.plus(true, true) : u < p[0] + p[1] ? m.plus(true, false) : u < p[0] + p[1] + p[2] ? m.plus(false, true)
                    : m.plus(false, false);
        }
        return m;
    }
}
