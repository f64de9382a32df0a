package dev.ktune.suggester.sampler.tpe;

import java.util.SplittableRandom;

/**
 * Optuna's multivariate Parzen estimator: the same kernels indexed alike for every parameter (kernel k is trial k's
 * params, the last the prior), multiplied across parameters, so a draw takes one kernel for all parameters at once
 * and the density sees their correlation.
 */
final class JointEstimator {
    private final ParzenEstimator[] parameters;
    private final double[] weights;
    private final double[] logWeights;

    JointEstimator(ParzenEstimator[] parameters) {
        this.parameters = parameters;
        this.weights = parameters[0].weights;
        this.logWeights = parameters[0].logWeights;
    }

    double[] sample(SplittableRandom rng) {
        int k = ParzenEstimator.pick(weights, rng);
        double[] x = new double[parameters.length];
        for (int i = 0; i < parameters.length; i++) x[i] = parameters[i].sampleKernel(k, rng);
        return x;
    }

    double logPdf(double[] x) {
        double[] terms = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            double t = logWeights[k];
            for (int i = 0; i < parameters.length && t != Double.NEGATIVE_INFINITY; i++) t += parameters[i].kernelLogPdf(k, x[i]);
            terms[k] = t;
        }
        return ParzenEstimator.logSumExp(terms);
    }
}
