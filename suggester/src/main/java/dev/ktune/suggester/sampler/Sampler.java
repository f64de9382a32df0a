package dev.ktune.suggester.sampler;

import java.util.Map;

/**
 * A search algorithm: proposes the params of the next trial. Pure code, no Kafka: the suggester hands it
 * the study's history and persists what it returns.
 */
public interface Sampler {
    /** Params for trial {@code number}; the same number and history must give the same params. */
    Map<String, Object> suggest(int number, History history);

    /** False for samplers that ignore the history, so the suggester need not read it from the store. */
    default boolean usesHistory() {
        return true;
    }
}
