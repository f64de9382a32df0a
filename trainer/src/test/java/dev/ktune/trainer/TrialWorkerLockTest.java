package dev.ktune.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.protocol.Json;
import dev.ktune.protocol.MetricReport;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import dev.ktune.protocol.Decision;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A trainer over a real broker trains a trial for longer than the share group's acquisition lock: the lock is
 * renewed, so a second member of the group never gets the trial, and the trial reports every epoch exactly once.
 * The test plays the scheduler: it answers each epoch with CONTINUE until the trial has outlived the lock by 5 s,
 * then with a STOP at a rung, which the trainer obeys at that epoch.
 */
@ExtendWith(KafkaBroker.class)
class TrialWorkerLockTest {
    static final String GROUP = "trainer-lock-test";
    static final int LOCK_MS = 15_000; // the broker's minimum

    @Test
    void aTrialLongerThanTheLockIsRenewedNotRedelivered(KafkaBroker.TestKafka kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            ShareGroups.isolated(admin, GROUP, Map.of("share.record.lock.duration.ms", Integer.toString(LOCK_MS)));
        }
        TrialConfig trial = new TrialConfig("renew", "renew-00000", 0, Map.of("lr", 0.003, "batchSize", 32, "width", 4),
                new TrainerSpec("fashion-cnn", 1000), Objective.DEFAULT);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.TRIALS.name(), trial.trialId(), Json.write(trial))).get();
        }
        List<ConsumerRecord<String, String>> stolen = new ArrayList<>();
        try (TrialWorkers trainer = TrialWorkers.start(config(kafka.bootstrapServers()), GROUP);
             var rival = new KafkaShareConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                     "group.id", GROUP, "share.acknowledgement.mode", "explicit"), new StringDeserializer(), new StringDeserializer());
             var metrics = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                     new StringDeserializer(), new ByteArrayDeserializer());
             var decisions = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            rival.subscribe(List.of(Topics.TRIALS.name()));
            List<TopicPartition> partitions = metrics.partitionsFor(Topics.METRICS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            metrics.assign(partitions);
            metrics.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (results(kafka).isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : rival.poll(Duration.ofMillis(200))) {
                    stolen.add(r);
                    rival.acknowledge(r, AcknowledgeType.RELEASE);
                }
                for (ConsumerRecord<String, byte[]> r : metrics.poll(Duration.ofMillis(200))) {
                    MetricReport m = Json.read(r.value(), MetricReport.class);
                    // the trial's own training time: the lock has been held at least this long
                    boolean outlivedTheLock = m.wallTimeMs() > LOCK_MS + 5_000;
                    Decision d = new Decision(m.studyId(), m.trialId(), m.iteration(),
                            outlivedTheLock ? Decision.Action.STOP : Decision.Action.CONTINUE,
                            outlivedTheLock ? (double) m.iteration() : null, null, "test");
                    decisions.send(new ProducerRecord<>(Topics.DECISIONS.name(), m.trialId(), Json.write(d))).get();
                }
            }
        }
        List<TrialResult> results = results(kafka);
        assertThat(stolen).as("the trial was never handed to another member").isEmpty();
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(TrialResult.Status.STOPPED);
            assertThat(r.wallTimeMs()).as("trained for longer than the lock").isGreaterThan(LOCK_MS + 5_000L);
        });
        List<Integer> iterations = TopicReader.readAll(kafka.bootstrapServers(), Topics.METRICS.name()).stream()
                .map(r -> Json.read(r.value(), MetricReport.class)).filter(m -> m.trialId().equals(trial.trialId()))
                .map(MetricReport::iteration).toList();
        assertThat(iterations).isEqualTo(java.util.stream.IntStream.rangeClosed(1, results.get(0).iterations()).boxed().toList());
    }

    static List<TrialResult> results(KafkaBroker.TestKafka kafka) {
        return TopicReader.readAll(kafka.bootstrapServers(), Topics.RESULTS.name()).stream()
                .map(r -> Json.read(r.value(), TrialResult.class)).filter(r -> r.studyId().equals("renew")).toList();
    }

    /** The lock is renewed every 4 s. */
    static TrainerConfig config(String bootstrap) {
        return new Config(bootstrap, Duration.ofSeconds(30), System.getProperty("java.io.tmpdir") + "/lock-test-checkpoints", 5);
    }

    /** A trainer's settings for tests that run one in this JVM. */
    record Config(String bootstrapServers, Duration decisionTimeout, String checkpointDir, int deliveryLimit) implements TrainerConfig {
        public String dataDir() { return "../examples/data/fashion-mnist-small"; }
        public int threads() { return 1; }
        public Duration renewInterval() { return Duration.ofSeconds(4); }
        public String serviceName() { return "trainer-test"; }
        public java.util.Optional<String> statusFile() { return java.util.Optional.empty(); }
    }
}
