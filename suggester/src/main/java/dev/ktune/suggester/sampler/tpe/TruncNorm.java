package dev.ktune.suggester.sampler.tpe;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;

/**
 * The standard normal truncated to [a, b], in log space where it matters: TPE's kernels can be narrow (a hundredth of
 * the range) and are evaluated far into their tails, where Φ underflows. The same cases as Optuna's {@code _truncnorm}.
 */
final class TruncNorm {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private TruncNorm() {}

    /** log Φ(a); an asymptotic series below -20, where erfc underflows. */
    static double logNdtr(double a) {
        if (a > 6) return -ndtr(-a); // log(1 - q) ≈ -q for tiny q
        if (a > -20) return Math.log(ndtr(a));
        double inv = 1 / (a * a);
        // log φ(a)/|a| + log(1 - 1/a² + 3/a⁴ - 15/a⁶ + 105/a⁸)
        double series = 1 - inv + 3 * inv * inv - 15 * inv * inv * inv + 105 * inv * inv * inv * inv;
        return -0.5 * a * a - Math.log(-a) - LOG_SQRT_2PI + Math.log(series);
    }

    static double ndtr(double a) {
        return 0.5 * Erf.erfc(-a / Math.sqrt(2));
    }

    /** log(Φ(b) − Φ(a)) for a ≤ b, choosing the side that keeps precision. */
    static double logGaussMass(double a, double b) {
        if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
        if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
        return Math.log1p(-ndtr(a) - ndtr(-b));
    }

    /** log(e^p − e^q) for p ≥ q. */
    static double logDiff(double p, double q) {
        if (q == Double.NEGATIVE_INFINITY) return p;
        return p + Math.log1p(-Math.exp(q - p));
    }

    /** log φ(z). */
    static double logNormalDensity(double z) {
        return -0.5 * z * z - LOG_SQRT_2PI;
    }

    /** The log density at x of N(loc, scale²) truncated to [low, high]. */
    static double logPdf(double x, double loc, double scale, double low, double high) {
        if (x < low || x > high) return Double.NEGATIVE_INFINITY;
        return logNormalDensity((x - loc) / scale) - Math.log(scale) - logGaussMass((low - loc) / scale, (high - loc) / scale);
    }

    /** A draw from N(loc, scale²) truncated to [low, high], by the inverse CDF on the side away from the tail. */
    static double sample(double loc, double scale, double low, double high, SplittableRandom rng) {
        double a = (low - loc) / scale;
        double b = (high - loc) / scale;
        double u = rng.nextDouble();
        double z;
        if (a > 0) {
            // both bounds in the right tail: work with the survival function, which keeps precision there
            double sa = ndtr(-a);
            double sb = ndtr(-b);
            z = -ndtri(sa - u * (sa - sb));
        } else {
            double pa = ndtr(a);
            double pb = ndtr(b);
            z = ndtri(pa + u * (pb - pa));
        }
        return Math.min(high, Math.max(low, loc + scale * z));
    }

    /** Φ⁻¹(p). */
    static double ndtri(double p) {
        if (p <= 0) return Double.NEGATIVE_INFINITY;
        if (p >= 1) return Double.POSITIVE_INFINITY;
        return -Math.sqrt(2) * Erf.erfcInv(2 * p);
    }
}
