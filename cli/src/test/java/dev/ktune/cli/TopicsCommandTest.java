package dev.ktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.broker.EmbeddedKafka;
import dev.ktune.protocol.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The chart's topic Job on a real broker: the layout and the share-group settings it is given. */
class TopicsCommandTest {
    @Test
    void createsTheTopicsWithTheGivenLayoutAndIsIdempotent() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "topics");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            String[] args = {"topics", "--bootstrap-server", kafka.bootstrapServers(), "--study-partitions", "2",
                    "--trial-lock-ms", "15000", "--delivery-count-limit", "3"};
            assertThat(new CommandLine(new Ktune()).execute(args)).isZero();
            assertThat(new CommandLine(new Ktune()).execute(args)).isZero();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                var topics = admin.describeTopics(List.of(Topics.METRICS.name(), Topics.RESULTS.name(), Topics.TRIALS.name()))
                        .allTopicNames().get();
                assertThat(topics.get(Topics.METRICS.name()).partitions()).hasSize(2);
                assertThat(topics.get(Topics.RESULTS.name()).partitions()).hasSize(2);
                assertThat(topics.get(Topics.TRIALS.name()).partitions()).hasSize(1);
                ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, Topics.TRAINERS_GROUP);
                var config = admin.describeConfigs(List.of(group)).all().get().get(group);
                assertThat(config.get("share.record.lock.duration.ms").value()).isEqualTo("15000");
                assertThat(config.get("share.delivery.count.limit").value()).isEqualTo("3");
                assertThat(config.get("share.auto.offset.reset").value()).isEqualTo("earliest");
            }
        }
    }
}
