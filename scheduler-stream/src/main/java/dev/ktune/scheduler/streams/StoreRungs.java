package dev.ktune.scheduler.streams;

import dev.ktune.scheduler.asha.Rungs;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** One study's rungs over the shared rung store, keyed {@code study|rung|trial}. */
final class StoreRungs implements Rungs {
    private final KeyValueStore<String, Double> store;
    private final String studyId;

    StoreRungs(KeyValueStore<String, Double> store, String studyId) {
        this.store = store;
        this.studyId = studyId;
    }

    private String prefix(int rung) {
        return studyId + "|" + String.format("%03d", rung) + "|";
    }

    @Override
    public boolean recorded(int rung, String trialId) {
        return store.get(prefix(rung) + trialId) != null;
    }

    @Override
    public double[] values(int rung) {
        List<Double> values = new ArrayList<>();
        try (KeyValueIterator<String, Double> it = store.prefixScan(prefix(rung), Serdes.String().serializer())) {
            it.forEachRemaining(kv -> values.add(kv.value));
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public void record(int rung, String trialId, double value) {
        store.put(prefix(rung) + trialId, value);
    }
}
