package dev.ktune.e2e;

import dev.ktune.cli.LocalCluster;
import dev.ktune.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The packaged services on the test's broker, without MLflow, training on the example subset; and submitting to it. */
final class Clusters {
    private Clusters() {}

    static LocalCluster start(String bootstrap, String name, int trainers, Map<String, String> env) throws Exception {
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), name);
        return LocalCluster.start(new LocalCluster.Options(EndToEndTest.HOME, work, Optional.of(bootstrap), 0, trainers,
                EndToEndTest.HOME.resolve("examples/data/fashion-mnist-small"), Optional.empty(), env), System.out::println);
    }

    static void submit(String bootstrap, String studyId, String spec) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), studyId, spec.getBytes(StandardCharsets.UTF_8))).get();
        }
    }
}
