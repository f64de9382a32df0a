package dev.ktune.suggester.model;

import dev.ktune.suggester.sampler.History;
import java.util.Map;

/** One trial in the suggester's store, keyed by {@link #key(String, int)}. */
public record TrialState(String trialId, int number, Map<String, Object> params, History.State state, Double value,
                         int iterations, Double lastValue) {
    /** Zero-padded so that a prefix scan of a study returns its trials in number order. */
    public static String key(String studyId, int number) {
        return prefix(studyId) + String.format("%010d", number);
    }

    public static String prefix(String studyId) {
        return studyId + "|";
    }

    public History.Trial toHistory() {
        return new History.Trial(number, params, state, value, iterations, lastValue);
    }
}
