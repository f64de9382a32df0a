package dev.ktune.protocol;

/**
 * The search algorithm: {@code random}, or {@code grid} (random search that insists on a gridSearch parameter; grid
 * points are crossed and repeated numSamples times either way). {@code seed} makes a study reproducible; without
 * one the seed is derived from
 * the study id, so resubmitting the same study under the same id repeats its trials.
 */
public record SearcherSpec(String type, Long seed) {
    public static final java.util.List<String> TYPES = java.util.List.of("random", "grid");
}
