package dev.ktune.protocol;

import java.util.Map;

/**
 * How a trial ended, or that it was paused, on {@code tune-results} (key: study id). {@code lastMetrics} are the final
 * iteration's; {@code bestMetrics} those of the iteration with the best objective value.
 */
public record TrialResult(String studyId, String trialId, int number, Status status, int iterations,
                          Map<String, Double> lastMetrics, Map<String, Double> bestMetrics, String error,
                          long wallTimeMs) {
    /** PAUSED: set aside by the median rule (checkpointed); the suggester runs it again later, to the end. */
    public enum Status { COMPLETED, STOPPED, FAILED, PAUSED }

    public TrialResult {
        Require.id("studyId", studyId);
        Require.id("trialId", trialId);
        Require.atLeast("number", number, 0);
        Require.present("status", status);
        lastMetrics = Require.ordered(lastMetrics);
        bestMetrics = Require.ordered(bestMetrics);
        if (status == Status.FAILED && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("error: a FAILED result needs the error");
        }
    }
}
