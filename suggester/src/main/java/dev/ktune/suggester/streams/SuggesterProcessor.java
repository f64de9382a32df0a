package dev.ktune.suggester.streams;

import dev.ktune.protocol.BestTrial;
import dev.ktune.protocol.DeadLetter;
import dev.ktune.protocol.InvalidMessageException;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.SearchSpace;
import dev.ktune.protocol.StudySpec;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.Topics;
import dev.ktune.protocol.TrialConfig;
import dev.ktune.protocol.TrialResult;
import dev.ktune.suggester.config.SuggesterSettings;
import dev.ktune.suggester.model.StudyState;
import dev.ktune.suggester.model.TrialState;
import dev.ktune.suggester.sampler.History;
import dev.ktune.suggester.sampler.Samplers;
import dev.ktune.suggester.sampler.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Validates studies, issues trials and folds results into each study's state. A study keeps
 * {@code maxConcurrentTrials} trials in flight: one more is issued for every result until {@code numSamples}.
 * Results are idempotent: a second result for a finished trial (a redelivered trial) changes nothing. A trial the
 * median rule paused waits until the study has no new trial to issue, then is issued again (same id, same params) and
 * resumes from its checkpoint.
 */
final class SuggesterProcessor implements Processor<String, byte[], String, Object> {
    private final SuggesterSettings settings;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, StudyState> studies;
    private KeyValueStore<String, TrialState> trials;

