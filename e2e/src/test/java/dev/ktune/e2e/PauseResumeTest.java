package dev.ktune.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.cli.LocalCluster;
import dev.ktune.protocol.Decision;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.Topics;
import dev.ktune.protocol.TrialResult;
import dev.ktune.testkit.KafkaBroker;
import dev.ktune.testkit.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The median rule without a hard stop, through the whole pipeline with real training: a trial far below the others
 * is paused after its first epoch (checkpointed, its slot given back), issued again once the study has no new trial,
 * resumes from its checkpoint and runs to the end, every epoch reported exactly once.
 */
@ExtendWith(KafkaBroker.class)
class PauseResumeTest {
    static final String STUDY = """
            {"studyId": "pause", "numSamples": 1, "maxConcurrentTrials": 2,
             "scheduler": {"type": "median", "gracePeriod": 1, "minSamplesRequired": 1, "hardStop": false},
             "searchSpace": {"lr": {"gridSearch": [0.003, 0.002, 0.000001]}, "batchSize": 32, "width": 8},
             "trainer": {"model": "fashion-cnn", "epochs": 3}}""";

    @Test
    void aPausedTrialResumesFromItsCheckpointAndRunsToTheEnd(KafkaBroker.TestKafka kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        try (LocalCluster cluster = Clusters.start(bootstrap, "pause", 1, Map.of())) {
            Clusters.submit(bootstrap, "pause", STUDY);
            StudyStatus done = EndToEndTest.awaitStatus(bootstrap, "pause", StudyStatus.State.COMPLETED, Duration.ofMinutes(5), cluster);
            assertThat(done.trialsCompleted()).isEqualTo(3);
            assertThat(done.trialsPaused()).isZero();
        }
        String slow = "pause-00002"; // lr 1e-6: barely learns in an epoch, far below the median of the others
        List<TrialResult> results = TopicReader.readAll(bootstrap, Topics.RESULTS.name()).stream()
                .filter(r -> "pause".equals(r.key())).map(r -> Json.read(r.value(), TrialResult.class))
                .filter(r -> r.trialId().equals(slow)).toList();
        assertThat(results).extracting(r -> r.status() + "@" + r.iterations()).containsExactly("PAUSED@1", "COMPLETED@3");
        List<Decision> decisions = TopicReader.readAll(bootstrap, Topics.DECISIONS.name()).stream()
                .map(r -> Json.read(r.value(), Decision.class)).filter(d -> d.trialId().equals(slow)).toList();
        // paused at epoch 1; after the resume it is never judged again; the last epoch is final and gets no answer
        assertThat(decisions).extracting(d -> d.iteration() + ":" + d.action()).containsExactly("1:PAUSE", "2:CONTINUE");
        List<MetricReport> reports = TopicReader.readAll(bootstrap, Topics.METRICS.name()).stream()
                .filter(r -> "pause".equals(r.key())).map(r -> Json.read(r.value(), MetricReport.class)).toList();
        for (String trial : List.of("pause-00000", "pause-00001", slow)) {
            assertThat(reports.stream().filter(r -> r.trialId().equals(trial)).map(MetricReport::iteration).toList())
                    .as("every epoch of %s exactly once", trial).containsExactly(1, 2, 3);
        }
        assertThat(reports.stream().filter(r -> r.trialId().equals(slow) && r.done()).map(MetricReport::iteration).toList())
                .containsExactly(3);
    }
}
