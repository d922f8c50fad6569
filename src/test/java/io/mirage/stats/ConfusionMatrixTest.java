package io.mirage.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ConfusionMatrixTest {

    /**
     * Reference values from numpy 2.4 for the table [[yy, yn], [ny, nn]]: po, pe and kappa,
     * <pre>
     * p = t / N; r = p.sum(1); c = p.sum(0); po = trace(p); pe = (r*c).sum(); k = (po-pe)/(1-pe)
     * </pre>
     * The first table is worked by hand: po = 35/50 = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5, kappa = 0.4.
     */
    @ParameterizedTest(name = "[[{0}, {1}], [{2}, {3}]]")
    @CsvSource({
            "20, 5, 10, 15, 0.7, 0.5, 0.4",
            "45, 15, 25, 15, 0.6, 0.54, 0.13043478260869554",
            "88, 10, 14, 40, 0.8421052631578947, 0.5495152354570637, 0.649500384319754",
            "3, 1, 0, 96, 0.99, 0.9324, 0.8520710059171599"})
    void kappa_matchesReference(int yy, int yn, int ny, int nn, double po, double pe, double kappa) {
        ConfusionMatrix m = new ConfusionMatrix(yy, yn, ny, nn);
        assertEquals(yy + yn + ny + nn, m.total());
        assertEquals(po, m.observedAgreement(), 1e-12);
        assertEquals(pe, m.expectedAgreement(), 1e-12);
        assertEquals(kappa, m.cohensKappa(), 1e-12);
    }

    @Test
    void perfectAgreement_isOne() {
        assertEquals(1.0, new ConfusionMatrix(30, 0, 0, 70).cohensKappa(), 1e-15);
        assertEquals(1.0, new ConfusionMatrix(1, 0, 0, 1).cohensKappa(), 1e-15);
    }

    /** Tables built as the outer product of two yes rates (N·pA·pB in each cell) have kappa exactly 0. */
    @Test
    void independentByConstruction_isZero() {
        assertEquals(0.0, new ConfusionMatrix(18, 12, 42, 28).cohensKappa(), 1e-12);   // pA 0.3, pB 0.6
        assertEquals(0.0, new ConfusionMatrix(1, 9, 9, 81).cohensKappa(), 1e-12);      // pA = pB = 0.1
        assertEquals(0.0, new ConfusionMatrix(25, 25, 25, 25).cohensKappa(), 1e-12);
        SplittableRandom random = new SplittableRandom(3);
        for (int t = 0; t < 100; t++) {
            int a = 1 + random.nextInt(9), b = 1 + random.nextInt(9), scale = 1 + random.nextInt(5);
            // rows A yes/no in proportion a : 10 − a, columns B in proportion b : 10 − b
            ConfusionMatrix m = new ConfusionMatrix(scale * a * b, scale * a * (10 - b), scale * (10 - a) * b,
                    scale * (10 - a) * (10 - b));
            assertEquals(0.0, m.cohensKappa(), 1e-12);
        }
    }

    /** Total disagreement with balanced margins is −1; kappa is symmetric in the two sources. */
    @Test
    void disagreement_andSymmetry() {
        assertEquals(-1.0, new ConfusionMatrix(0, 50, 50, 0).cohensKappa(), 1e-15);
        ConfusionMatrix m = new ConfusionMatrix(88, 10, 14, 40);
        ConfusionMatrix transposed = new ConfusionMatrix(88, 14, 10, 40);
        assertEquals(m.cohensKappa(), transposed.cohensKappa(), 1e-15);
    }

    /** Documented choice: undefined kappa (empty table, or every answer the same from both) is NaN. */
    @Test
    void undefinedKappa_isNaN() {
        assertTrue(Double.isNaN(new ConfusionMatrix(12, 0, 0, 0).cohensKappa()));
        assertTrue(Double.isNaN(new ConfusionMatrix(0, 0, 0, 12).cohensKappa()));
        assertTrue(Double.isNaN(new ConfusionMatrix(0, 0, 0, 0).cohensKappa()));
        assertTrue(Double.isNaN(new ConfusionMatrix(0, 0, 0, 0).observedAgreement()));
        assertEquals(1.0, new ConfusionMatrix(12, 0, 0, 0).observedAgreement());
    }

    /**
     * PABAK = 2·po − 1 and its interval from the exact interval of po. Reference bounds from the Python Clopper–Pearson
     * of {@link SampleSizeTest} (incomplete beta by continued fraction, bisection): 2·cp(k, n) − 1. The first two rows
     * are issue 10's: 98% agreement with one constant source, and perfect agreement on 6 items, whose lower bound
     * 2·0.025^(1/6) − 1 = 0.0815 says how little 6 items show.
     */
    @ParameterizedTest(name = "[[{0}, {1}], [{2}, {3}]]: PABAK {4} [{5}, {6}]")
    @CsvSource({
            "0, 2, 0, 98, 0.96, 0.8592321350578609, 0.9951373263521148",
            "3, 0, 0, 3, 1.0, 0.08148374712019901, 1.0",
            "12, 0, 0, 0, 1.0, 0.470703061205898, 1.0",
            "88, 10, 14, 40, 0.6842105263157894, 0.5484704440995842, 0.7922739978820883",
            "20, 5, 10, 15, 0.4, 0.10783534867764244, 0.642764308671707"})
    void pabak_andItsExactInterval(int yy, int yn, int ny, int nn, double pabak, double lower, double upper) {
        ConfusionMatrix m = new ConfusionMatrix(yy, yn, ny, nn);
        assertEquals(pabak, m.pabak(), 1e-12);
        assertEquals(lower, m.pabakInterval(0.95).lower(), 1e-9);
        assertEquals(upper, m.pabakInterval(0.95).upper(), 1e-9);
        assertEquals(Proportions.clopperPearson(yy + nn, m.total(), 0.95), m.observedAgreementInterval(0.95));
    }

    @Test
    void emptyTable_hasNoPabak() {
        ConfusionMatrix m = new ConfusionMatrix(0, 0, 0, 0);
        assertTrue(Double.isNaN(m.pabak()));
        assertEquals(null, m.pabakInterval(0.95));
        assertEquals(null, m.observedAgreementInterval(0.95));
    }

    @Test
    void plus_countsIntoTheRightCell() {
        ConfusionMatrix m = new ConfusionMatrix(0, 0, 0, 0).plus(true, true).plus(true, false).plus(true, false)
                .plus(false, true).plus(false, false).plus(false, false).plus(false, false);
        assertEquals(new ConfusionMatrix(1, 2, 1, 3), m);
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(1, -1, 0, 0));
    }
}
