package dev.ktune.protocol;

/**
 * The search algorithm: {@code random}, or {@code grid} (random search that insists on a gridSearch parameter; grid
 * points are crossed and repeated numSamples times either way). {@code seed} makes a study reproducible; without
 * one the seed is derived from
 * the study id, so resubmitting the same study under the same id repeats its trials.
 */
public record SearcherSpec(String type, Long seed, Integer nStartupTrials, Integer nEiCandidates, Boolean constantLiar,
                           Boolean multivariate) {
    public static final java.util.List<String> TYPES = java.util.List.of("random", "grid", "tpe");

    public SearcherSpec(String type, Long seed) {
        this(type, seed, null, null, null, null);
    }

    void validate(java.util.Map<String, Domain> domains, java.util.List<String> problems) {
        boolean tpe = "tpe".equals(type);
        if (!tpe && (nStartupTrials != null || nEiCandidates != null || constantLiar != null || multivariate != null)) {
            problems.add("searcher: nStartupTrials, nEiCandidates, constantLiar and multivariate are TPE settings; type is '" + type + "'");
        }
        if (nStartupTrials != null && nStartupTrials < 0) problems.add("searcher.nStartupTrials: must be >= 0, got " + nStartupTrials);
        if (nEiCandidates != null && nEiCandidates < 1) problems.add("searcher.nEiCandidates: must be >= 1, got " + nEiCandidates);
        if (tpe && domains.values().stream().anyMatch(d -> d instanceof Domain.GridSearch)) {
            problems.add("searcher.type: 'tpe' cannot search a gridSearch parameter (Optuna's TPE has no grid); use choice");
        }
    }
}
