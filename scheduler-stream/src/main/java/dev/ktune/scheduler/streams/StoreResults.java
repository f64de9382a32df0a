package dev.ktune.scheduler.streams;

import dev.ktune.scheduler.asha.MedianStoppingRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** One study's results for the median stopping rule, keyed {@code study|trial|sequence}, one entry per result. */
final class StoreResults implements MedianStoppingRule.Results {
    private final KeyValueStore<String, double[]> store;
    private final String studyId;
    private final int iteration;

    StoreResults(KeyValueStore<String, double[]> store, String studyId, int iteration) {
        this.store = store;
        this.studyId = studyId;
        this.iteration = iteration;
    }

    @Override
    public void add(String trialId, double time, double value) {
        // the iteration orders a trial's results, and a redelivered report overwrites its own entry
        store.put(studyId + "|" + trialId + "|" + String.format("%010d", iteration), new double[] {time, value});
    }

    @Override
    public Map<String, List<double[]>> byTrial() {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        try (KeyValueIterator<String, double[]> it = store.prefixScan(studyId + "|", Serdes.String().serializer())) {
            it.forEachRemaining(kv -> {
                String rest = kv.key.substring(studyId.length() + 1);
                String trial = rest.substring(0, rest.lastIndexOf('|'));
                out.computeIfAbsent(trial, t -> new ArrayList<>()).add(kv.value);
            });
        }
        return out;
    }
}
