package dev.ktune.scheduler.streams;

import dev.ktune.scheduler.asha.MedianStoppingRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One study's results for the median stopping rule, keyed {@code study|trial|iteration}, one entry per result
 * ({@code |final} after the iteration for a final result), and {@code ~stopped|study|trial} for the trials it stopped
 * or paused ({@code ~} never starts a study id, so those keys stay out of the study's prefix scan). The store is the
 * truth; {@code cache} holds each study's results as the store orders them, read on first use and updated with every
 * write, so judging a report does not read and parse the whole study from RocksDB.
 */
final class StoreResults implements MedianStoppingRule.Results {
    private static final double[] STOPPED = {};

    /** A study's results in memory: per trial, its results in key order; and its stopped trials. */
    static final class Study {
        private final Map<String, List<String>> keys = new HashMap<>();
        private final Map<String, List<double[]>> values = new HashMap<>();
        private final Set<String> stopped = new HashSet<>();

        /** As the store's put: a result already there (a redelivered report) is replaced, not added. */
        void put(String trialId, String suffix, double[] value) {
            List<String> k = keys.computeIfAbsent(trialId, t -> new ArrayList<>());
            List<double[]> v = values.computeIfAbsent(trialId, t -> new ArrayList<>());
            int i = Collections.binarySearch(k, suffix);
            if (i >= 0) {
                v.set(i, value);
            } else {
                k.add(-i - 1, suffix);
                v.add(-i - 1, value);
            }
        }
    }

    private final KeyValueStore<String, double[]> store;
    private final String studyId;
    private final int iteration;
    private final Study study;

    StoreResults(KeyValueStore<String, double[]> store, String studyId, int iteration, Map<String, Study> cache) {
        this.store = store;
        this.studyId = studyId;
        this.iteration = iteration;
        this.study = cache.computeIfAbsent(studyId, id -> load());
    }

    private Study load() {
        Study s = new Study();
        try (KeyValueIterator<String, double[]> it = store.prefixScan(studyId + "|", Serdes.String().serializer())) {
            it.forEachRemaining(kv -> {
                String rest = kv.key.substring(studyId.length() + 1);
                int bar = rest.indexOf('|');
                s.put(rest.substring(0, bar), rest.substring(bar + 1), kv.value);
            });
        }
        String stopped = "~stopped|" + studyId + "|";
        try (KeyValueIterator<String, double[]> it = store.prefixScan(stopped, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> s.stopped.add(kv.key.substring(stopped.length())));
        }
        return s;
    }

    private String suffix() {
        // the iteration orders a trial's results, and a redelivered report overwrites its own entry
        return String.format("%010d", iteration);
    }

    private void put(String trialId, String suffix, double[] value) {
        store.put(studyId + "|" + trialId + "|" + suffix, value);
        study.put(trialId, suffix, value);
    }

    @Override
    public void add(String trialId, double time, double value) {
        put(trialId, suffix(), new double[] {time, value});
    }

    @Override
    public void addFinal(String trialId, double time, double value) {
        put(trialId, suffix() + "|final", new double[] {time, value});
    }

    @Override
    public Map<String, List<double[]>> byTrial() {
        return Collections.unmodifiableMap(study.values);
    }

    @Override
    public boolean stopped(String trialId) {
        return study.stopped.contains(trialId);
    }

    @Override
    public void markStopped(String trialId) {
        store.put("~stopped|" + studyId + "|" + trialId, STOPPED);
        study.stopped.add(trialId);
    }
}
