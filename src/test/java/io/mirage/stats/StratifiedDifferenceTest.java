package io.mirage.stats;

import io.mirage.stats.StratifiedDifference.Stratum;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reference values from an independent numpy implementation of the Mantel–Haenszel risk difference with
 * Sato's (1989) variance (numpy 2 / scipy 1.17), strata as (kA, nA, kB, nB), difference B − A:
 * <pre>
 * import numpy as np; from scipy.stats import norm
 * def mh(strata, conf=0.95):
 *     s = np.array([t for t in strata if t[1] > 0 and t[3] > 0], dtype=float)
 *     kA, nA, kB, nB = s.T; N = nA + nB; w = nA * nB / N
 *     est = np.sum(w * (kB / nB - kA / nA)) / np.sum(w)
 *     P = (nB**2 * kA - nA**2 * kB + nB * nA * (nA - nB) / 2) / N**2
 *     Q = (kB * (nA - kA) + kA * (nB - kB)) / (2 * N)
 *     se = np.sqrt((est * P.sum() + Q.sum()) / w.sum()**2); z = norm.ppf(1 - (1 - conf) / 2)
 *     return est, se, est - z*se, est + z*se, 2*norm.sf(abs(est)/se)
 * </pre>
 */
final class StratifiedDifferenceTest {

    private static void assertMatches(StratifiedDifference d, double est, double se, double lo, double hi, double p) {
        assertEquals(est, d.estimate(), 1e-12);
        assertEquals(se, d.standardError(), 1e-12);
        assertEquals(lo, d.interval().lower(), 1e-9);
        assertEquals(hi, d.interval().upper(), 1e-9);
        assertEquals(p, d.pValue(), 1e-9);
    }

    /** mh([(2,20,8,20),(5,30,9,25),(1,10,4,12)]) and the same at conf=0.90. */
    @Test
    void threeStrata_matchNumpyReference() {
        List<Stratum> strata = List.of(new Stratum(2, 20, 8, 20), new Stratum(5, 30, 9, 25), new Stratum(1, 10, 4, 12));
        assertMatches(StratifiedDifference.mantelHaenszel(strata, 0.95),
                0.23750000000000002, 0.07754275219495856, 0.08551899843576702, 0.38948100156423304, 0.0021925710761992664);
        assertMatches(StratifiedDifference.mantelHaenszel(strata, 0.90),
                0.23750000000000002, 0.07754275219495856, 0.10995352280832321, 0.3650464771916768, 0.0021925710761992664);
        assertEquals(3, StratifiedDifference.mantelHaenszel(strata, 0.95).strataUsed());
    }

    /** mh([(3,10,7,10),(0,0,2,5),(4,10,6,10),(1,5,0,0)]): the two strata with an empty level are skipped. */
    @Test
    void strataWithAnEmptyLevel_areSkipped() {
        StratifiedDifference d = StratifiedDifference.mantelHaenszel(List.of(
                new Stratum(3, 10, 7, 10), new Stratum(0, 0, 2, 5), new Stratum(4, 10, 6, 10), new Stratum(1, 5, 0, 0)), 0.95);
        assertMatches(d, 0.29999999999999993, 0.15165750888103102, 0.0027567446081157576, 0.597243255391884,
                0.047912755008447716);
        assertEquals(2, d.strataUsed());
    }

    /** mh([(9,20,3,20),(12,25,6,25)]): level B lower than A gives a negative difference. */
    @Test
    void negativeDifference_matchesNumpyReference() {
        assertMatches(StratifiedDifference.mantelHaenszel(List.of(new Stratum(9, 20, 3, 20), new Stratum(12, 25, 6, 25)), 0.95),
                -0.26666666666666666, 0.0951671693571727, -0.453190891117349, -0.08014244221598432, 0.005077321477425404);
    }

