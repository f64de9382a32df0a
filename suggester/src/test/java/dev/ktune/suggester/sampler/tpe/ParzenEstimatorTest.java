package dev.ktune.suggester.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** Optuna's Parzen estimator against values computed by hand from its definition. */
class ParzenEstimatorTest {
    static final TpeDomain.Numeric UNIT = new TpeDomain.Numeric(0, 1, 0, false, false, 0);
    static final NormalDistribution N = new NormalDistribution();

    @Test
    void widthsAreTheFartherNeighbourExceptAtTheEnds() {
        ParzenEstimator pe = new ParzenEstimator(UNIT, new double[] {0.7, 0.2, 0.5}, 1.0, true);
        // sorted with the range ends: 0 | .2 .5 .7 | 1; the outermost kernels use their inner gap
        assertThat(pe.mus).containsExactly(new double[] {0.7, 0.2, 0.5, 0.5}, within(1e-15));
        assertThat(pe.sigmas).containsExactly(new double[] {0.2, 0.3, 0.3, 1.0}, within(1e-12));
        assertThat(pe.weights).containsExactly(new double[] {0.25, 0.25, 0.25, 0.25}, within(1e-15));
    }

    @Test
    void oneObservationTakesTheLargerGapToTheRangeEnds() {
        ParzenEstimator pe = new ParzenEstimator(UNIT, new double[] {0.2}, 1.0, true);
        assertThat(pe.sigmas).containsExactly(new double[] {0.8, 1.0}, within(1e-12));
        assertThat(pe.weights).containsExactly(new double[] {0.5, 0.5}, within(1e-15));
    }