    SuggesterProcessor(SuggesterSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.studies = context.getStateStore(SuggesterTopology.STUDIES_STORE);
        this.trials = context.getStateStore(SuggesterTopology.TRIALS_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse(Topics.REQUESTS.name());
        if (record.value() == null) return; // a tombstone carries nothing to act on
        if (topic.equals(Topics.RESULTS.name())) onResult(record);
        else onRequest(record);
    }

    private void onRequest(Record<String, byte[]> record) {
        StudySpec spec;
        try {
            spec = StudySpec.parse(record.value());
        } catch (InvalidMessageException e) {
            reject(record, e.problems());
            return;
        }
        if (!spec.studyId().equals(record.key())) {
            reject(record, List.of("key: the record key must be the study id '" + spec.studyId() + "', got "
                    + (record.key() == null ? "no key" : "'" + record.key() + "'")));
            return;
        }
        if (studies.get(spec.studyId()) != null) {
            // A resubmission must not overwrite the running study's status, so it only goes to the DLQ.
            deadLetter(record, Topics.REQUESTS.name(), "study '" + spec.studyId() + "' already exists; submit under a new studyId");
            return;
        }
        StudyState state = new StudyState(spec, 0, 0, 0, 0, 0, null);
        emitStatus(state.status(StudyStatus.State.ACCEPTED, record.timestamp()), record.timestamp());
        int initial = Math.min(spec.maxConcurrentTrials(), spec.totalTrials());
        for (int i = 0; i < initial; i++) state = issue(state, record.timestamp());
        studies.put(spec.studyId(), state);
        emitStatus(state.status(StudyStatus.State.RUNNING, record.timestamp()), record.timestamp());
    }

    private void onResult(Record<String, byte[]> record) {
        TrialResult result;
        try {
            result = Json.read(record.value(), TrialResult.class);
        } catch (InvalidMessageException e) {
            deadLetter(record, Topics.RESULTS.name(), String.join("; ", e.problems()));
            return;
        }
        StudyState state = studies.get(result.studyId());
        String trialKey = TrialState.key(result.studyId(), result.number());
        TrialState trial = state == null ? null : trials.get(trialKey);
        if (trial == null || !trial.trialId().equals(result.trialId())) {
            deadLetter(record, Topics.RESULTS.name(), "unknown trial " + result.trialId() + " of study " + result.studyId());
            return;
        }
        History.State was = trial.state();
        boolean paused = result.status() == TrialResult.Status.PAUSED;
        // a result for a finished trial, or a second pause, is a duplicate from a redelivered trial
        if (was != History.State.RUNNING && (was != History.State.PAUSED || paused)) return;
        Double value = result.status() == TrialResult.Status.FAILED ? null
                : result.bestMetrics().get(state.spec().objective().metric());
        Double last = result.status() == TrialResult.Status.FAILED ? null
                : result.lastMetrics().get(state.spec().objective().metric());
        trials.put(trialKey, new TrialState(trial.trialId(), trial.number(), trial.params(), stateOf(result.status()), value,
                result.iterations(), last));
        if (was == History.State.PAUSED) state = state.withPaused(-1); // it finished after all (a redelivery)
        state = fold(state, result, trial, value);
        while (!state.done() && state.running() < state.spec().maxConcurrentTrials()) {
            if (state.issued() < state.spec().totalTrials()) {
                state = issue(state, record.timestamp());
                continue;
            }
            // nothing new left to start: resume paused trials, lowest number first, as Ray's median rule picks them
            TrialState next = firstPaused(result.studyId());
            if (next == null) break;
            state = resume(state, next, record.timestamp());
        }
        studies.put(result.studyId(), state);
        emitStatus(state.status(state.done() ? StudyStatus.State.COMPLETED : StudyStatus.State.RUNNING,
                record.timestamp()), record.timestamp());
    }

    private static StudyState fold(StudyState s, TrialResult r, TrialState trial, Double value) {
        BestTrial best = s.best();
        if (value != null && !value.isNaN() && (best == null || s.spec().objective().better(value, best.value()))) {
            best = new BestTrial(trial.trialId(), trial.number(), value, SearchSpace.nest(trial.params()), r.bestMetrics());
        }
        return switch (r.status()) {
            case COMPLETED -> new StudyState(s.spec(), s.issued(), s.completed() + 1, s.stopped(), s.failed(), s.paused(), best);
            case STOPPED -> new StudyState(s.spec(), s.issued(), s.completed(), s.stopped() + 1, s.failed(), s.paused(), best);
            case FAILED -> new StudyState(s.spec(), s.issued(), s.completed(), s.stopped(), s.failed() + 1, s.paused(), best);
            case PAUSED -> new StudyState(s.spec(), s.issued(), s.completed(), s.stopped(), s.failed(), s.paused() + 1, best);
        };
    }

    private static History.State stateOf(TrialResult.Status status) {
        return switch (status) {
            case COMPLETED -> History.State.COMPLETED;
            case STOPPED -> History.State.STOPPED;
            case FAILED -> History.State.FAILED;
            case PAUSED -> History.State.PAUSED;
        };
    }

    private StudyState issue(StudyState state, long timestamp) {
        StudySpec spec = state.spec();
        int number = state.issued();
        Sampler sampler = Samplers.of(spec);
        Map<String, Object> params = sampler.suggest(number, sampler.usesHistory() ? history(spec.studyId()) : History.EMPTY);
        String trialId = TrialConfig.trialId(spec.studyId(), number);
        trials.put(TrialState.key(spec.studyId(), number), new TrialState(trialId, number, params, History.State.RUNNING, null, 0, null));
        // the sampler works on flat group/param names; the trainer gets the nested config, as in Ray Tune
        context.forward(new Record<String, Object>(trialId, new TrialConfig(spec.studyId(), trialId, number,
                SearchSpace.nest(params), spec.trainer(), spec.objective()),
                timestamp), SuggesterTopology.TRIALS_SINK);
        return state.issuedOne();
    }

    /** The same trial again, to run to its end from its checkpoint; the scheduler no longer judges it. */
    private StudyState resume(StudyState state, TrialState trial, long timestamp) {
        StudySpec spec = state.spec();
        trials.put(TrialState.key(spec.studyId(), trial.number()), new TrialState(trial.trialId(), trial.number(), trial.params(),
                History.State.RUNNING, trial.value(), trial.iterations(), trial.lastValue()));
        context.forward(new Record<String, Object>(trial.trialId(), new TrialConfig(spec.studyId(), trial.trialId(), trial.number(),
                SearchSpace.nest(trial.params()), spec.trainer(), spec.objective()), timestamp), SuggesterTopology.TRIALS_SINK);
        return state.withPaused(-1);
    }

    private TrialState firstPaused(String studyId) {
        return trialsOf(studyId).stream().filter(t -> t.state() == History.State.PAUSED).findFirst().orElse(null);
    }

    private History history(String studyId) {
        return new History(trialsOf(studyId).stream().map(TrialState::toHistory).toList());
    }

    /** The study's trials in number order. */
    private List<TrialState> trialsOf(String studyId) {
        List<TrialState> list = new ArrayList<>();
        try (KeyValueIterator<String, TrialState> it = trials.prefixScan(TrialState.prefix(studyId),
                org.apache.kafka.common.serialization.Serdes.String().serializer())) {
            it.forEachRemaining(kv -> list.add(kv.value));
        }
        return list;
    }

    private void reject(Record<String, byte[]> record, List<String> problems) {
        deadLetter(record, Topics.REQUESTS.name(), String.join("; ", problems));
        String studyId = record.key() != null ? record.key() : rawStudyId(record.value());
        if (studyId != null && studies.get(studyId) == null) {
            emitStatus(StudyStatus.rejected(studyId, problems, record.timestamp()), record.timestamp());
        }
    }

    /** The studyId field of a spec that failed validation, when the JSON can at least be read. */
    private static String rawStudyId(byte[] json) {
        try {
            var id = Json.MAPPER.readTree(json).get("studyId");
            return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private void emitStatus(StudyStatus status, long timestamp) {
        context.forward(new Record<String, Object>(status.studyId(), status, timestamp), SuggesterTopology.STUDIES_SINK);
    }

    private void deadLetter(Record<String, byte[]> record, String topic, String error) {
        context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(),
                DeadLetter.headers(error, topic, settings.serviceName())), SuggesterTopology.DLQ_SINK);
    }
}
