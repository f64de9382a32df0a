package dev.ktune.suggester.sampler.tpe;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Optuna's univariate Parzen estimator for one parameter: one kernel per observation plus a prior kernel, mixed with
 * weights that ramp down for old observations. Numeric kernels are normals truncated to the (log-scaled,
 * step-widened) range, their widths the distance to the farther neighbour, clipped ("magic clip"); categorical
 * kernels put extra mass on the observed choice.
 */
final class ParzenEstimator {
    final double[] weights;
    final TpeDomain domain;
    /** Numeric: kernel centres and widths in the transformed space, the prior last. */
    final double[] mus;
    final double[] sigmas;
    final double low;
    final double high;
    /** Categorical: per kernel, the probability of each choice. */
    final double[][] categorical;
    /** Numeric: per kernel, log of its mass inside the range, computed once (it does not depend on x). */
    final double[] logMass;
    final double[] logWeights;

    ParzenEstimator(TpeDomain domain, double[] observations, double priorWeight, boolean magicClip) {
        this(domain, observations, priorWeight, magicClip, 0);
    }

    /**
     * @param multivariateDims 0 for Optuna's univariate widths; else the number of parameters searched jointly, and
     *                         every kernel gets Optuna's multivariate width 0.2 · n^(-1/(d+4)) · range
     */
    ParzenEstimator(TpeDomain domain, double[] observations, double priorWeight, boolean magicClip, int multivariateDims) {
        this.domain = domain;
        this.weights = mixtureWeights(observations.length, priorWeight);
        this.logWeights = Arrays.stream(weights).map(Math::log).toArray();
        if (domain instanceof TpeDomain.Categorical c) {
            this.categorical = categoricalKernels(observations, c.choices().size(), priorWeight);
            this.mus = this.sigmas = this.logMass = null;
            this.low = this.high = Double.NaN;
            return;
        }
        TpeDomain.Numeric n = (TpeDomain.Numeric) domain;
        double lo = n.low() - n.step() / 2;
        double hi = n.high() + n.step() / 2;
        double[] obs = observations.clone();
        if (n.log()) {
            lo = Math.log(lo);
            hi = Math.log(hi);
            for (int i = 0; i < obs.length; i++) obs[i] = Math.log(obs[i]);
        }
        this.low = lo;
        this.high = hi;
        double[] s = multivariateDims > 0 ? multivariateSigmas(obs.length, multivariateDims, lo, hi, magicClip)
                : sigmas(obs, lo, hi, magicClip);
        this.mus = Arrays.copyOf(obs, obs.length + 1);
        this.sigmas = Arrays.copyOf(s, s.length + 1);
        mus[obs.length] = 0.5 * (lo + hi);
        sigmas[obs.length] = hi - lo;
        this.categorical = null;
        this.logMass = new double[mus.length];
        for (int k = 0; k < mus.length; k++) logMass[k] = TruncNorm.logGaussMass((lo - mus[k]) / sigmas[k], (hi - mus[k]) / sigmas[k]);
    }

    /** Optuna's default_weights(n) for the observations, then the prior's weight, normalised. */
    static double[] mixtureWeights(int n, double priorWeight) {
        if (n == 0) return new double[] {1.0};
        double[] w = new double[n + 1];
        if (n < 25) {
            Arrays.fill(w, 0, n, 1.0);
        } else {
            int ramp = n - 25; // np.linspace(1/n, 1, n - 25), then 25 ones
            for (int i = 0; i < ramp; i++) w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + i * (1.0 - 1.0 / n) / (ramp - 1);
            Arrays.fill(w, ramp, n, 1.0);
        }
        w[n] = priorWeight;
        double sum = Arrays.stream(w).sum();
        for (int i = 0; i < w.length; i++) w[i] /= sum;
        return w;
    }

