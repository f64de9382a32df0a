package dev.ktune.trainer.kafka;

import dev.ktune.protocol.DeadLetter;
import dev.ktune.protocol.InvalidMessageException;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.Topics;
import dev.ktune.protocol.TrialResult;
import dev.ktune.protocol.TrialConfig;
import dev.ktune.trainer.busy.BusySignal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * The trainer's main loop: acquires one trial at a time from {@code tune-trials} through the share group
 * {@code tune-trainers}, trains it on a separate thread while this thread renews the acquisition lock, then
 * publishes the {@code TrialResult} to {@code tune-results} (key: study id) and accepts the record. The share
 * consumer is used from this thread only. On shutdown the trial in hand is checkpointed at the next batch and
 * released, so another trainer resumes it; a failed attempt is released too, until the delivery-count limit.
 */
public final class TrialWorker implements Runnable {
    private static final Logger LOG = Logger.getLogger(TrialWorker.class);
    private final KafkaShareConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final TrialRunner runner;
    private final Duration renewInterval;
    private final String serviceName;
    private final BusySignal busy;
    private final ExecutorService training = Executors.newSingleThreadExecutor(r -> new Thread(r, "training"));
    private volatile boolean running = true;

    TrialWorker(KafkaShareConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer, TrialRunner runner,
                Duration renewInterval, String serviceName, BusySignal busy) {
        this.busy = busy;
        this.consumer = consumer;
        this.producer = producer;
        this.runner = runner;
        this.renewInterval = renewInterval;
        this.serviceName = serviceName;
    }

    /** Asks the loop to finish: the current trial stops at its next epoch boundary and is released. */
    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.TRIALS.name()));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            training.shutdownNow();
            consumer.close(Duration.ofSeconds(5)); // releases anything still acquired
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        TrialConfig trial;
        try {
            trial = Json.read(record.value(), TrialConfig.class);
        } catch (InvalidMessageException e) {
            LOG.errorf("unreadable trial at offset %d sent to %s: %s", record.offset(), Topics.DLQ.name(), e.getMessage());
            producer.send(new ProducerRecord<>(Topics.DLQ.name(), null, record.timestamp(), record.key(), record.value(),
                    DeadLetter.headers(e.getMessage(), Topics.TRIALS.name(), serviceName)));
            producer.flush();
            acknowledge(record, AcknowledgeType.ACCEPT); // never redeliver what cannot be read
            return;
        }
        int delivery = record.deliveryCount().map(Short::intValue).orElse(1);
        LOG.infof("acquired %s (delivery %d)", trial.trialId(), delivery);
        busy.busy(trial.trialId());
        try {
            Future<TrialRunner.Outcome> work = training.submit(() -> runner.run(trial, delivery, () -> !running));
            ConsumerRecord<String, byte[]> held = record;
            TrialRunner.Outcome outcome;
            while (true) {
                try {
                    outcome = work.get(renewInterval.toMillis(), TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    held = renew(held);
                } catch (ExecutionException e) {
                    outcome = TrialRunner.Outcome.release("training crashed: " + e.getCause());
                    break;
                }
            }
            if (outcome.result() == null) {
                LOG.infof("releasing %s: %s", trial.trialId(), outcome.releaseReason());
                acknowledge(held, AcknowledgeType.RELEASE);
                return;
            }
            runner.send(Topics.RESULTS.name(), trial.studyId(), outcome.result());
            acknowledge(held, AcknowledgeType.ACCEPT);
            if (outcome.result().status() != TrialResult.Status.PAUSED) runner.finished(trial.trialId());
            LOG.infof("%s %s after %d epochs", trial.trialId(), outcome.result().status(), outcome.result().iterations());
        } finally {
            busy.idle();
        }
    }

    /**
     * Extends the lock: RENEW, commit, then poll, which hands the same record back; from then on only that new
     * record object may be acknowledged (a record object can be renewed once).
     */
    private ConsumerRecord<String, byte[]> renew(ConsumerRecord<String, byte[]> held) {
        acknowledge(held, AcknowledgeType.RENEW);
        ConsumerRecord<String, byte[]> renewed = null;
        for (int attempt = 0; attempt < 20 && renewed == null; attempt++) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.offset() == held.offset() && r.partition() == held.partition()) renewed = r;
                else acknowledge(r, AcknowledgeType.RELEASE); // not ours to take while busy
            }
        }
        if (renewed == null) LOG.warnf("lock renewal on offset %d was not confirmed", held.offset());
        return renewed == null ? held : renewed;
    }

    private void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
        consumer.acknowledge(record, type);
        consumer.commitSync(Duration.ofSeconds(10));
    }
}
