package dev.ktune.cli.scaling;

import dev.ktune.protocol.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ktune local}'s KEDA: every {@code pollingInterval} it reads the lag of consumer group
 * {@code tune-trials-backlog} on {@code tune-trials}, as KEDA's Kafka scaler does, applies {@link KedaKafkaScaler}
 * and starts or stops trainer processes, logging each change with its reason.
 */
public final class LocalScaler implements Runnable {
    /** What the scaler acts on. */
    public interface Trainers {
        int count();

        void add();

        /** Removes one trainer, an idle one if any. */
        void removeOne();
    }

    private final Admin admin;
    private final ScalingSettings settings;
    private final KedaKafkaScaler rule;
    private final Trainers trainers;
    private final Consumer<String> say;
    private volatile boolean running = true;

    public LocalScaler(Admin admin, ScalingSettings settings, Trainers trainers, Consumer<String> say) {
        this.admin = admin;
        this.settings = settings;
        this.rule = new KedaKafkaScaler(settings);
        this.trainers = trainers;
        this.say = say;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                step(Instant.now());
                Thread.sleep(settings.pollingInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                say.accept("scaler: could not read the backlog (" + e.getMessage() + "); trying again");
                try {
                    Thread.sleep(settings.pollingInterval().toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    void step(Instant now) throws Exception {
        Map<TopicPartition, Long> lags = backlog();
        long lag = lags.values().stream().mapToLong(Long::longValue).sum();
        int current = trainers.count();
        KedaKafkaScaler.Decision d = rule.evaluate(lag, lags.size(), current, now);
        if (d.desired() == current) return;
        say.accept(String.format("scaler: lag %d, desired %d, current %d: %s (%s)", d.lag(), d.desired(), current,
                d.desired() > current ? "starting " + (d.desired() - current) + " trainer(s)" : "stopping " + (current - d.desired()) + " trainer(s)",
                d.reason()));
        for (int i = current; i < d.desired(); i++) trainers.add();
        for (int i = d.desired(); i < current; i++) trainers.removeOne();
    }

    /** Per partition: end offset minus the group's committed offset; no committed offset yet (the mirror has not run) is 0. */
    private Map<TopicPartition, Long> backlog() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(Topics.BACKLOG_GROUP)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        TopicPartition trials = new TopicPartition(Topics.TRIALS.name(), 0);
        long end = admin.listOffsets(Map.of(trials, OffsetSpec.latest())).all().get(10, TimeUnit.SECONDS).get(trials).offset();
        OffsetAndMetadata c = committed.get(trials);
        Map<TopicPartition, Long> lags = new HashMap<>();
        lags.put(trials, c == null ? 0 : Math.max(0, end - c.offset()));
        return lags;
    }
}
