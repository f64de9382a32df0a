package dev.ktune.scheduler.streams;

import dev.ktune.scheduler.asha.MedianStoppingRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One study's results for the median stopping rule, keyed {@code study|trial|iteration}, one entry per result
 * ({@code |final} after the iteration for a final result), and {@code ~stopped|study|trial} for the trials it stopped
 * or paused ({@code ~} never starts a study id, so those keys stay out of the study's prefix scan).
 */
final class StoreResults implements MedianStoppingRule.Results {
    private static final double[] STOPPED = {};
    private final KeyValueStore<String, double[]> store;
    private final String studyId;
    private final int iteration;

    StoreResults(KeyValueStore<String, double[]> store, String studyId, int iteration) {
        this.store = store;
        this.studyId = studyId;
        this.iteration = iteration;
    }

    private String key(String trialId) {
        // the iteration orders a trial's results, and a redelivered report overwrites its own entry
        return studyId + "|" + trialId + "|" + String.format("%010d", iteration);
    }

    @Override
    public void add(String trialId, double time, double value) {
        store.put(key(trialId), new double[] {time, value});
    }

    @Override
    public void addFinal(String trialId, double time, double value) {
        store.put(key(trialId) + "|final", new double[] {time, value});
    }

    @Override
    public Map<String, List<double[]>> byTrial() {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        try (KeyValueIterator<String, double[]> it = store.prefixScan(studyId + "|", Serdes.String().serializer())) {
            it.forEachRemaining(kv -> {
                String rest = kv.key.substring(studyId.length() + 1);
                String trial = rest.substring(0, rest.indexOf('|'));
                out.computeIfAbsent(trial, t -> new ArrayList<>()).add(kv.value);
            });
        }
        return out;
    }

    @Override
    public boolean stopped(String trialId) {
        return store.get("~stopped|" + studyId + "|" + trialId) != null;
    }

    @Override
    public void markStopped(String trialId) {
        store.put("~stopped|" + studyId + "|" + trialId, STOPPED);
    }
}
