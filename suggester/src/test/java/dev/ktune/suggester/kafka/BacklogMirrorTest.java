package dev.ktune.suggester.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.protocol.Topics;
import dev.ktune.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** On the real broker: the consumer group tune-trials-backlog shows trials waiting or running as lag. */
@ExtendWith(KafkaBroker.class)
class BacklogMirrorTest {
    static final TopicPartition TRIALS = new TopicPartition(Topics.TRIALS.name(), 0);

    @Test
    void waitingAndRunningTrialsCountAcceptedOnesDoNot(KafkaBroker.TestKafka kafka) throws Exception {
        try (Admin admin = kafka.admin();
             var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                     new StringSerializer(), new StringSerializer());
             var trainer = new KafkaShareConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                     "group.id", Topics.TRAINERS_GROUP, "share.acknowledgement.mode", "explicit",
                     "share.acquire.mode", "record_limit", "max.poll.records", 1), new StringDeserializer(), new StringDeserializer())) {
            BacklogMirror mirror = new BacklogMirror(admin);
            for (int i = 0; i < 3; i++) producer.send(new ProducerRecord<>(Topics.TRIALS.name(), "t" + i, "trial " + i)).get();
            awaitLag(admin, mirror, 3); // three waiting, no trainer ever joined

            trainer.subscribe(List.of(Topics.TRIALS.name()));
            ConsumerRecord<String, String> first = acquire(trainer);
            awaitLag(admin, mirror, 3); // two waiting, one running
            ack(trainer, first, AcknowledgeType.ACCEPT);
            awaitLag(admin, mirror, 2); // accepted: done

            ConsumerRecord<String, String> second = acquire(trainer);
            ack(trainer, second, AcknowledgeType.RELEASE);
            awaitLag(admin, mirror, 2); // released: waiting again
            ConsumerRecord<String, String> again = acquire(trainer);
            assertThat(again.deliveryCount()).hasValueSatisfying(c -> assertThat(c).isGreaterThanOrEqualTo((short) 1));
            awaitLag(admin, mirror, 2); // redelivered: running
            ack(trainer, again, AcknowledgeType.ACCEPT);
            ack(trainer, acquire(trainer), AcknowledgeType.ACCEPT);
            awaitLag(admin, mirror, 0);
        }
    }

    @Test
    void theCommittedOffsetIsTheEndMinusTheLagWithinTheLog() {
        assertThat(BacklogMirror.backlogOffset(0, 10, Optional.of(3L))).isEqualTo(7);
        assertThat(BacklogMirror.backlogOffset(4, 10, Optional.empty())).isEqualTo(4); // nothing acknowledged yet: all waiting
        assertThat(BacklogMirror.backlogOffset(4, 10, Optional.of(20L))).isEqualTo(4);
        assertThat(BacklogMirror.backlogOffset(0, 10, Optional.of(0L))).isEqualTo(10);
    }

    static ConsumerRecord<String, String> acquire(KafkaShareConsumer<String, String> trainer) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (got.isEmpty() && System.nanoTime() < deadline) trainer.poll(Duration.ofMillis(200)).forEach(got::add);
        assertThat(got).hasSize(1);
        return got.get(0);
    }

    static void ack(KafkaShareConsumer<String, String> trainer, ConsumerRecord<String, String> r, AcknowledgeType type) {
        trainer.acknowledge(r, type);
        trainer.commitSync();
    }

    /** The share group's lag trails the truth briefly: mirror until the consumer group shows the expected lag. */
    static void awaitLag(Admin admin, BacklogMirror mirror, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long lag = -1;
        while (System.nanoTime() < deadline) {
            mirror.mirror();
            long committed = admin.listConsumerGroupOffsets(Topics.BACKLOG_GROUP).partitionsToOffsetAndMetadata().get()
                    .get(TRIALS).offset();
            long end = admin.listOffsets(Map.of(TRIALS, OffsetSpec.latest())).all().get().get(TRIALS).offset();
            lag = end - committed;
            if (lag == expected) return;
            Thread.sleep(200);
        }
        assertThat(lag).as("lag of " + Topics.BACKLOG_GROUP).isEqualTo(expected);
    }
}
