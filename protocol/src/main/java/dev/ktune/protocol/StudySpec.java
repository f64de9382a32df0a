package dev.ktune.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A study as the user submits it on {@code tune-requests}. The constructor fills defaults and checks
 * everything, throwing one {@link InvalidMessageException} that lists every problem, each naming its field.
 * {@code searchSpace} keeps the user's JSON so that the spec round-trips unchanged through {@code tune-studies}.
 */
@JsonPropertyOrder({"studyId", "objective", "searcher", "scheduler", "numSamples", "maxConcurrentTrials",
        "searchSpace", "trainer"})
public record StudySpec(String studyId, Objective objective, SearcherSpec searcher, SchedulerSpec scheduler,
                        Integer numSamples, Integer maxConcurrentTrials, JsonNode searchSpace, TrainerSpec trainer) {
    /** Study ids end up in trial ids, store keys and MLflow experiment names: keep them plain. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public StudySpec {
        List<String> problems = new ArrayList<>();
        if (studyId == null) problems.add("studyId: is required");
        else if (!ID.matcher(studyId).matches()) {
            problems.add("studyId: must match " + ID.pattern() + " (letters, digits, '.', '_', '-'; at most 100), got '" + studyId + "'");
        }
        objective = objective == null ? Objective.DEFAULT : new Objective(
                objective.metric() == null ? Objective.DEFAULT.metric() : objective.metric(),
                objective.mode() == null ? Objective.DEFAULT.mode() : objective.mode());
        if (objective.metric().isBlank()) problems.add("objective.metric: must not be blank");
        if (!"max".equals(objective.mode()) && !"min".equals(objective.mode())) {
            problems.add("objective.mode: must be 'max' or 'min', got '" + objective.mode() + "'");
        }
        searcher = searcher == null ? new SearcherSpec("random", null)
                : new SearcherSpec(searcher.type() == null ? "random" : searcher.type(), searcher.seed(),
                        searcher.nStartupTrials(), searcher.nEiCandidates(), searcher.constantLiar(), searcher.multivariate());
        if (!SearcherSpec.TYPES.contains(searcher.type())) {
            problems.add("searcher.type: unknown searcher '" + searcher.type() + "', expected one of " + SearcherSpec.TYPES);
        }
        scheduler = (scheduler == null ? SchedulerSpec.FIFO : scheduler).withDefaults(objective);
        scheduler.validate(problems);
        if (numSamples == null) numSamples = 1;
        if (numSamples < 1 || numSamples > 100_000) problems.add("numSamples: must be in [1, 100000], got " + numSamples);
        if (maxConcurrentTrials == null) maxConcurrentTrials = 1;
        if (maxConcurrentTrials < 1 || maxConcurrentTrials > 1000) {
            problems.add("maxConcurrentTrials: must be in [1, 1000], got " + maxConcurrentTrials);
        }
        Map<String, Domain> domains = SearchSpace.parse(searchSpace, problems);
        long grid = gridPoints(domains);
        searcher.validate(domains, problems);
        if ("grid".equals(searcher.type()) && domains.values().stream().noneMatch(d -> d instanceof Domain.GridSearch)) {
            problems.add("searcher.type: 'grid' needs at least one gridSearch parameter in searchSpace");
        }
        if (grid * numSamples > 100_000) {
            problems.add("numSamples: " + numSamples + " × " + grid + " grid points = " + grid * numSamples
                    + " trials, more than 100000");
        }
        if (trainer == null) problems.add("trainer: is required, e.g. {\"model\": \"fashion-cnn\", \"epochs\": 4}");
        else trainer.validate(problems);
        if (!problems.isEmpty()) throw new InvalidMessageException(problems);
    }

    /** Parses user JSON strictly (unknown fields are problems). */
    public static StudySpec parse(byte[] json) {
        try {
            return Json.STRICT.forType(StudySpec.class).readValue(json);
        } catch (java.io.IOException e) {
            throw new InvalidMessageException("StudySpec", e);
        }
    }

    public Map<String, Domain> domains() {
        return SearchSpace.parse(searchSpace);
    }

    /** The product of the gridSearch sizes; 1 without grids. */
    static long gridPoints(Map<String, Domain> domains) {
        long points = 1;
        for (Domain d : domains.values()) {
            if (d instanceof Domain.GridSearch g) points = Math.multiplyExact(points, g.values().size());
        }
        return points;
    }

    /** Trials in all: every grid point repeated {@code numSamples} times, as in Ray Tune. */
    public int totalTrials() {
        return (int) (numSamples * gridPoints(domains()));
    }

    /** The seed the searcher uses: the given one, or one derived from the study id. */
    public long seed() {
        return searcher.seed() != null ? searcher.seed() : studyId.hashCode() * 0x9E3779B97F4A7C15L;
    }
}
