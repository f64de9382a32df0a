package dev.ktune.protocol;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The topics of the design, one constant each. Services and tools refer to these, never to literal names. */
public final class Topics {
    /** Every study-keyed topic has this many partitions, so that joins by study id are co-partitioned. */
    public static final int STUDY_PARTITIONS = 3;

    private static final Map<String, String> DELETE = Map.of("cleanup.policy", "delete");
    private static final Serde<String> KEY = Serdes.String();

    public static final Topic<String, StudySpec> REQUESTS = new Topic<>("tune-requests", KEY,
            new JsonSerde<>(StudySpec.class), STUDY_PARTITIONS, true, DELETE);
    public static final Topic<String, StudyStatus> STUDIES = new Topic<>("tune-studies", KEY,
            new JsonSerde<>(StudyStatus.class), STUDY_PARTITIONS, true, Map.of("cleanup.policy", "compact"));
    /** One partition: share groups assign partitions to members, so more would let trials wait behind a busy trainer. */
    public static final Topic<String, TrialConfig> TRIALS = new Topic<>("tune-trials", KEY,
            new JsonSerde<>(TrialConfig.class), 1, false, DELETE);
    public static final Topic<String, MetricReport> METRICS = new Topic<>("tune-metrics", KEY,
            new JsonSerde<>(MetricReport.class), STUDY_PARTITIONS, true, DELETE);
    public static final Topic<String, Decision> DECISIONS = new Topic<>("tune-decisions", KEY,
            new JsonSerde<>(Decision.class), STUDY_PARTITIONS, false, DELETE);
    public static final Topic<String, TrialResult> RESULTS = new Topic<>("tune-results", KEY,
            new JsonSerde<>(TrialResult.class), STUDY_PARTITIONS, true, DELETE);
    public static final Topic<byte[], byte[]> DLQ = new Topic<>("tune-dlq", Serdes.ByteArray(),
            Serdes.ByteArray(), 1, false, DELETE);

    public static final List<Topic<?, ?>> ALL = List.of(REQUESTS, STUDIES, TRIALS, METRICS, DECISIONS, RESULTS, DLQ);

    /** The share group that trainers form on {@link #TRIALS}. */
    public static final String TRAINERS_GROUP = "tune-trainers";

    /**
     * A plain consumer group with no members whose committed offsets on {@link #TRIALS} mirror the share group's
     * backlog (end offset minus trials waiting or running), so that KEDA's Kafka scaler, which reads consumer-group
     * lag, sees the trainers' backlog as lag.
     */
    public static final String BACKLOG_GROUP = "tune-trials-backlog";

    /** Header names on {@link #DLQ} records. */
    public static final String DLQ_ERROR = "ktune.error";
    public static final String DLQ_SOURCE_TOPIC = "ktune.source.topic";
    public static final String DLQ_SERVICE = "ktune.service";

    private Topics() {}
}
