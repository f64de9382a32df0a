package dev.ktune.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.protocol.BestTrial;
import dev.ktune.protocol.Decision;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.Objective;
import dev.ktune.protocol.StudySpec;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.TrainerSpec;
import dev.ktune.protocol.TrialConfig;
import dev.ktune.protocol.TrialResult;
import dev.ktune.testkit.MlflowTracking;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.tracking.MlflowClient;

/** Against a real MLflow tracking server. */
@ExtendWith(MlflowTracking.class)
class MlflowWriterTest {
    @Test
    void studyAndTrialsBecomeParentAndChildRunsAndARestartReusesThem(MlflowTracking.Tracking mlflow) {
        MlflowClient client = new MlflowClient(mlflow.trackingUri());
        StudySpec spec = StudySpec.parse("""
                {"studyId": "sink-test", "scheduler": {"type": "asha", "maxT": 3}, "searchSpace": {"lr": {"uniform": [0, 1]}},
                 "trainer": {"model": "fashion-cnn", "epochs": 3}}""".getBytes(StandardCharsets.UTF_8));
        MlflowWriter writer = new MlflowWriter(client);
        writer.onStudy(StudyStatus.accepted(spec, 1000));
        TrialConfig trial = new TrialConfig("sink-test", "sink-test-00000", 0, Map.of("lr", 0.5, "net", Map.of("width", 8)),
                new TrainerSpec("fashion-cnn", 3), Objective.DEFAULT);
        // metrics may arrive before the trial's config: the run is created by whichever comes first
        writer.onMetric(new MetricReport("sink-test", trial.trialId(), 1, Map.of("valAccuracy", 0.5), 10, 2000));
        writer.onTrial(trial);
        writer.onDecision(new Decision("sink-test", trial.trialId(), 1, Decision.Action.CONTINUE, 1.0, null, "first at rung 1.0"));

        MlflowWriter restarted = new MlflowWriter(client); // a new process: nothing cached
        restarted.onMetric(new MetricReport("sink-test", trial.trialId(), 2, Map.of("valAccuracy", 0.7), 20, 3000));
        restarted.onResult(new TrialResult("sink-test", trial.trialId(), 0, TrialResult.Status.STOPPED, 2,
                Map.of("valAccuracy", 0.7), Map.of("valAccuracy", 0.7), null, 20));
        restarted.onStudy(new StudyStatus("sink-test", StudyStatus.State.COMPLETED, null, spec, 1, 0, 1, 0,
                new BestTrial(trial.trialId(), 0, 0.7, trial.params(), Map.of("valAccuracy", 0.7)), 4000));

        String experiment = client.getExperimentByName("sink-test").orElseThrow().getExperimentId();
        List<RunInfo> runs = client.searchRuns(List.of(experiment), "");
        assertThat(runs).hasSize(2);
        Run parent = client.getRun(runs.stream().filter(r -> r.getRunName().equals("sink-test")).findFirst().orElseThrow().getRunId());
        Run child = client.getRun(runs.stream().filter(r -> r.getRunName().equals(trial.trialId())).findFirst().orElseThrow().getRunId());
        assertThat(child.getData().getTagsList()).anySatisfy(t -> {
            assertThat(t.getKey()).isEqualTo("mlflow.parentRunId");
            assertThat(t.getValue()).isEqualTo(parent.getInfo().getRunId());
        });
        assertThat(child.getData().getParamsList()).extracting(p -> p.getKey() + "=" + p.getValue())
                .containsExactlyInAnyOrder("lr=0.5", "net/width=8");
        assertThat(client.getMetricHistory(child.getInfo().getRunId(), "valAccuracy"))
                .extracting(m -> m.getStep() + ":" + m.getValue()).containsExactly("1:0.5", "2:0.7");
        assertThat(child.getInfo().getStatus()).isEqualTo(RunStatus.KILLED);
        assertThat(child.getData().getTagsList()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("ktune.decision.iter1"));
        assertThat(parent.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(parent.getData().getMetricsList()).anySatisfy(m -> {
            assertThat(m.getKey()).isEqualTo("best_valAccuracy");
            assertThat(m.getValue()).isEqualTo(0.7);
        });
    }

    @Test
    void aPausedTrialsRunStaysOpenAndTheResumedTrialFinishesIt(MlflowTracking.Tracking mlflow) {
        MlflowClient client = new MlflowClient(mlflow.trackingUri());
        MlflowWriter writer = new MlflowWriter(client);
        String trial = "pause-test-00000";
        writer.onMetric(new MetricReport("pause-test", trial, 1, Map.of("valAccuracy", 0.2), 10, 2000));
        writer.onDecision(new Decision("pause-test", trial, 1, Decision.Action.PAUSE, 1.0, 0.5, "best 0.2 below the median 0.5"));
        writer.onResult(new TrialResult("pause-test", trial, 0, TrialResult.Status.PAUSED, 1,
                Map.of("valAccuracy", 0.2), Map.of("valAccuracy", 0.2), null, 10));
        String runId = client.searchRuns(List.of(client.getExperimentByName("pause-test").orElseThrow().getExperimentId()), "")
                .get(0).getRunId();
        Run paused = client.getRun(runId);
        assertThat(paused.getInfo().getStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(paused.getData().getTagsList()).extracting(t -> t.getKey() + "=" + t.getValue())
                .contains("ktune.status=PAUSED", "ktune.paused_after=1", "ktune.paused=PAUSE: best 0.2 below the median 0.5");

        writer.onMetric(new MetricReport("pause-test", trial, 2, Map.of("valAccuracy", 0.6), 20, 3000, true));
        writer.onResult(new TrialResult("pause-test", trial, 0, TrialResult.Status.COMPLETED, 2,
                Map.of("valAccuracy", 0.6), Map.of("valAccuracy", 0.6), null, 20));
        Run finished = client.getRun(runId);
        assertThat(finished.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(client.getMetricHistory(runId, "valAccuracy")).extracting(m -> m.getStep() + ":" + m.getValue())
                .containsExactly("1:0.2", "2:0.6");
    }
}
