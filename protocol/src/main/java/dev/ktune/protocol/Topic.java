package dev.ktune.protocol;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic of the design's contract: its name and serdes together, plus how it is created.
 *
 * @param keyedByStudy true for the topics that must be co-partitioned by study id
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
                          boolean keyedByStudy, Map<String, String> configs) {
    public Topic {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("topic name is blank");
        if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        configs = Map.copyOf(configs);
    }
}
