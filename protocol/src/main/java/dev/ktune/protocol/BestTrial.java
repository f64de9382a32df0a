package dev.ktune.protocol;

import java.util.Map;

/** The best finished trial of a study so far, by the study's objective. */
public record BestTrial(String trialId, int number, double value, Map<String, Object> params,
                        Map<String, Double> metrics) {
    public BestTrial {
        Require.id("trialId", trialId);
        params = Require.ordered(params);
        metrics = Require.ordered(metrics);
    }
}
