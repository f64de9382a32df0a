package dev.ktune.protocol;

import java.util.List;

/**
 * The trial scheduler (early stopping). {@code fifo} never stops a trial; {@code asha} is Ray Tune's
 * AsyncHyperBandScheduler, with {@code brackets} brackets; {@code median} is Ray's MedianStoppingRule
 * ({@code gracePeriod}, {@code minSamplesRequired}, {@code hardStop}: stop, or pause until the study has nothing else
 * to run). {@code metric}/{@code mode} default to the study's objective, {@code timeAttr} to {@code iteration} (the
 * epoch number reported by the trainer; see {@link MetricReport#time}).
 */
public record SchedulerSpec(String type, String metric, String mode, String timeAttr, Double maxT,
                            Double gracePeriod, Double reductionFactor, Integer brackets, Boolean stopLastTrials,
                            Integer minSamplesRequired, Boolean hardStop) {
    public static final List<String> TYPES = List.of("fifo", "asha", "median");
    public static final SchedulerSpec FIFO = new SchedulerSpec("fifo", null, null, null, null, null, null, null, null, null, null);

    /** The same settings with every default filled in from Ray Tune's and the objective. */
    SchedulerSpec withDefaults(Objective objective) {
        return new SchedulerSpec(type == null ? "fifo" : type,
                metric == null ? objective.metric() : metric,
                mode == null ? objective.mode() : mode,
                timeAttr == null ? MetricReport.ITERATION : timeAttr,
                maxT == null ? 100.0 : maxT,
                gracePeriod == null ? 1.0 : gracePeriod,
                reductionFactor == null ? 4.0 : reductionFactor,
                brackets == null ? 1 : brackets,
                stopLastTrials == null ? Boolean.TRUE : stopLastTrials,
                minSamplesRequired == null ? 3 : minSamplesRequired,
                hardStop == null ? Boolean.TRUE : hardStop);
    }

    void validate(List<String> problems) {
        if (!TYPES.contains(type)) problems.add("scheduler.type: unknown scheduler '" + type + "', expected one of " + TYPES);
        if (!"max".equals(mode) && !"min".equals(mode)) problems.add("scheduler.mode: must be 'max' or 'min', got '" + mode + "'");
        if (metric == null || metric.isBlank()) problems.add("scheduler.metric: must not be blank");
        if (!(maxT > 0)) problems.add("scheduler.maxT: must be > 0, got " + maxT);
        if (!(gracePeriod > 0)) problems.add("scheduler.gracePeriod: must be > 0, got " + gracePeriod);
        else if (gracePeriod > maxT) problems.add("scheduler.gracePeriod: must be <= maxT (" + maxT + "), got " + gracePeriod);
        if (!(reductionFactor > 1)) problems.add("scheduler.reductionFactor: must be > 1, got " + reductionFactor);
        if (minSamplesRequired < 1) problems.add("scheduler.minSamplesRequired: must be >= 1, got " + minSamplesRequired);
        if (timeAttr.isBlank()) problems.add("scheduler.timeAttr: must not be blank");
        if (!hardStop && !"median".equals(type)) {
            problems.add("scheduler.hardStop: only the median rule can pause trials; " + type + " always stops them");
        }
        if (brackets < 1 || brackets > 10) problems.add("scheduler.brackets: must be in [1, 10], got " + brackets);
    }
}
