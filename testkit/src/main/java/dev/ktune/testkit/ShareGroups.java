package dev.ktune.testkit;

import dev.ktune.protocol.Topics;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Test helpers for share groups. Tests in one JVM share the broker and its {@code tune-trials} topic; a group that
 * starts at the topic's current end sees only the trials its own test publishes.
 */
public final class ShareGroups {
    private ShareGroups() {}

    public static void startAtEnd(Admin admin, String group) throws Exception {
        TopicPartition trials = new TopicPartition(Topics.TRIALS.name(), 0);
        long end = admin.listOffsets(Map.of(trials, OffsetSpec.latest())).all().get().get(trials).offset();
        admin.alterShareGroupOffsets(group, Map.of(trials, end)).all().get();
    }
}
