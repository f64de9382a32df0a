package dev.ktune.protocol;

import java.util.Map;

/**
 * One iteration (epoch) of one trial, on {@code tune-metrics} (key: study id, so one study's trials meet in
 * one stream task). {@code iteration} counts from 1; {@code wallTimeMs} is the trial's training time so far.
 * {@code done} marks the trial's last report (its final epoch): like Ray Tune's {@code done=True} result, the scheduler
 * records it as the trial's final result and publishes no decision on it.
 */
public record MetricReport(String studyId, String trialId, int iteration, Map<String, Double> metrics,
                           long wallTimeMs, long timestamp, boolean done) {
    /** Names of the progress measures every report carries, besides its metrics (Ray Tune's names work too). */
    public static final String ITERATION = "iteration";
    public static final String TIME_TOTAL_S = "time_total_s";

    public MetricReport {
        Require.id("studyId", studyId);
        Require.id("trialId", trialId);
        Require.atLeast("iteration", iteration, 1);
        metrics = Require.ordered(Require.present("metrics", metrics));
    }

    /** A report that is not the trial's last. */
    public MetricReport(String studyId, String trialId, int iteration, Map<String, Double> metrics, long wallTimeMs,
                        long timestamp) {
        this(studyId, trialId, iteration, metrics, wallTimeMs, timestamp, false);
    }

    /**
     * The trial's progress by {@code timeAttr}: the iteration ({@code iteration} or Ray's {@code training_iteration}),
     * the training seconds so far ({@code time_total_s}), or any metric of the report; null when the report has none.
     */
    public Double time(String timeAttr) {
        if (ITERATION.equals(timeAttr) || "training_iteration".equals(timeAttr)) return (double) iteration;
        if (TIME_TOTAL_S.equals(timeAttr)) return wallTimeMs / 1000.0;
        return metrics.get(timeAttr);
    }
}
