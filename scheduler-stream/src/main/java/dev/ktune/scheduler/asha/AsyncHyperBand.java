package dev.ktune.scheduler.asha;

import dev.ktune.protocol.Seeds;

/**
 * Ray Tune's AsyncHyperBandScheduler with any number of brackets: bracket s has rungs from {@code grace · rf^s} on, so
 * fewer of them. A trial joins bracket s with Ray's probability, softmax of the brackets' rung counts
 * ({@code e^(size − max size)}, normalised), but deterministically: the draw comes from a hash of the study seed and
 * the trial id, so the same study always puts a trial in the same bracket, across restarts.
 */
public final class AsyncHyperBand implements TrialScheduler {
    private final Asha[] brackets;
    private final double[] cumulative;
    private final long studySeed;

    public AsyncHyperBand(double maxT, double gracePeriod, double reductionFactor, int brackets, boolean stopLastTrials, long studySeed) {
        if (brackets < 1) throw new IllegalArgumentException("brackets: must be >= 1, got " + brackets);
        this.brackets = new Asha[brackets];
        double[] sizes = new double[brackets];
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < brackets; s++) {
            this.brackets[s] = new Asha(maxT, gracePeriod, reductionFactor, stopLastTrials, s);
            sizes[s] = this.brackets[s].milestones().length;
            max = Math.max(max, sizes[s]);
        }
        double sum = 0;
        for (int s = 0; s < brackets; s++) sum += Math.exp(sizes[s] - max);
        this.cumulative = new double[brackets];
        double c = 0;
        for (int s = 0; s < brackets; s++) {
            c += Math.exp(sizes[s] - max) / sum;
            cumulative[s] = c;
        }
        this.studySeed = studySeed;
    }

    /** The probability of joining each bracket. */
    public double[] probabilities() {
        double[] p = new double[cumulative.length];
        for (int s = 0; s < p.length; s++) p[s] = cumulative[s] - (s == 0 ? 0 : cumulative[s - 1]);
        return p;
    }

    public int bracketOf(String trialId) {
        double u = uniform(studySeed, trialId);
        for (int s = 0; s < cumulative.length; s++) {
            if (u < cumulative[s]) return s;
        }
        return cumulative.length - 1;
    }

    @Override
    public Verdict onResult(String trialId, double time, double value, Rungs rungs) {
        return brackets[bracketOf(trialId)].onResult(trialId, time, value, rungs);
    }

    @Override
    public void onComplete(String trialId, double time, double value, Rungs rungs) {
        brackets[bracketOf(trialId)].onComplete(trialId, time, value, rungs);
    }

    /** A uniform double in [0, 1) from the seed and the id: SplitMix64's finaliser over both. */
    static double uniform(long seed, String id) {
        long z = Seeds.mix(seed ^ (0x9E3779B97F4A7C15L * id.hashCode()) ^ ((long) id.length() << 32));
        return (z >>> 11) * 0x1.0p-53;
    }
}
