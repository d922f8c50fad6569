package io.mirage.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class FisherExactTest {

    /**
     * Reference p-values from scipy 1.17, for the table [[k1, n1-k1], [k2, n2-k2]]:
     * <pre>
     * from scipy.stats import fisher_exact
     * t = [[k1, n1-k1], [k2, n2-k2]]
     * fisher_exact(t)[1], fisher_exact(t, alternative='greater')[1], fisher_exact(t, alternative='less')[1]
     * </pre>
     * The first row is Fisher's tea-tasting experiment (Fisher 1935): one-sided 17/70 = 0.2429 (as in the
     * example of R's fisher.test help page), two-sided 34/70.
     */
    @ParameterizedTest(name = "{0}/{1} vs {2}/{3}")
    @CsvSource({
            "3, 4, 1, 4, 0.48571428571428565, 0.24285714285714283, 0.9857142857142858",
            "56, 70, 48, 80, 0.012521129749209154, 0.006324711129898369, 0.9978752684504457",
            "9, 10, 3, 10, 0.019766611097880443, 0.009883305548940223, 0.9996427720885925",
            "0, 20, 5, 20, 0.04712404712404713, 1.0, 0.023562023562023564",
            "1, 100, 8, 100, 0.03489915197211575, 0.9983816925496801, 0.017449575986057876",
            "12, 14, 2, 16, 0.0001313756606388928, 7.663866725048207e-05, 0.9999984527859909",
            "0, 50, 0, 50, 1.0, 1.0, 1.0",
            "30, 30, 0, 30, 1.6911233892144735e-17, 8.455616946072368e-18, 1.0",
            "2, 7, 3, 9, 1.0, 0.7692307692307693, 0.6346153846153847"})
    void pValues_matchScipy(int k1, int n1, int k2, int n2, double twoSided, double greater, double less) {
        assertEquals(twoSided, FisherExact.twoSided(k1, n1, k2, n2), 1e-9 * twoSided);
        assertEquals(greater, FisherExact.greater(k1, n1, k2, n2), 1e-9 * greater);
        assertEquals(less, FisherExact.less(k1, n1, k2, n2), 1e-9 * less);
    }

    @Test
    void teaTasting_isExactlyFractions() {
        assertEquals(34.0 / 70, FisherExact.twoSided(3, 4, 1, 4), 1e-12);
        assertEquals(17.0 / 70, FisherExact.greater(3, 4, 1, 4), 1e-12);
    }

    @Test
    void twoSided_isSymmetricInTheGroups() {
        assertEquals(FisherExact.twoSided(1, 100, 8, 100), FisherExact.twoSided(8, 100, 1, 100), 1e-12);
        assertEquals(FisherExact.greater(8, 100, 1, 100), FisherExact.less(1, 100, 8, 100), 1e-12);
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> FisherExact.twoSided(5, 4, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> FisherExact.twoSided(1, 4, 1, 0));
    }
}
