package dev.ktune.protocol;

import java.util.Map;

/**
 * One trial to train, on {@code tune-trials} (key: trial id). {@code number} counts from 0 within the study; the
 * objective tells the trainer which epoch's metrics are the trial's best.
 */
public record TrialConfig(String studyId, String trialId, int number, Map<String, Object> params, TrainerSpec trainer,
                          Objective objective) {
    public TrialConfig {
        Require.id("studyId", studyId);
        Require.id("trialId", trialId);
        Require.atLeast("number", number, 0);
        params = Require.ordered(Require.present("params", params));
        Require.present("trainer", trainer);
        Require.present("objective", objective);
    }

    /** Trial ids sort by number within a study and say which study they belong to. */
    public static String trialId(String studyId, int number) {
        return studyId + "-" + String.format("%05d", number);
    }
}
