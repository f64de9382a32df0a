package dev.ktune.scheduler.streams;

import dev.ktune.protocol.JsonSerde;
import dev.ktune.protocol.Topics;
import dev.ktune.scheduler.config.SchedulerSettings;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Metrics in, decisions out. Reads {@code tune-studies} (the study's scheduler settings) and {@code tune-metrics},
 * both keyed by study id and co-partitioned, so a study's settings and its trials' reports meet in one task.
 * Writes one {@code Decision} per report to {@code tune-decisions} (key: trial id) and unusable records to
 * {@code tune-dlq}. Runs exactly-once, so the rung values and the decisions commit together.
 */
public final class SchedulerTopology {
    public static final String SETTINGS_STORE = "scheduler-settings";
    public static final String RUNGS_STORE = "scheduler-rungs";
    public static final String RESULTS_STORE = "scheduler-results";
    static final String DECISIONS_SINK = "decisions-sink";
    static final String DLQ_SINK = "dlq-sink";

    private SchedulerTopology() {}

    public static Topology build(SchedulerSettings settings) {
        Topology t = new Topology();
        t.addSource("studies", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.STUDIES.name());
        t.addSource("metrics", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.METRICS.name());
        t.addProcessor("scheduler", () -> new SchedulerProcessor(settings), "studies", "metrics");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SETTINGS_STORE),
                Serdes.String(), new JsonSerde<>(StudyScheduling.class)), "scheduler");
        // One entry per (study, rung, trial): a study's rung is a prefix scan, and no value grows with the study.
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RUNGS_STORE),
                Serdes.String(), Serdes.Double()), "scheduler");
        // The median stopping rule's results: one entry per (study, trial, iteration).
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RESULTS_STORE),
                Serdes.String(), new JsonSerde<>(double[].class)), "scheduler");
        t.addSink(DECISIONS_SINK, Topics.DECISIONS.name(), Topics.DECISIONS.keySerde().serializer(),
                Topics.DECISIONS.valueSerde().serializer(), "scheduler");
        t.addSink(DLQ_SINK, Topics.DLQ.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), "scheduler");
        return t;
    }
}
