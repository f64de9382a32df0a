package dev.ktune.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ktune.protocol.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {
    @Test
    void createsTopicsAndDeliversThroughTheTrainersShareGroup() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "broker");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                TopicSetup.ensure(admin, TopicSetup.ShareGroupSettings.DEFAULT, Duration.ofSeconds(30));
                TopicSetup.ensure(admin, TopicSetup.ShareGroupSettings.DEFAULT, Duration.ofSeconds(30)); // idempotent
                assertThat(admin.listTopics().names().get()).containsAll(
                        Topics.ALL.stream().map(dev.ktune.protocol.Topic::name).toList());
                assertThat(admin.describeTopics(Set.of(Topics.TRIALS.name())).allTopicNames().get()
                        .get(Topics.TRIALS.name()).partitions()).hasSize(1);
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.TRIALS.name(), "t1", "one")).get();
            }
            try (var consumer = new KafkaShareConsumer<>(Map.<String, Object>of(
                    "bootstrap.servers", kafka.bootstrapServers(), "group.id", Topics.TRAINERS_GROUP,
                    "share.acknowledgement.mode", "explicit"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.TRIALS.name()));
                List<ConsumerRecord<String, String>> got = new ArrayList<>();
                long deadline = System.currentTimeMillis() + 30_000;
                while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(got::add);
                }
                assertThat(got).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo("one"));
                consumer.acknowledge(got.get(0), AcknowledgeType.ACCEPT);
                consumer.commitSync();
            }
        }
    }

    @Test
    void refusesASecondBrokerOnTheSameDirectory() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "broker");
        try (EmbeddedKafka first = EmbeddedKafka.start(dir, 0)) {
            assertThatThrownBy(() -> EmbeddedKafka.start(dir, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another broker is using " + dir);
            assertThat(first.bootstrapServers()).startsWith("127.0.0.1:");
        }
    }
}
