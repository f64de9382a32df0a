package dev.ktune.testkit;

import dev.ktune.protocol.Topics;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Test helpers for share groups. Tests in one JVM share the broker and its {@code tune-trials} topic; a group that
 * starts at the topic's current end sees only the trials its own test publishes.
 */
public final class ShareGroups {
    private ShareGroups() {}

    /**
     * A share group of its own for one test: the given settings (e.g. {@code share.delivery.count.limit}), and its
     * start at the current end of {@code tune-trials}, so it sees only the trials its test publishes.
     */
    public static void isolated(Admin admin, String group, Map<String, String> settings) throws Exception {
        java.util.List<AlterConfigOp> ops = new java.util.ArrayList<>();
        settings.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), ops)).all().get();
        startAtEnd(admin, group);
    }

    public static void startAtEnd(Admin admin, String group) throws Exception {
        TopicPartition trials = new TopicPartition(Topics.TRIALS.name(), 0);
        long end = admin.listOffsets(Map.of(trials, OffsetSpec.latest())).all().get().get(trials).offset();
        admin.alterShareGroupOffsets(group, Map.of(trials, end)).all().get();
    }
}
