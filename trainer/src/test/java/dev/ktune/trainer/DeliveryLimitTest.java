package dev.ktune.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.protocol.Json;
import dev.ktune.protocol.Objective;
import dev.ktune.protocol.Topics;
import dev.ktune.protocol.TrainerSpec;
import dev.ktune.protocol.TrialConfig;
import dev.ktune.protocol.TrialResult;
import dev.ktune.testkit.KafkaBroker;
import dev.ktune.testkit.ShareGroups;
import dev.ktune.testkit.TopicReader;
import dev.ktune.trainer.config.TrainerConfig;
import dev.ktune.trainer.kafka.TrialWorkers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A trial whose every attempt fails, for real: its checkpoint directory cannot be created (a file is in the way), so
 * each attempt fails at its first checkpoint and is released, until the last attempt the share group's delivery-count
 * limit leaves for training (the limit less one); that attempt reports FAILED with the error, once.
 */
@ExtendWith(KafkaBroker.class)
class DeliveryLimitTest {
    static final String GROUP = "delivery-limit-test";
    static final int LIMIT = 3; // two attempts to train, the last delivery kept for reporting

    @Test
    void aTrialThatKeepsFailingIsReportedFailedOnItsLastAttempt(KafkaBroker.TestKafka kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            ShareGroups.isolated(admin, GROUP, Map.of("share.delivery.count.limit", Integer.toString(LIMIT)));
        }
        Path blocker = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "not-a-dir", "");
        TrialConfig trial = new TrialConfig("failing", "failing-00000", 0, Map.of("lr", 0.003, "batchSize", 500, "width", 2),
                new TrainerSpec("fashion-cnn", 3), Objective.DEFAULT);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.TRIALS.name(), trial.trialId(), Json.write(trial))).get();
        }
        TrainerConfig config = new TrialWorkerLockTest.Config(kafka.bootstrapServers(), Duration.ofMillis(10), blocker.resolve("checkpoints").toString(), LIMIT);
        try (TrialWorkers trainer = TrialWorkers.start(config, GROUP)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (results(kafka).isEmpty() && System.nanoTime() < deadline) Thread.sleep(500);
            Thread.sleep(2000); // a second result, if one were coming, would be here by now
        }
        assertThat(results(kafka)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(TrialResult.Status.FAILED);
            assertThat(r.error()).contains(blocker.getFileName().toString());
        });
    }

    static List<TrialResult> results(KafkaBroker.TestKafka kafka) {
        return TopicReader.readAll(kafka.bootstrapServers(), Topics.RESULTS.name()).stream()
                .map(r -> Json.read(r.value(), TrialResult.class)).filter(r -> r.studyId().equals("failing")).toList();
    }
}
