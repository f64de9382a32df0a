package dev.ktune.scheduler.asha;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ray Tune's MedianStoppingRule with a hard stop: past {@code gracePeriod}, a trial stops when its best value so far is
 * strictly below the median, over the other trials that have reached the same time (at least {@code minSamplesRequired}
 * of them), of their mean value between the grace period and that time. Values are sign-normalised (larger is better).
 */
public final class MedianStoppingRule {
    /** Every result of one study so far: per trial, its (time, value) pairs in arrival order. */
    public interface Results {
        void add(String trialId, double time, double value);

        Map<String, List<double[]>> byTrial();
    }

    private final double gracePeriod;
    private final int minSamplesRequired;

    public MedianStoppingRule(double gracePeriod, int minSamplesRequired) {
        if (!(gracePeriod >= 0)) throw new IllegalArgumentException("gracePeriod: must be >= 0, got " + gracePeriod);
        if (minSamplesRequired < 1) throw new IllegalArgumentException("minSamplesRequired: must be >= 1, got " + minSamplesRequired);
        this.gracePeriod = gracePeriod;
        this.minSamplesRequired = minSamplesRequired;
    }

    public Verdict onResult(String trialId, double time, double value, Results results) {
        results.add(trialId, time, value); // recorded first, as Ray records it before the grace check
        if (time < gracePeriod) return Verdict.proceed("within the grace period");
        Map<String, List<double[]>> all = results.byTrial();
        List<Double> means = new ArrayList<>();
        all.forEach((other, rs) -> {
            if (!other.equals(trialId) && rs.get(rs.size() - 1)[0] >= time) means.add(runningMean(rs, time));
        });
        if (means.size() < minSamplesRequired) {
            return Verdict.proceed(means.size() + " other trials reached " + time + ", fewer than " + minSamplesRequired);
        }
        double median = median(means.stream().mapToDouble(Double::doubleValue).toArray());
        double best = all.get(trialId).stream().mapToDouble(r -> r[1]).max().orElse(Double.NaN);
        boolean stop = best < median; // NaN on either side compares false: continue
        // the milestone is the time judged at: a STOP there is early stopping, not the trial's natural end
        return new Verdict(stop, time, median, (stop ? "best " + best + " below" : "best " + best + " not below")
                + " the median " + median + " of " + means.size() + " trials at " + time);
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

    /** numpy's median: NaN if any value is NaN. */
    static double median(double[] values) {
        if (Arrays.stream(values).anyMatch(Double::isNaN)) return Double.NaN;
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
