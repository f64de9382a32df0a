package dev.ktune.cli;

import dev.ktune.protocol.InvalidMessageException;
import dev.ktune.protocol.KafkaSecurity;
import dev.ktune.protocol.StudySpec;
import dev.ktune.protocol.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reading a study file and sending it to {@code tune-requests}, keyed by its study id. */
final class Studies {
    /** A study file and what it parsed to. */
    record StudyFile(byte[] json, StudySpec spec) {}

    private Studies() {}

    /** Reads and validates the file; every problem is in the exception, as the suggester would report them. */
    static StudyFile read(Path file) throws IOException {
        byte[] json = Files.readAllBytes(file);
        return new StudyFile(json, StudySpec.parse(json));
    }

    static void submit(String bootstrap, StudyFile study) throws InterruptedException {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSecurity.with(Map.of("bootstrap.servers", bootstrap,
                "acks", "all", "enable.idempotence", true)), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), study.spec().studyId(), study.json())).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send the study to " + Topics.REQUESTS.name() + " at " + bootstrap
                    + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The study, or null after printing every problem to stderr. */
    static StudyFile readOrExplain(Path file) throws IOException {
        try {
            return read(file);
        } catch (InvalidMessageException e) {
            System.err.println(file + ": the study is invalid:\n  - " + String.join("\n  - ", e.problems()));
            return null;
        }
    }
}
