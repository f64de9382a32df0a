package dev.ktune.sink;

import dev.ktune.protocol.KafkaSecurity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/** Quarkus adapter: runs the sink loop on its own thread for the life of the app. */
@ApplicationScoped
public class SinkService {
    private SinkLoop loop;
    private Thread thread;
    private KafkaProducer<String, byte[]> dlq;

    void onStart(@Observes StartupEvent event, SinkConfig config) {
        String uri = config.trackingUri();
        if (!uri.startsWith("http://") && !uri.startsWith("https://")) {
            throw new IllegalArgumentException("ktune.sink.tracking-uri: must be the http(s) URI of an MLflow tracking server, got '" + uri + "'");
        }
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaSecurity.with(Map.of(
                "bootstrap.servers", config.bootstrapServers(), "group.id", config.groupId(),
                "enable.auto.commit", false, "auto.offset.reset", "earliest", "isolation.level", "read_committed",
                "max.poll.records", 200)), new StringDeserializer(), new ByteArrayDeserializer());
        dlq = new KafkaProducer<>(KafkaSecurity.with(Map.of("bootstrap.servers", config.bootstrapServers(), "acks", "all")),
                new StringSerializer(), new ByteArraySerializer());
        loop = new SinkLoop(consumer, dlq, new MlflowWriter(new MlflowClient(new BasicMlflowHostCreds(uri, config.trackingToken().orElse(null)))), uri, config.serviceName());
        thread = new Thread(loop, "mlflow-sink");
        thread.start();
    }

    boolean running() {
        return thread != null && thread.isAlive();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (loop == null) return;
        loop.stop();
        thread.join(10_000);
        dlq.close();
    }
}