    @Test
    void magicClipKeepsCrowdedKernelsAtAFractionOfTheRange() {
        ParzenEstimator pe = new ParzenEstimator(UNIT, new double[] {0.5, 0.51, 0.52}, 1.0, true);
        // raw widths 0.01; the floor is range / min(100, 1 + kernels) = 1 / 5
        assertThat(pe.sigmas).containsExactly(new double[] {0.2, 0.2, 0.2, 1.0}, within(1e-12));
        ParzenEstimator unclipped = new ParzenEstimator(UNIT, new double[] {0.5, 0.51, 0.52}, 1.0, false);
        assertThat(unclipped.sigmas[1]).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void logDomainsWorkInLogSpaceAndStepsWidenTheRange() {
        ParzenEstimator log = new ParzenEstimator(new TpeDomain.Numeric(1, 100, 0, true, false, 0), new double[] {10}, 1.0, true);
        assertThat(log.low).isZero();
        assertThat(log.high).isCloseTo(Math.log(100), within(1e-12));
        assertThat(log.mus).containsExactly(new double[] {Math.log(10), Math.log(100) / 2}, within(1e-12));
        assertThat(log.sigmas).containsExactly(new double[] {Math.log(10), Math.log(100)}, within(1e-12));
        ParzenEstimator ints = new ParzenEstimator(TpeDomain.of(new dev.ktune.protocol.Domain.RandInt(0, 10)), new double[] {3}, 1.0, true);
        assertThat(ints.low).isEqualTo(-0.5);
        assertThat(ints.high).isEqualTo(9.5);
    }

    @Test
    void weightsRampDownForOldObservationsPastTwentyFive() {
        double[] w = ParzenEstimator.mixtureWeights(30, 1.0);
        double[] raw = {1.0 / 30, 1.0 / 30 + (1 - 1.0 / 30) / 4, 1.0 / 30 + 2 * (1 - 1.0 / 30) / 4, 1.0 / 30 + 3 * (1 - 1.0 / 30) / 4, 1.0};
        double sum = 0;
        for (double r : raw) sum += r;
        sum += 25 + 1; // 25 ones, then the prior
        for (int i = 0; i < 5; i++) assertThat(w[i]).isCloseTo(raw[i] / sum, within(1e-15));
        assertThat(w[5]).isCloseTo(1 / sum, within(1e-15));
        assertThat(w[30]).isCloseTo(1 / sum, within(1e-15));
    }

    @Test
    void categoricalKernelsAddMassOnTheObservedChoice() {
        ParzenEstimator pe = new ParzenEstimator(new TpeDomain.Categorical(List.of("a", "b", "c")), new double[] {0, 0, 2}, 1.0, true);
        assertThat(pe.categorical[0]).containsExactly(new double[] {1.25 / 1.75, 0.25 / 1.75, 0.25 / 1.75}, within(1e-15));
        assertThat(pe.categorical[2]).containsExactly(new double[] {0.25 / 1.75, 0.25 / 1.75, 1.25 / 1.75}, within(1e-15));
        assertThat(pe.categorical[3]).containsExactly(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, within(1e-15));
        // P(a) = mean over the four equally weighted kernels
        double pa = (1.25 / 1.75 * 2 + 0.25 / 1.75 + 1.0 / 3) / 4;
        assertThat(pe.logPdf(0)).isCloseTo(Math.log(pa), within(1e-12));
    }

    @Test
    void logPdfOfThePriorAloneIsTheTruncatedNormal() {
        ParzenEstimator prior = new ParzenEstimator(UNIT, new double[0], 1.0, true);
        double expected = Math.log(N.density(0) / (N.cumulativeProbability(0.5) - N.cumulativeProbability(-0.5)));
        assertThat(prior.logPdf(0.5)).isCloseTo(expected, within(1e-12));
        ParzenEstimator ints = new ParzenEstimator(TpeDomain.of(new dev.ktune.protocol.Domain.RandInt(0, 3)), new double[0], 1.0, true);
        // mass of the bin [0.5, 1.5] under N(1, 3) truncated to [-0.5, 2.5]
        double mass = (N.cumulativeProbability(0.5 / 3) - N.cumulativeProbability(-0.5 / 3))
                / (N.cumulativeProbability(1.5 / 3) - N.cumulativeProbability(-1.5 / 3));
        assertThat(ints.logPdf(1)).isCloseTo(Math.log(mass), within(1e-12));
    }

    @Test
    void logPdfOnLogDomainsIsTheDensityOfTheLogWithoutJacobian() {
        // prior alone on loguniform [1, 100]: N(ln 10, ln 100) on [0, ln 100], evaluated at ln 10 (Optuna adds no 1/x)
        ParzenEstimator log = new ParzenEstimator(new TpeDomain.Numeric(1, 100, 0, true, false, 0), new double[0], 1.0, true);
        double s = Math.log(100);
        assertThat(log.logPdf(10)).isCloseTo(Math.log(N.density(0) / s / (N.cumulativeProbability(0.5) - N.cumulativeProbability(-0.5))), within(1e-12));
        // prior alone on lograndint [1, 4): the bin of 2 is [ln 1.5, ln 2.5] within [ln 0.5, ln 3.5]
        ParzenEstimator logInt = new ParzenEstimator(TpeDomain.of(new dev.ktune.protocol.Domain.LogRandInt(1, 4)), new double[0], 1.0, true);
        double lo = Math.log(0.5);
        double hi = Math.log(3.5);
        double mu = (lo + hi) / 2;
        double sigma = hi - lo;
        double mass = (N.cumulativeProbability((Math.log(2.5) - mu) / sigma) - N.cumulativeProbability((Math.log(1.5) - mu) / sigma))
                / (N.cumulativeProbability((hi - mu) / sigma) - N.cumulativeProbability((lo - mu) / sigma));
        assertThat(logInt.logPdf(2)).isCloseTo(Math.log(mass), within(1e-12));
    }

    @Test
    void logPdfOfAMixtureIsTheWeightedSumOfItsKernels() {
        ParzenEstimator pe = new ParzenEstimator(UNIT, new double[] {0.2}, 1.0, true);
        double k1 = N.density((0.3 - 0.2) / 0.8) / 0.8 / (N.cumulativeProbability(0.8 / 0.8) - N.cumulativeProbability(-0.2 / 0.8));
        double k2 = N.density(-0.2) / (N.cumulativeProbability(0.5) - N.cumulativeProbability(-0.5));
        assertThat(pe.logPdf(0.3)).isCloseTo(Math.log(0.5 * k1 + 0.5 * k2), within(1e-12));
    }

    @Test
    void samplesStayInTheDomainOnItsSteps() {
        SplittableRandom rng = new SplittableRandom(1);
        ParzenEstimator ints = new ParzenEstimator(TpeDomain.of(new dev.ktune.protocol.Domain.QRandInt(8, 64, 8)), new double[] {16, 56}, 1.0, true);
        for (int i = 0; i < 500; i++) {
            double x = ints.sample(rng);
            assertThat(x % 8).isZero();
            assertThat(x).isBetween(8.0, 64.0);
        }
        ParzenEstimator log = new ParzenEstimator(new TpeDomain.Numeric(1e-4, 1e-1, 0, true, false, 0), new double[] {1e-3}, 1.0, true);
        for (int i = 0; i < 500; i++) assertThat(log.sample(rng)).isBetween(1e-4, 1e-1);
    }

    @Test
    void multivariateWidthsAreOptunasBandwidthRule() {
        // 0.2 · n^(-1/(d+4)) · range with n = 3 observations, d = 2 parameters, clipped below at range / 5
        ParzenEstimator pe = new ParzenEstimator(new TpeDomain.Numeric(0, 10, 0, false, false, 0), new double[] {1, 5, 9}, 1.0, true, 2);
        double sigma = Math.max(0.2 * Math.pow(3, -1.0 / 6) * 10, 10.0 / 5);
        assertThat(pe.sigmas).containsExactly(new double[] {sigma, sigma, sigma, 10}, within(1e-12));
        ParzenEstimator wide = new ParzenEstimator(new TpeDomain.Numeric(0, 10, 0, false, false, 0), new double[] {5}, 1.0, false, 2);
        assertThat(wide.sigmas[0]).isCloseTo(0.2 * 10, within(1e-12));
    }

    @Test
    void theJointDensityMultipliesEachKernelAcrossParameters() {
        ParzenEstimator x = new ParzenEstimator(UNIT, new double[] {0.2}, 1.0, true, 2);
        ParzenEstimator y = new ParzenEstimator(new TpeDomain.Categorical(List.of("a", "b")), new double[] {1}, 1.0, true, 2);
        JointEstimator joint = new JointEstimator(new ParzenEstimator[] {x, y});
        double expected = Math.log(0.5 * Math.exp(x.kernelLogPdf(0, 0.3) + y.kernelLogPdf(0, 1))
                + 0.5 * Math.exp(x.kernelLogPdf(1, 0.3) + y.kernelLogPdf(1, 1)));
        assertThat(joint.logPdf(new double[] {0.3, 1})).isCloseTo(expected, within(1e-12));
    }

    @Test
    void truncatedNormalTailsStayFinite() {
        assertThat(TruncNorm.logNdtr(0)).isCloseTo(Math.log(0.5), within(1e-15));
        assertThat(TruncNorm.logNdtr(-30)).isCloseTo(-454.3212439955, within(1e-6)); // log Φ(-30)
        assertThat(TruncNorm.logGaussMass(-1, 1)).isCloseTo(Math.log(N.cumulativeProbability(1) - N.cumulativeProbability(-1)), within(1e-14));
        assertThat(TruncNorm.logGaussMass(40, 41)).isFinite().isLessThan(-790);
    }
}
