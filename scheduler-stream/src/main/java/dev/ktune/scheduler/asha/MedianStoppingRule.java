package dev.ktune.scheduler.asha;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ray Tune's MedianStoppingRule: past {@code gracePeriod}, a trial is stopped (or, without {@code hardStop}, paused)
 * unless its best value so far is at least the median, over the other trials that have reached the same time (at
 * least {@code minSamplesRequired} of them, NaN and infinite means left out), of their mean value between the grace
 * period and that time. Values are
 * sign-normalised (larger is better). As in Ray, a paused trial is never judged again: once resumed it runs to the
 * end, and its later results are not recorded; a trial's final result ({@link #onComplete}) is recorded once more.
 * Ray's time slicing ({@code min_time_slice}: pausing trials that lack samples while others wait) is not implemented:
 * such a trial continues.
 */
public final class MedianStoppingRule {
    /** One study's state: per trial, its (time, value) results in arrival order, and the trials it stopped or paused. */
    public interface Results {
        void add(String trialId, double time, double value);

        /** The final result, appended after the others (Ray appends it again even when it was reported before). */
        void addFinal(String trialId, double time, double value);

        Map<String, List<double[]>> byTrial();

        boolean stopped(String trialId);

        void markStopped(String trialId);
    }

    private final double gracePeriod;
    private final int minSamplesRequired;
    private final boolean hardStop;

    public MedianStoppingRule(double gracePeriod, int minSamplesRequired, boolean hardStop) {
        if (!(gracePeriod >= 0)) throw new IllegalArgumentException("gracePeriod: must be >= 0, got " + gracePeriod);
        if (minSamplesRequired < 1) throw new IllegalArgumentException("minSamplesRequired: must be >= 1, got " + minSamplesRequired);
        this.gracePeriod = gracePeriod;
        this.minSamplesRequired = minSamplesRequired;
        this.hardStop = hardStop;
    }

    public Verdict onResult(String trialId, double time, double value, Results results) {
        if (results.stopped(trialId)) return Verdict.proceed("paused once by the median rule: runs to the end");
        results.add(trialId, time, value); // recorded first, as Ray records it before the grace check
        if (time < gracePeriod) return Verdict.proceed("within the grace period");
        Map<String, List<double[]>> all = results.byTrial();
        List<Double> means = new ArrayList<>();
        all.forEach((other, rs) -> {
            if (!other.equals(trialId) && rs.get(rs.size() - 1)[0] >= time) {
                double mean = runningMean(rs, time);
                if (Double.isFinite(mean)) means.add(mean); // Ray leaves NaN and infinite means out
            }
        });
        if (means.size() < minSamplesRequired) {
            return Verdict.proceed(means.size() + " other trials with a finite mean reached " + time + ", fewer than "
                    + minSamplesRequired);
        }
        double median = median(means.stream().mapToDouble(Double::doubleValue).toArray());
        double best = best(all.get(trialId));
        // Ray keeps the trial only when max(median, best) is best, i.e. best >= median: a NaN best stops it
        boolean below = !(best >= median);
        String reason = "best " + best + (below ? " below" : " not below") + " the median " + median + " of "
                + means.size() + " trials at " + time;
        if (!below) return new Verdict(Verdict.Action.CONTINUE, time, median, reason);
        results.markStopped(trialId);
        // the milestone is the time judged at: a STOP there is early stopping, not the trial's natural end
        return new Verdict(hardStop ? Verdict.Action.STOP : Verdict.Action.PAUSE, time, median, reason);
    }

    /** The trial's final result (Ray's {@code on_trial_complete}): recorded, never judged. */
    public void onComplete(String trialId, double time, double value, Results results) {
        results.addFinal(trialId, time, value);
    }

    /** The mean value of a trial's results with time in [gracePeriod, time]; NaN when there are none. */
    double runningMean(List<double[]> results, double time) {
        double sum = 0;
        int n = 0;
        for (double[] r : results) {
            if (r[0] >= gracePeriod && r[0] <= time) {
                sum += r[1];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Python's {@code max} over the values in order: a later value replaces the best only when greater. */
    static double best(List<double[]> results) {
        double best = results.get(0)[1];
        for (double[] r : results) if (r[1] > best) best = r[1];
        return best;
    }

    /** numpy's median: NaN if any value is NaN. */
    static double median(double[] values) {
        if (Arrays.stream(values).anyMatch(Double::isNaN)) return Double.NaN;
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