    /**
     * mh([(0,1,1,1),(1,1,1,1),(0,1,0,1),(0,1,1,1),(1,1,0,1),(0,2,2,2),(0,1,1,2)]): sparse strata, where the
     * large-strata Greenland–Robins variance (SE 0.0566 here) would be far too small; Sato's is 0.2387.
     */
    @Test
    void sparseStrata_useSatoVariance() {
        StratifiedDifference d = StratifiedDifference.mantelHaenszel(List.of(
                new Stratum(0, 1, 1, 1), new Stratum(1, 1, 1, 1), new Stratum(0, 1, 0, 1), new Stratum(0, 1, 1, 1),
                new Stratum(1, 1, 0, 1), new Stratum(0, 2, 2, 2), new Stratum(0, 1, 1, 2)), 0.95);
        assertMatches(d, 0.43999999999999995, 0.23866294224282075, -0.027770771240291814, 0.9077707712402917,
                0.06524084514520927);
    }

    /** With one stratum Sato's variance is the usual unpooled one, pA·qA/nA + pB·qB/nB (here 48/80 vs 56/70). */
    @Test
    void singleStratum_reducesToTheTwoSampleWaldVariance() {
        StratifiedDifference d = StratifiedDifference.mantelHaenszel(List.of(new Stratum(48, 80, 56, 70)), 0.95);
        assertEquals(0.2, d.estimate(), 1e-12);
        assertEquals(Math.sqrt(0.6 * 0.4 / 80 + 0.8 * 0.2 / 70), d.standardError(), 1e-12);
    }

    /** Identical strata pool to the same difference as one of them. */
    @Test
    void identicalStrata_poolToTheSameEstimate_withSmallerError() {
        StratifiedDifference one = StratifiedDifference.mantelHaenszel(List.of(new Stratum(3, 10, 6, 10)), 0.95);
        StratifiedDifference four = StratifiedDifference.mantelHaenszel(List.of(
                new Stratum(3, 10, 6, 10), new Stratum(3, 10, 6, 10), new Stratum(3, 10, 6, 10), new Stratum(3, 10, 6, 10)), 0.95);
        assertEquals(one.estimate(), four.estimate(), 1e-12);
        assertTrue(four.standardError() < one.standardError());
        assertTrue(four.pValue() < one.pValue());
    }

    /**
     * All zero: estimate 0, p = 1, and the interval is Newcombe's for 0/20 − 0/20: ±(Wilson upper bound of 0/20),
     * 0.1611251581 (Newcombe 1998, Table II example (e) has the same bound, −0.1611, for 0/10 − 0/20).
     */
    @Test
    void allZero_givesZeroWithAScoreInterval() {
        StratifiedDifference d = StratifiedDifference.mantelHaenszel(
                List.of(new Stratum(0, 10, 0, 10), new Stratum(0, 10, 0, 10), new Stratum(0, 0, 0, 3)), 0.95);
        assertEquals(0.0, d.estimate());
        assertEquals(1.0, d.pValue());
        assertEquals(-0.1611251581, d.interval().lower(), 1e-9);
        assertEquals(0.1611251581, d.interval().upper(), 1e-9);
        assertEquals(2, d.strataUsed());
        // all-yes strata carry the same information as all-no ones
        StratifiedDifference mixed = StratifiedDifference.mantelHaenszel(
                List.of(new Stratum(0, 10, 0, 10), new Stratum(10, 10, 10, 10)), 0.95);
        assertEquals(d.interval(), mixed.interval());
    }

    @Test
    void rejectsNoUsableStrata_andImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> StratifiedDifference.mantelHaenszel(List.of(), 0.95));
        assertThrows(IllegalArgumentException.class,
                () -> StratifiedDifference.mantelHaenszel(List.of(new Stratum(0, 0, 1, 4)), 0.95));
        assertThrows(IllegalArgumentException.class, () -> new Stratum(5, 4, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Stratum(0, -1, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> StratifiedDifference.mantelHaenszel(List.of(new Stratum(1, 4, 1, 4)), 1.5));
    }
}
