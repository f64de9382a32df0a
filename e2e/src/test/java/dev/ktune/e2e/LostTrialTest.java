package dev.ktune.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.broker.TopicSetup;
import dev.ktune.cli.LocalCluster;
import dev.ktune.cli.ServiceProcess;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.Topics;
import dev.ktune.protocol.TrialResult;
import dev.ktune.testkit.KafkaBroker;
import dev.ktune.testkit.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A trial whose every trainer dies (SIGKILL, as the kernel's OOM killer does) is reported FAILED by the trainer that
 * gets its last delivery, instead of being archived by the share group with nobody to say so: the study completes
 * instead of waiting forever. Real broker, real trainers, real kills; delivery limit 3 (two attempts), lock 15 s.
 */
@ExtendWith(KafkaBroker.class)
class LostTrialTest {
    static final String STUDY = """
            {"studyId": "lost", "numSamples": 1, "maxConcurrentTrials": 1,
             "searchSpace": {"lr": 0.003, "batchSize": 32, "width": 8},
             "trainer": {"model": "fashion-cnn", "epochs": 30}}""";

    @Test
    void aTrialWhoseEveryTrainerDiesIsReportedFailedAndTheStudyCompletes(KafkaBroker.TestKafka kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        try (LocalCluster cluster = Clusters.start(bootstrap, "lost", 0, Map.of("KTUNE_TRAINER_DELIVERY_LIMIT", "3"))) {
            shareGroup(bootstrap, new TopicSetup.ShareGroupSettings(15_000, 3));
            Clusters.submit(bootstrap, "lost", STUDY);
            for (int attempt = 1; attempt <= 2; attempt++) {
                int before = TrainerFailoverTest.reports(kafka, "lost").size();
                ServiceProcess trainer = cluster.startTrainer();
                TrainerFailoverTest.awaitReports(kafka, "lost", before + 1); // this attempt is training
                cluster.killTrainer(trainer);
            }
            cluster.startTrainer(); // gets the last delivery
            StudyStatus done = EndToEndTest.awaitStatus(bootstrap, "lost", StudyStatus.State.COMPLETED, Duration.ofMinutes(3), cluster);
            assertThat(done.trialsFailed()).isEqualTo(1);
        } finally {
            shareGroup(bootstrap, TopicSetup.ShareGroupSettings.DEFAULT);
        }
        List<TrialResult> results = TopicReader.readAll(bootstrap, Topics.RESULTS.name()).stream()
                .filter(r -> "lost".equals(r.key())).map(r -> Json.read(r.value(), TrialResult.class)).toList();
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(TrialResult.Status.FAILED);
            assertThat(r.error()).startsWith("lost: delivered 3 times, and the 2 attempt(s) before this one ended without a result");
        });
    }

    static void shareGroup(String bootstrap, TopicSetup.ShareGroupSettings settings) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicSetup.ensure(admin, settings, Duration.ofSeconds(60));
        }
    }
}
