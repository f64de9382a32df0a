package dev.ktune.sink;

import dev.ktune.protocol.Decision;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.TrialConfig;
import dev.ktune.protocol.TrialResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.tracking.MlflowClient;

/**
 * Writes ktune's messages into MLflow: one experiment per study (named after it), a parent run per study and a
 * child run per trial ({@code mlflow.parentRunId}). Runs are found by ktune's tags before one is created, so a
 * restarted sink never creates a second run for a trial. Any MLflow error propagates: the caller retries.
 */
final class MlflowWriter {
    static final String STUDY_TAG = "ktune_study_id";
    static final String TRIAL_TAG = "ktune_trial_id";
    static final int MAX_PARAMS_PER_BATCH = 100;
    static final int MAX_METRICS_PER_BATCH = 1000;

    private final MlflowClient client;
    private final Map<String, String> experiments = new HashMap<>();
    private final Map<String, String> runs = new HashMap<>();

    MlflowWriter(MlflowClient client) {
        this.client = client;
    }

    void onStudy(StudyStatus status) {
        String run = studyRun(status.studyId());
        switch (status.state()) {
            case ACCEPTED -> client.logBatch(run, List.of(), List.of(), List.of(
                    tag("ktune.objective", status.spec().objective().metric() + " " + status.spec().objective().mode()),
                    tag("ktune.scheduler", status.spec().scheduler().type()),
                    tag("ktune.searcher", status.spec().searcher().type())));
            case REJECTED -> {
                client.setTag(run, "ktune.problems", String.join("\n", status.problems()));
                client.setTerminated(run, RunStatus.FAILED, status.timestamp());
            }
            case RUNNING -> client.logBatch(run, List.of(
                    metric("trials_completed", status.trialsCompleted(), status.timestamp(), status.trialsFinished()),
                    metric("trials_stopped", status.trialsStopped(), status.timestamp(), status.trialsFinished()),
                    metric("trials_failed", status.trialsFailed(), status.timestamp(), status.trialsFinished())),
                    List.of(), List.of());
            case COMPLETED -> {
                List<RunTag> tags = new ArrayList<>(List.of(tag("ktune.status", "COMPLETED")));
                List<Metric> metrics = new ArrayList<>();
                if (status.best() != null) {
                    tags.add(tag("ktune.best_trial", status.best().trialId()));
                    metrics.add(metric("best_" + status.spec().objective().metric(), status.best().value(), status.timestamp(), 0));
                }
                client.logBatch(run, metrics, List.of(), tags);
                client.setTerminated(run, RunStatus.FINISHED, status.timestamp());
            }
        }
    }

    void onTrial(TrialConfig trial) {
        String run = trialRun(trial.studyId(), trial.trialId());
        List<Param> params = new ArrayList<>();
        Params.flatten(trial.params()).forEach((k, v) -> params.add(Param.newBuilder().setKey(k).setValue(v).build()));
        for (int i = 0; i < params.size(); i += MAX_PARAMS_PER_BATCH) {
            client.logBatch(run, List.of(), params.subList(i, Math.min(params.size(), i + MAX_PARAMS_PER_BATCH)), List.of());
        }
    }

    void onMetric(MetricReport report) {
        String run = trialRun(report.studyId(), report.trialId());
        List<Metric> metrics = new ArrayList<>();
        report.metrics().forEach((k, v) -> metrics.add(metric(k, v, report.timestamp(), report.iteration())));
        for (int i = 0; i < metrics.size(); i += MAX_METRICS_PER_BATCH) {
            client.logBatch(run, metrics.subList(i, Math.min(metrics.size(), i + MAX_METRICS_PER_BATCH)), List.of(), List.of());
        }
    }

    /** Rung decisions and stops become tags; the many plain CONTINUEs between rungs carry nothing worth keeping. */
    void onDecision(Decision d) {
        if (d.milestone() == null && d.action() == Decision.Action.CONTINUE) return;
        String run = trialRun(d.studyId(), d.trialId());
        String text = d.action() + (d.reason() == null ? "" : ": " + d.reason());
        client.setTag(run, "ktune.decision.iter" + d.iteration(), text);
        if (d.action() == Decision.Action.STOP) client.setTag(run, "ktune.stopped", text);
        if (d.action() == Decision.Action.PAUSE) client.setTag(run, "ktune.paused", text);
    }

    void onResult(TrialResult r) {
        String run = trialRun(r.studyId(), r.trialId());
        List<RunTag> tags = new ArrayList<>(List.of(tag("ktune.status", r.status().name()),
                tag("ktune.iterations", Integer.toString(r.iterations()))));
        if (r.error() != null) tags.add(tag("ktune.error", r.error()));
        if (r.status() == TrialResult.Status.PAUSED) tags.add(tag("ktune.paused_after", Integer.toString(r.iterations())));
        client.logBatch(run, List.of(), List.of(), tags);
        RunStatus status = switch (r.status()) {
            case COMPLETED -> RunStatus.FINISHED;
            case STOPPED -> RunStatus.KILLED;
            case FAILED -> RunStatus.FAILED;
            case PAUSED -> null; // it will run again, into the same run
        };
        if (status != null) client.setTerminated(run, status, System.currentTimeMillis());
    }

    private String experiment(String studyId) {
        return experiments.computeIfAbsent(studyId, id -> client.getExperimentByName(id)
                .map(e -> e.getExperimentId())
                .orElseGet(() -> client.createExperiment(id)));
    }

    private String studyRun(String studyId) {
        String key = "study:" + studyId;
        String cached = runs.get(key);
        if (cached != null) return cached;
        String experiment = experiment(studyId);
        String run = find(experiment, "tags." + STUDY_TAG + " = '" + studyId + "' and tags." + TRIAL_TAG + " = '-'");
        if (run == null) {
            run = create(experiment, studyId, List.of(tag(STUDY_TAG, studyId), tag(TRIAL_TAG, "-")));
        }
        runs.put(key, run);
        return run;
    }

    private String trialRun(String studyId, String trialId) {
        String cached = runs.get(trialId);
        if (cached != null) return cached;
        String parent = studyRun(studyId);
        String experiment = experiment(studyId);
        String run = find(experiment, "tags." + TRIAL_TAG + " = '" + trialId + "'");
        if (run == null) {
            run = create(experiment, trialId, List.of(tag(STUDY_TAG, studyId), tag(TRIAL_TAG, trialId),
                    tag("mlflow.parentRunId", parent)));
        }
        runs.put(trialId, run);
        return run;
    }

    private String find(String experiment, String filter) {
        List<RunInfo> found = client.searchRuns(List.of(experiment), filter);
        return found.isEmpty() ? null : found.get(0).getRunId();
    }

    private String create(String experiment, String name, List<RunTag> tags) {
        CreateRun.Builder request = CreateRun.newBuilder().setExperimentId(experiment).setRunName(name)
                .setStartTime(System.currentTimeMillis()).addTags(tag("mlflow.runName", name));
        tags.forEach(request::addTags);
        return client.createRun(request.build()).getRunId();
    }

    private static RunTag tag(String key, String value) {
        return RunTag.newBuilder().setKey(key).setValue(value).build();
    }

    private static Metric metric(String key, double value, long timestamp, long step) {
        return Metric.newBuilder().setKey(key).setValue(value).setTimestamp(timestamp).setStep(step).build();
    }
}
