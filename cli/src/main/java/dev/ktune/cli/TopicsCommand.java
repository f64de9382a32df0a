package dev.ktune.cli;

import dev.ktune.broker.TopicSetup;
import dev.ktune.protocol.KafkaSecurity;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ktune topics}: creates ktune's topics and the trainers' share-group settings on a cluster (the chart's Job). */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Create ktune's topics on a cluster (idempotent).")
final class TopicsCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT")
    String bootstrap;

    @Option(names = "--study-partitions", defaultValue = "3", description = "Partitions of every multi-partition topic (default ${DEFAULT-VALUE}).")
    int studyPartitions;

    @Option(names = "--replication-factor", description = "Replication factor (default: the broker's).")
    Short replicationFactor;

    @Option(names = "--trial-lock-ms", defaultValue = "30000", description = "share.record.lock.duration.ms of tune-trainers (15000-60000).")
    int lockMs;

    @Option(names = "--delivery-count-limit", defaultValue = "5", description = "share.delivery.count.limit of tune-trainers (2-10).")
    int deliveryLimit;

    @Override
    public Integer call() throws Exception {
        TopicSetup.Layout layout = new TopicSetup.Layout(studyPartitions, Optional.ofNullable(replicationFactor));
        try (Admin admin = Admin.create(KafkaSecurity.with(Map.of("bootstrap.servers", bootstrap)))) {
            TopicSetup.ensure(admin, layout, new TopicSetup.ShareGroupSettings(lockMs, deliveryLimit), Duration.ofMinutes(2));
        }
        System.out.println("ktune topics ready on " + bootstrap);
        return 0;
    }
}
