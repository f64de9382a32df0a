package dev.ktune.cli;

import dev.ktune.protocol.Decision;
import dev.ktune.protocol.InvalidMessageException;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.KafkaSecurity;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.Topics;
import dev.ktune.protocol.TrialConfig;
import dev.ktune.protocol.TrialResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows one study through {@code tune-studies}, {@code tune-trials}, {@code tune-metrics}, {@code tune-decisions}
 * and {@code tune-results} from their beginning, without a consumer group, feeding {@link Progress}.
 */
public final class StudyWatcher implements AutoCloseable {
    private static final List<String> TOPICS = List.of(Topics.STUDIES.name(), Topics.TRIALS.name(), Topics.METRICS.name(),
            Topics.DECISIONS.name(), Topics.RESULTS.name());
    private final KafkaConsumer<String, byte[]> consumer;
    private final String studyId;
    private final Progress progress;

    public StudyWatcher(String bootstrap, String studyId) {
        this.studyId = studyId;
        this.progress = new Progress(studyId);
        this.consumer = new KafkaConsumer<>(KafkaSecurity.with(Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", false,
                "isolation.level", "read_committed", "client.id", "ktune-watch")), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        TOPICS.forEach(t -> consumer.partitionsFor(t).forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    public Progress progress() {
        return progress;
    }

    /** Reads what has arrived within {@code wait}, handing each printable line to {@code out}. */
    public void poll(Duration wait, Consumer<String> out) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(wait)) {
            if (r.value() == null) continue;
            try {
                String line = fold(r);
                if (line != null) out.accept(line);
            } catch (InvalidMessageException e) {
                // not this watcher's business: the services send such records to tune-dlq
            }
        }
    }

    private String fold(ConsumerRecord<String, byte[]> r) {
        String topic = r.topic();
        if (topic.equals(Topics.STUDIES.name())) {
            return studyId.equals(r.key()) ? progress.on(Json.read(r.value(), StudyStatus.class)) : null;
        }
        if (topic.equals(Topics.TRIALS.name())) {
            TrialConfig t = Json.read(r.value(), TrialConfig.class);
            return studyId.equals(t.studyId()) ? progress.on(t) : null;
        }
        if (topic.equals(Topics.METRICS.name())) {
            return studyId.equals(r.key()) ? progress.on(Json.read(r.value(), MetricReport.class)) : null;
        }
        if (topic.equals(Topics.DECISIONS.name())) {
            Decision d = Json.read(r.value(), Decision.class);
            return studyId.equals(d.studyId()) ? progress.on(d) : null;
        }
        return studyId.equals(r.key()) ? progress.on(Json.read(r.value(), TrialResult.class)) : null;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