    /** Each observation's width: the larger gap to its sorted neighbours, the range ends counting as neighbours. */
    static double[] sigmas(double[] mus, double low, double high, boolean magicClip) {
        int n = mus.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Double.compare(mus[x], mus[y])); // stable, like numpy's argsort on ties here
        double[] e = new double[n + 2];
        e[0] = low;
        for (int i = 0; i < n; i++) e[i + 1] = mus[order[i]];
        e[n + 1] = high;
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) sorted[i] = Math.max(e[i + 1] - e[i], e[i + 2] - e[i + 1]);
        if (e.length >= 4) { // consider_endpoints=False: the outermost kernels ignore the range ends
            sorted[0] = e[2] - e[1];
            sorted[n - 1] = e[n] - e[n - 1];
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[order[i]] = clip(sorted[i], n, low, high, magicClip);
        return out;
    }

    static double[] multivariateSigmas(int n, int dims, double low, double high, boolean magicClip) {
        double sigma = 0.2 * Math.pow(Math.max(n, 1), -1.0 / (dims + 4)) * (high - low);
        double[] out = new double[n];
        Arrays.fill(out, clip(sigma, n, low, high, magicClip));
        return out;
    }

    /** At most the range; at least range / min(100, 1 + kernels) with magic clip (n observations plus the prior). */
    static double clip(double sigma, int n, double low, double high, boolean magicClip) {
        double min = magicClip ? (high - low) / Math.min(100.0, 1.0 + (n + 1)) : 1e-12;
        return Math.min(high - low, Math.max(min, sigma));
    }

    static double[][] categoricalKernels(double[] observations, int choices, double priorWeight) {
        if (observations.length == 0) {
            double[][] uniform = new double[1][choices];
            Arrays.fill(uniform[0], 1.0 / choices);
            return uniform;
        }
        int kernels = observations.length + 1;
        double[][] w = new double[kernels][choices];
        for (double[] row : w) Arrays.fill(row, priorWeight / kernels);
        for (int i = 0; i < observations.length; i++) w[i][(int) observations[i]] += 1;
        for (double[] row : w) {
            double sum = Arrays.stream(row).sum();
            for (int j = 0; j < choices; j++) row[j] /= sum == 0 ? 1 : sum;
        }
        return w;
    }

    /** One draw, in the internal representation (log scale undone, snapped to the step). */
    double sample(SplittableRandom rng) {
        return sampleKernel(pick(weights, rng), rng);
    }

    /** A draw from kernel {@code k} alone: the joint estimator picks one kernel for all parameters. */
    double sampleKernel(int k, SplittableRandom rng) {
        if (categorical != null) return pick(categorical[k], rng);
        TpeDomain.Numeric n = (TpeDomain.Numeric) domain;
        double x = TruncNorm.sample(mus[k], sigmas[k], low, high, rng);
        if (n.log()) x = Math.exp(x);
        if (n.step() > 0) x = Math.min(n.high(), Math.max(n.low(), n.low() + Math.rint((x - n.low()) / n.step()) * n.step()));
        return x;
    }

    /** log of the mixture's density (continuous) or probability mass (discrete, categorical) at an internal value. */
    double logPdf(double x) {
        double[] terms = new double[weights.length];
        for (int k = 0; k < weights.length; k++) terms[k] = logWeights[k] + kernelLogPdf(k, x);
        return logSumExp(terms);
    }

    double kernelLogPdf(int k, double x) {
        if (categorical != null) return Math.log(categorical[k][(int) x]);
        TpeDomain.Numeric n = (TpeDomain.Numeric) domain;
        double mu = mus[k];
        double sigma = sigmas[k];
        if (n.step() == 0) {
            // density of the transformed value; like Optuna, no Jacobian for log scale (it cancels in l/g)
            double t = n.log() ? Math.log(x) : x;
            if (t < low || t > high) return Double.NEGATIVE_INFINITY;
            return TruncNorm.logNormalDensity((t - mu) / sigma) - Math.log(sigma) - logMass[k];
        }
        double lo = n.log() ? Math.log(x - n.step() / 2) : x - n.step() / 2;
        double hi = n.log() ? Math.log(x + n.step() / 2) : x + n.step() / 2;
        return TruncNorm.logGaussMass((lo - mu) / sigma, (hi - mu) / sigma) - logMass[k];
    }

    /** log Σ e^t, shifted by the largest term so nothing overflows; −∞ when every term is. */
    static double logSumExp(double[] terms) {
        double max = Arrays.stream(terms).max().orElse(Double.NEGATIVE_INFINITY);
        if (max == Double.NEGATIVE_INFINITY) return max;
        double sum = 0;
        for (double t : terms) sum += Math.exp(t - max);
        return max + Math.log(sum);
    }

    static int pick(double[] probabilities, SplittableRandom rng) {
        double u = rng.nextDouble();
        double c = 0;
        for (int i = 0; i < probabilities.length; i++) {
            c += probabilities[i];
            if (u < c) return i;
        }
        return probabilities.length - 1;
    }
}
