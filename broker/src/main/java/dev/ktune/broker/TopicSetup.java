package dev.ktune.broker;

import dev.ktune.protocol.Topic;
import dev.ktune.protocol.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the design's topics and the trainers' share-group settings, then waits until every partition
 * answers a list-offsets request. That wait matters on Kafka 4.4: records produced right after
 * {@code createTopics} can be silently lost (KAFKA-15591).
 */
public final class TopicSetup {
    private TopicSetup() {}

    /** Settings of the {@code tune-trainers} share group; {@code lockMs} must be in [15000, 60000]. */
    public record ShareGroupSettings(int lockMs, int deliveryCountLimit) {
        public static final ShareGroupSettings DEFAULT = new ShareGroupSettings(30_000, 5);
    }

    /**
     * How the topics are laid out: the partition count of the multi-partition topics (the study-keyed ones must all
     * have the same, for co-partitioning) and the replication factor (empty: the broker's default).
     */
    public record Layout(int studyPartitions, Optional<Short> replicationFactor) {
        public static final Layout DEFAULT = new Layout(Topics.STUDY_PARTITIONS, Optional.empty());

        public Layout {
            if (studyPartitions < 1) throw new IllegalArgumentException("studyPartitions: must be >= 1, got " + studyPartitions);
            replicationFactor.ifPresent(r -> {
                if (r < 1) throw new IllegalArgumentException("replicationFactor: must be >= 1, got " + r);
            });
        }

        int partitions(Topic<?, ?> t) {
            return t.partitions() == 1 ? 1 : studyPartitions;
        }
    }

    public static void ensure(Admin admin, ShareGroupSettings share, Duration timeout)
            throws InterruptedException, TimeoutException {
        ensure(admin, Layout.DEFAULT, share, timeout);
    }

    public static void ensure(Admin admin, Layout layout, ShareGroupSettings share, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic<?, ?> t : Topics.ALL) {
            wanted.add(new NewTopic(t.name(), Optional.of(layout.partitions(t)), layout.replicationFactor()).configs(t.configs()));
        }
        admin.createTopics(wanted).values().forEach((name, f) -> {
            try {
                f.get(remaining(deadline), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw new IllegalStateException("creating " + name, e.getCause());
            } catch (InterruptedException | TimeoutException e) {
                throw new IllegalStateException("creating " + name + " timed out", e);
            }
        });
        configureShareGroup(admin, share, deadline);
        awaitLeaders(admin, deadline);
    }

    private static void configureShareGroup(Admin admin, ShareGroupSettings share, long deadline)
            throws InterruptedException, TimeoutException {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, Topics.TRAINERS_GROUP);
        // earliest: trials published before the first trainer ever polled must still be delivered.
        List<AlterConfigOp> ops = List.of(
                set("share.auto.offset.reset", "earliest"),
                // the suggester writes exactly-once: a trial of an aborted transaction must never be trained
                set("share.isolation.level", "read_committed"),
                set("share.record.lock.duration.ms", Integer.toString(share.lockMs())),
                set("share.delivery.count.limit", Integer.toString(share.deliveryCountLimit())));
        try {
            admin.incrementalAlterConfigs(Map.of(group, ops)).all().get(remaining(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("configuring share group " + Topics.TRAINERS_GROUP + ": " + e.getCause().getMessage(), e);
        }
    }

    private static AlterConfigOp set(String key, String value) {
        return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
    }

    /** Polls list-offsets on every partition until all answer: then producers will not lose records. */
    private static void awaitLeaders(Admin admin, long deadline) throws InterruptedException, TimeoutException {
        List<String> names = Topics.ALL.stream().map(Topic::name).toList();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
                        .get(remaining(deadline), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                descriptions.values().forEach(d -> d.partitions().forEach(
                        p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(request).all().get(remaining(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (remaining(deadline) <= 100) throw new TimeoutException("topics not ready: " + e.getCause());
                Thread.sleep(100);
            }
        }
    }

    private static long remaining(long deadline) throws TimeoutException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (ms <= 0) throw new TimeoutException("topic setup timed out");
        return ms;
    }
}
