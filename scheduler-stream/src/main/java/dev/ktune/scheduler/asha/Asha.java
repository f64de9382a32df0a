package dev.ktune.scheduler.asha;

/**
 * One bracket of Ray Tune's AsyncHyperBandScheduler (bracket s). Rungs are at {@code grace · rf^(k+s)}; a trial is
 * judged once per rung, at the highest rung it has reached and not yet been recorded at, against the
 * {@code (1 - 1/rf)} percentile of the values recorded there before it; it stops if it is strictly below.
 * Its value is recorded even when it stops. A result at or past {@code maxT} stops the trial when
 * {@code stopLastTrials} is on. A trial's final result ({@link #onComplete}) goes through the same rung walk, without
 * the {@code maxT} check and without a decision, as Ray's {@code on_trial_complete} does.
 */
public final class Asha implements TrialScheduler {
    private final double maxT;
    private final double rf;
    private final boolean stopLastTrials;
    /** Milestones, highest first, as Ray iterates them. */
    private final double[] milestones;
    /** Rung ids of bracket s start at s × RUNG_ID_STRIDE, so brackets never share a rung's records. */
    private final int rungIdBase;
    static final int RUNG_ID_STRIDE = 100;

    public Asha(double maxT, double gracePeriod, double reductionFactor, boolean stopLastTrials) {
        this(maxT, gracePeriod, reductionFactor, stopLastTrials, 0);
    }

    public Asha(double maxT, double gracePeriod, double reductionFactor, boolean stopLastTrials, int bracket) {
        if (!(gracePeriod > 0)) throw new IllegalArgumentException("gracePeriod: must be > 0, got " + gracePeriod);
        if (!(maxT >= gracePeriod)) throw new IllegalArgumentException("maxT: must be >= gracePeriod, got " + maxT);
        if (!(reductionFactor > 1)) throw new IllegalArgumentException("reductionFactor: must be > 1, got " + reductionFactor);
        this.maxT = maxT;
        this.rf = reductionFactor;
        this.stopLastTrials = stopLastTrials;
        if (bracket < 0) throw new IllegalArgumentException("bracket: must be >= 0, got " + bracket);
        this.milestones = milestones(maxT, gracePeriod, reductionFactor, bracket);
        this.rungIdBase = bracket * RUNG_ID_STRIDE;
    }

    /** The rung milestones of bracket {@code s}, highest first, computed with Ray's float expressions. */
    public static double[] milestones(double maxT, double grace, double rf, int s) {
        int count = (int) (Math.log(maxT / grace) / Math.log(rf) - s + 1);
        double[] m = new double[Math.max(count, 0)];
        for (int k = 0; k < m.length; k++) m[m.length - 1 - k] = grace * Math.pow(rf, k + s);
        return m;
    }

    public double[] milestones() {
        return milestones.clone();
    }

    /** The cutoff of a rung: null when nothing is recorded, NaN when only NaNs are. */
    public Double cutoff(SortedValues recorded) {
        return recorded.percentile((1 - 1 / rf) * 100);
    }

    @Override
    public Verdict onResult(String trialId, double time, double value, Rungs rungs) {
        if (time >= maxT && stopLastTrials) return new Verdict(true, null, null, "reached maxT " + maxT);
        return judge(trialId, time, value, rungs);
    }

    @Override
    public void onComplete(String trialId, double time, double value, Rungs rungs) {
        judge(trialId, time, value, rungs);
    }

    private Verdict judge(String trialId, double time, double value, Rungs rungs) {
        for (int i = 0; i < milestones.length; i++) {
            int rung = rungIdBase + milestones.length - 1 - i; // the lowest milestone has the lowest id
            double milestone = milestones[i];
            boolean recorded = rungs.recorded(rung, trialId);
            if (time >= milestone && recorded && !stopLastTrials) break; // already promoted past here
            if (time < milestone || recorded) continue;
            Double cutoff = cutoff(rungs.values(rung));
            boolean stop = cutoff != null && value < cutoff; // NaN on either side compares false: continue
            rungs.record(rung, trialId, value);
            String reason = cutoff == null ? "first at rung " + milestone
                    : (stop ? "below" : "at or above") + " the cutoff " + cutoff + " at rung " + milestone;
            return new Verdict(stop, milestone, cutoff, reason);
        }
        return Verdict.proceed("between rungs");
    }
}
