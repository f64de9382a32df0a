package dev.ktune.protocol;

import java.util.Map;

/**
 * One iteration (epoch) of one trial, on {@code tune-metrics} (key: study id, so one study's trials meet in
 * one stream task). {@code iteration} counts from 1; {@code wallTimeMs} is the trial's training time so far.
 */
public record MetricReport(String studyId, String trialId, int iteration, Map<String, Double> metrics,
                           long wallTimeMs, long timestamp) {
    public MetricReport {
        Require.id("studyId", studyId);
        Require.id("trialId", trialId);
        Require.atLeast("iteration", iteration, 1);
        metrics = Require.ordered(Require.present("metrics", metrics));
    }
}
