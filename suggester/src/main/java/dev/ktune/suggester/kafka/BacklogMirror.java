package dev.ktune.suggester.kafka;

import dev.ktune.protocol.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Mirrors the trainers' share-group backlog on {@code tune-trials} into the committed offsets of the plain consumer
 * group {@code tune-trials-backlog}: per partition, end offset minus the share group's lag (trials waiting plus
 * trials acquired and not yet acknowledged). KEDA's Kafka scaler then reads that group's lag as the backlog.
 */
public final class BacklogMirror {
    private static final long TIMEOUT_MS = 10_000;
    private final Admin admin;

    public BacklogMirror(Admin admin) {
        this.admin = admin;
    }

    /**
     * The offset to commit for one partition. Until the share group has acknowledged anything on a partition it has
     * no lag there; with {@code share.auto.offset.reset=earliest} every record from the log start is then waiting.
     */
    public static long backlogOffset(long logStart, long end, Optional<Long> shareLag) {
        long lag = shareLag.orElse(end - logStart);
        return Math.max(logStart, Math.min(end, end - lag));
    }

    /** Mirrors once; returns the backlog per partition as committed. */
    public Map<TopicPartition, Long> mirror() throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.TRIALS.name())).allTopicNames()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(Topics.TRIALS.name()).partitions().stream()
                .map(p -> new TopicPartition(Topics.TRIALS.name(), p.partition())).toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, SharePartitionOffsetInfo> share = shareOffsets(partitions);
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        Map<TopicPartition, Long> backlog = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp).offset();
            SharePartitionOffsetInfo info = share.get(tp);
            long offset = backlogOffset(starts.get(tp).offset(), end, info == null ? Optional.empty() : info.lag());
            commit.put(tp, new OffsetAndMetadata(offset));
            backlog.put(tp, end - offset);
        }
        admin.alterConsumerGroupOffsets(Topics.BACKLOG_GROUP, commit).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return backlog;
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        return admin.listOffsets(request).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private Map<TopicPartition, SharePartitionOffsetInfo> shareOffsets(List<TopicPartition> partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            Map<TopicPartition, SharePartitionOffsetInfo> found = admin.listShareGroupOffsets(Map.of(Topics.TRAINERS_GROUP,
                    new ListShareGroupOffsetsSpec().topicPartitions(partitions))).partitionsToOffsetInfo(Topics.TRAINERS_GROUP)
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, SharePartitionOffsetInfo> out = new HashMap<>();
            found.forEach((tp, info) -> { if (info != null) out.put(tp, info); });
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) return Map.of(); // no trainer ever joined
            throw e;
        }
    }
}
