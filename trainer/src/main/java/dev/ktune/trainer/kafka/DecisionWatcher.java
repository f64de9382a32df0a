package dev.ktune.trainer.kafka;

import dev.ktune.protocol.Decision;
import dev.ktune.protocol.InvalidMessageException;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Follows {@code tune-decisions} (all partitions, from the end, no group) on its own thread and keeps the
 * decisions for the one trial this trainer is training, so the training thread can wait for the answer to
 * each epoch. Decisions for other trials are dropped as they pass.
 */
final class DecisionWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DecisionWatcher.class);
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Map<Integer, Decision> received = new HashMap<>();
    private volatile boolean running = true;
    private String watched;

    DecisionWatcher(KafkaConsumer<String, byte[]> consumer) {
        this.consumer = consumer;
        this.thread = new Thread(this::loop, "decision-watcher");
        this.thread.setDaemon(true);
    }

    /** Starts following and returns once the consumer's position is fixed, so no later decision is missed. */
    void start() throws InterruptedException {
        thread.start();
        if (!positioned.await(5, TimeUnit.MINUTES)) throw new IllegalStateException("no topic " + Topics.DECISIONS.name() + " after 5 minutes");
    }

    private void loop() {
        try {
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && running) {
                // the topic-creation job may still be running: wait for the topic rather than watch nothing
                partitions = consumer.partitionsFor(Topics.DECISIONS.name()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                if (partitions.isEmpty()) Thread.sleep(1000);
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolves the lazy seek now
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) offer(r);
            }
        } catch (org.apache.kafka.common.errors.WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("decision watcher stopped; trials will train without early stopping", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private synchronized void offer(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null || !r.key().equals(watched) || r.value() == null) return;
        try {
            Decision d = Json.read(r.value(), Decision.class);
            received.put(d.iteration(), d);
            notifyAll();
        } catch (InvalidMessageException e) {
            LOG.warnf("ignoring an unreadable decision for %s: %s", r.key(), e.getMessage());
        }
    }

    synchronized void watch(String trialId) {
        watched = trialId;
        received.clear();
    }

    /** The decision on {@code iteration} of the watched trial, or null when none came within {@code timeout}. */
    synchronized Decision await(int iteration, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!received.containsKey(iteration)) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) return null;
            wait(left);
        }
        return received.get(iteration);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
