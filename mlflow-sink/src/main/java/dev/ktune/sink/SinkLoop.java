package dev.ktune.sink;

import dev.ktune.protocol.DeadLetter;
import dev.ktune.protocol.Decision;
import dev.ktune.protocol.InvalidMessageException;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.Topics;
import dev.ktune.protocol.TrialConfig;
import dev.ktune.protocol.TrialResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads {@code tune-studies}, {@code tune-trials}, {@code tune-metrics}, {@code tune-decisions} and
 * {@code tune-results} and writes them to MLflow. Offsets are committed only for records MLflow has taken:
 * while MLflow is down the loop backs off and retries the same records, so nothing is lost. A record that
 * cannot be read goes to {@code tune-dlq} and is skipped.
 */
final class SinkLoop implements Runnable {
    static final List<String> TOPICS = List.of(Topics.STUDIES.name(), Topics.TRIALS.name(), Topics.METRICS.name(),
            Topics.DECISIONS.name(), Topics.RESULTS.name());
    private static final Logger LOG = Logger.getLogger(SinkLoop.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> dlq;
    private final MlflowWriter writer;
    private final String trackingUri;
    private final String serviceName;
    private volatile boolean running = true;

    SinkLoop(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> dlq, MlflowWriter writer,
             String trackingUri, String serviceName) {
        this.consumer = consumer;
        this.dlq = dlq;
        this.writer = writer;
        this.trackingUri = trackingUri;
        this.serviceName = serviceName;
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        Duration backoff = Duration.ofSeconds(1);
        try {
            consumer.subscribe(TOPICS);
            while (running) {
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                RuntimeException failure = null;
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (failure != null) continue;
                    try {
                        write(record);
                        done.put(tp, new OffsetAndMetadata(record.offset() + 1));
                    } catch (RuntimeException e) {
                        failure = e;
                        done.putIfAbsent(tp, new OffsetAndMetadata(record.offset()));
                    }
                }
                if (!done.isEmpty()) consumer.commitSync(done);
                if (failure == null) {
                    backoff = Duration.ofSeconds(1);
                    continue;
                }
                // Rewind every partition to its first unwritten record and try again later.
                consumer.assignment().forEach(tp -> {
                    OffsetAndMetadata next = done.get(tp);
                    if (next != null) consumer.seek(tp, next.offset());
                });
                LOG.warnf("MLflow at %s failed (%s); retrying in %ds without committing", trackingUri, failure, backoff.toSeconds());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        } catch (WakeupException e) {
            if (running) throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void write(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) return;
        try {
            if (record.topic().equals(Topics.STUDIES.name())) writer.onStudy(Json.read(record.value(), StudyStatus.class));
            else if (record.topic().equals(Topics.TRIALS.name())) writer.onTrial(Json.read(record.value(), TrialConfig.class));
            else if (record.topic().equals(Topics.METRICS.name())) writer.onMetric(Json.read(record.value(), MetricReport.class));
            else if (record.topic().equals(Topics.DECISIONS.name())) writer.onDecision(Json.read(record.value(), Decision.class));
            else if (record.topic().equals(Topics.RESULTS.name())) writer.onResult(Json.read(record.value(), TrialResult.class));
        } catch (InvalidMessageException e) {
            LOG.warnf("unreadable record %s-%d@%d sent to %s: %s", record.topic(), record.partition(), record.offset(),
                    Topics.DLQ.name(), e.getMessage());
            dlq.send(new ProducerRecord<>(Topics.DLQ.name(), null, record.timestamp(), record.key(), record.value(),
                    DeadLetter.headers(e.getMessage(), record.topic(), serviceName)));
        }
    }
}
