package dev.ktune.scheduler.streams;

import dev.ktune.scheduler.asha.Rungs;
import dev.ktune.scheduler.asha.SortedValues;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One study's rungs over the shared rung store, keyed {@code study|rung|trial}. The store is the truth; {@code cache}
 * holds each rung's values sorted, read from the store on first use and updated with every write, so judging a
 * report does not scan and sort the whole rung.
 */
final class StoreRungs implements Rungs {
    private final KeyValueStore<String, Double> store;
    private final String studyId;
    private final Map<String, SortedValues> cache;

    StoreRungs(KeyValueStore<String, Double> store, String studyId, Map<String, SortedValues> cache) {
        this.store = store;
        this.studyId = studyId;
        this.cache = cache;
    }

    private String prefix(int rung) {
        return studyId + "|" + String.format("%03d", rung) + "|";
    }

    @Override
    public boolean recorded(int rung, String trialId) {
        return store.get(prefix(rung) + trialId) != null;
    }

    @Override
    public SortedValues values(int rung) {
        return cache.computeIfAbsent(prefix(rung), prefix -> {
            SortedValues values = new SortedValues();
            try (KeyValueIterator<String, Double> it = store.prefixScan(prefix, Serdes.String().serializer())) {
                it.forEachRemaining(kv -> values.add(kv.value));
            }
            return values;
        });
    }

    @Override
    public void record(int rung, String trialId, double value) {
        values(rung).add(value); // loaded before the put, so the new value is added once
        store.put(prefix(rung) + trialId, value);
    }
}
