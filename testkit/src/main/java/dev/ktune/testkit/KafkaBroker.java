package dev.ktune.testkit;

import dev.ktune.broker.EmbeddedKafka;
import dev.ktune.broker.TopicSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Gives tests a real Kafka broker with ktune's topics created: Testcontainers' Kafka module where a Docker
 * engine answers, an in-process KRaft broker otherwise. One broker per test JVM, closed when the JVM's tests end.
 * Tests take a {@link TestKafka} parameter.
 */
public final class KafkaBroker implements ParameterResolver {
    /** What a test sees of the broker. */
    public interface TestKafka {
        String bootstrapServers();

        default Admin admin() {
            return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == TestKafka.class;
    }

    @Override
    public TestKafka resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot().getStore(ExtensionContext.Namespace.create(KafkaBroker.class))
                .getOrComputeIfAbsent("broker", k -> start(), Started.class);
    }

    private static Started start() {
        Started started = dockerAvailable() ? container() : embedded();
        try (Admin admin = started.admin()) {
            TopicSetup.ensure(admin, TopicSetup.ShareGroupSettings.DEFAULT, Duration.ofSeconds(60));
        } catch (Exception e) {
            started.close();
            throw new IllegalStateException("creating ktune's topics on the test broker failed", e);
        }
        return started;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            // Testcontainers could not even look (on some classpaths its provider discovery fails): no Docker for us.
            return false;
        }
    }

    private static Started embedded() {
        try {
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ktune-broker");
            EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
            return new Started(kafka.bootstrapServers(), kafka);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("resource")
    private static Started container() {
        KafkaContainer container = new KafkaContainer("apache/kafka:4.4.0")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new Started(container.getBootstrapServers(), container::stop);
    }

    /** Closed by JUnit when the root context (the test JVM's run) ends. */
    private record Started(String bootstrapServers, AutoCloseable closer)
            implements TestKafka, ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            try {
                closer.close();
            } catch (Exception e) {
                throw new IllegalStateException("stopping the test broker", e);
            }
        }
    }
}
