package dev.ktune.scheduler.streams;

import dev.ktune.protocol.DeadLetter;
import dev.ktune.protocol.Decision;
import dev.ktune.protocol.InvalidMessageException;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.SchedulerSpec;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.Topics;
import dev.ktune.scheduler.asha.AsyncHyperBand;
import dev.ktune.scheduler.asha.MedianStoppingRule;
import dev.ktune.scheduler.asha.SortedValues;
import dev.ktune.scheduler.asha.TrialScheduler;
import dev.ktune.scheduler.asha.Verdict;
import dev.ktune.scheduler.config.SchedulerSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each study's scheduler settings from {@code tune-studies} and answers every {@code MetricReport} but a
 * trial's last ({@code done}) with a {@code Decision}, so a trainer can wait for the answer to its epoch before starting
 * the next one. The last report, and the report a trial is stopped on, are the trial's final result (Ray's
 * {@code on_trial_complete}). A report for an unknown study, or one without the metric, goes to {@code tune-dlq};
 * the latter also gets a CONTINUE, so the trainer is not left waiting.
 */
final class SchedulerProcessor implements Processor<String, byte[], String, Object> {
    private final SchedulerSettings settings;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, StudyScheduling> studies;
    private KeyValueStore<String, Double> rungs;
    private KeyValueStore<String, double[]> results;
    /** Per task, rebuilt from the stores whenever Streams (re)initialises the processor: never ahead of them. */
    private Map<String, StudyScheduling> studyCache;
    private Map<String, SortedValues> rungCache;
    private Map<String, StoreResults.Study> resultsCache;

    SchedulerProcessor(SchedulerSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.studies = context.getStateStore(SchedulerTopology.SETTINGS_STORE);
        this.rungs = context.getStateStore(SchedulerTopology.RUNGS_STORE);
        this.results = context.getStateStore(SchedulerTopology.RESULTS_STORE);
        this.studyCache = lru(10_000);
        this.rungCache = lru(10_000);
        this.resultsCache = lru(256); // a study's every result: fewer of them
    }

    /** A map that forgets its least recently used entries beyond {@code max}. */
    static <K, V> Map<K, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) return;
        String topic = context.recordMetadata().map(m -> m.topic()).orElse(Topics.METRICS.name());
        if (topic.equals(Topics.STUDIES.name())) onStudy(record);
        else onMetric(record);
    }

    private void onStudy(Record<String, byte[]> record) {
        StudyStatus status;
        try {
            status = Json.read(record.value(), StudyStatus.class);
        } catch (InvalidMessageException e) {
            deadLetter(record, Topics.STUDIES.name(), String.join("; ", e.problems()));
            return;
        }
        if (status.spec() != null && studies.get(status.studyId()) == null) {
            studies.put(status.studyId(), new StudyScheduling(status.spec().scheduler(), status.spec().seed()));
        }
    }

    private void onMetric(Record<String, byte[]> record) {
        MetricReport report;
        try {
            report = Json.read(record.value(), MetricReport.class);
        } catch (InvalidMessageException e) {
            deadLetter(record, Topics.METRICS.name(), String.join("; ", e.problems()));
            return;
        }
        StudyScheduling study = studyCache.get(report.studyId());
        if (study == null) {
            study = studies.get(report.studyId());
            if (study != null) studyCache.put(report.studyId(), study);
        }
        if (study == null) {
            deadLetter(record, Topics.METRICS.name(), "unknown study '" + report.studyId() + "': no accepted StudyStatus seen");
            return;
        }
        SchedulerSpec spec = study.scheduler();
        Double value = report.metrics().get(spec.metric());
        Double time = report.time(spec.timeAttr());
        if (value == null || time == null) {
            String missing = value == null ? spec.metric() : spec.timeAttr();
            deadLetter(record, Topics.METRICS.name(), "metric '" + missing + "' missing from the report of " + report.trialId());
            // the trainer waits for an answer to every report but its last
            if (!report.done()) decide(report, Verdict.proceed("metric '" + missing + "' missing: not judged"), record.timestamp());
            return;
        }
        double signed = "min".equals(spec.mode()) ? -value : value;
        if (report.done()) {
            complete(study, report, time, signed); // the final result: recorded, not answered
            return;
        }
        Verdict verdict = "median".equals(spec.type())
                ? median(spec).onResult(report.trialId(), time, signed, medianState(report))
                : scheduler(study).onResult(report.trialId(), time, signed, new StoreRungs(rungs, report.studyId(), rungCache));
        // Ray completes a trial it stops with that same result as the final one
        if (verdict.stop()) complete(study, report, time, signed);
        decide(report, verdict, record.timestamp());
    }

    private void complete(StudyScheduling study, MetricReport report, double time, double signed) {
        if ("median".equals(study.scheduler().type())) {
            median(study.scheduler()).onComplete(report.trialId(), time, signed, medianState(report));
        } else {
            scheduler(study).onComplete(report.trialId(), time, signed, new StoreRungs(rungs, report.studyId(), rungCache));
        }
    }

    private void decide(MetricReport report, Verdict verdict, long timestamp) {
        Decision decision = new Decision(report.studyId(), report.trialId(), report.iteration(),
                Decision.Action.valueOf(verdict.action().name()), verdict.milestone(), verdict.cutoff(), verdict.reason());
        context.forward(new Record<String, Object>(report.trialId(), decision, timestamp), SchedulerTopology.DECISIONS_SINK);
    }

    private StoreResults medianState(MetricReport report) {
        return new StoreResults(results, report.studyId(), report.iteration(), resultsCache);
    }

    static MedianStoppingRule median(SchedulerSpec spec) {
        return new MedianStoppingRule(spec.gracePeriod(), spec.minSamplesRequired(), !Boolean.FALSE.equals(spec.hardStop()));
    }

    static TrialScheduler scheduler(StudyScheduling study) {
        SchedulerSpec spec = study.scheduler();
        if ("asha".equals(spec.type())) {
            return new AsyncHyperBand(spec.maxT(), spec.gracePeriod(), spec.reductionFactor(), spec.brackets(),
                    spec.stopLastTrials(), study.seed());
        }
        return TrialScheduler.FIFO;
    }

    private void deadLetter(Record<String, byte[]> record, String topic, String error) {
        context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(),
                DeadLetter.headers(error, topic, settings.serviceName())), SchedulerTopology.DLQ_SINK);
    }
}
