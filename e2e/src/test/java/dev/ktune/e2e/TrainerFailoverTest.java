package dev.ktune.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.cli.LocalCluster;
import dev.ktune.cli.ServiceProcess;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Trainer processes go away mid-trial, over the real broker with real training: gracefully (SIGTERM: checkpoint at
 * the batch, release) and hard (SIGKILL: the lock expires, the trial is redelivered and resumes from its last epoch
 * checkpoint). Either way the trial completes once, and its metric stream has every epoch exactly once.
 */
@ExtendWith(KafkaBroker.class)
class TrainerFailoverTest {
    static final int EPOCHS = 4;

    static String study(String id) {
        return """
                {"studyId": "%s", "numSamples": 1, "maxConcurrentTrials": 1,
                 "searchSpace": {"lr": 0.003, "batchSize": 32, "width": 8},
                 "trainer": {"model": "fashion-cnn", "epochs": %d}}""".formatted(id, EPOCHS);
    }

    LocalCluster cluster(KafkaBroker.TestKafka kafka) throws Exception {
        return Clusters.start(kafka.bootstrapServers(), "failover", 0, Map.of());
    }

    @Test
    void aTrainerStoppedGracefullyHandsItsTrialOverMidEpoch(KafkaBroker.TestKafka kafka) throws Exception {
        try (LocalCluster cluster = cluster(kafka)) {
            ServiceProcess first = cluster.startTrainer();
            submit(kafka, "graceful");
            awaitReports(kafka, "graceful", 1);
            Thread.sleep(1500); // into the second epoch
            first.stop(120); // SIGTERM: finish the batch, checkpoint, release
            assertThat(reports(kafka, "graceful")).as("no epoch reported past the one in progress").hasSizeLessThan(EPOCHS);
            cluster.startTrainer();
            assertTrialCompletedOnceWithEveryEpochOnce(kafka, "graceful", cluster);
        }
    }

    @Test
    void aKilledTrainersTrialIsRedeliveredAndResumesFromItsLastEpoch(KafkaBroker.TestKafka kafka) throws Exception {
        try (LocalCluster cluster = cluster(kafka)) {
            ServiceProcess first = cluster.startTrainer();
            submit(kafka, "killed");
            awaitReports(kafka, "killed", 2);
            cluster.killTrainer(first); // SIGKILL: nothing released; the acquisition lock must expire
            int reportedBeforeKill = reports(kafka, "killed").size();
            cluster.startTrainer();
            assertTrialCompletedOnceWithEveryEpochOnce(kafka, "killed", cluster);
            assertThat(reportedBeforeKill).isGreaterThanOrEqualTo(2);
        }
    }

    static void submit(KafkaBroker.TestKafka kafka, String id) throws Exception {
        Clusters.submit(kafka.bootstrapServers(), id, study(id));
    }

    static List<MetricReport> reports(KafkaBroker.TestKafka kafka, String studyId) {
        return TopicReader.readAll(kafka.bootstrapServers(), Topics.METRICS.name()).stream()
                .filter(r -> studyId.equals(r.key())).map(r -> Json.read(r.value(), MetricReport.class)).toList();
    }

    static void awaitReports(KafkaBroker.TestKafka kafka, String studyId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (reports(kafka, studyId).size() < count) {
            assertThat(System.nanoTime()).as("%d reports of %s", count, studyId).isLessThan(deadline);
            Thread.sleep(300);
        }
    }

    static void assertTrialCompletedOnceWithEveryEpochOnce(KafkaBroker.TestKafka kafka, String studyId, LocalCluster cluster)
            throws InterruptedException {
        EndToEndTest.awaitStatus(kafka.bootstrapServers(), studyId, StudyStatus.State.COMPLETED, Duration.ofMinutes(4), cluster);
        List<TrialResult> results = TopicReader.readAll(kafka.bootstrapServers(), Topics.RESULTS.name()).stream()
                .filter(r -> studyId.equals(r.key())).map(r -> Json.read(r.value(), TrialResult.class)).toList();
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(TrialResult.Status.COMPLETED);
            assertThat(r.iterations()).isEqualTo(EPOCHS);
        });
        assertThat(reports(kafka, studyId)).extracting(MetricReport::iteration)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, EPOCHS).boxed().toList());
    }
}
