package dev.ktune.suggester.streams;

import dev.ktune.protocol.JsonSerde;
import dev.ktune.protocol.Topics;
import dev.ktune.suggester.config.SuggesterSettings;
import dev.ktune.suggester.model.StudyState;
import dev.ktune.suggester.model.TrialState;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Studies in, trials out. Reads {@code tune-requests} and {@code tune-results} (both keyed by study id, so one
 * study's requests and results meet in one task) as raw bytes, so that a record that does not parse reaches
 * the processor and goes to {@code tune-dlq} instead of stopping the app. Writes {@code tune-studies} (study id),
 * {@code tune-trials} (trial id) and {@code tune-dlq}.
 */
public final class SuggesterTopology {
    public static final String STUDIES_STORE = "suggester-studies";
    public static final String TRIALS_STORE = "suggester-trials";
    static final String STUDIES_SINK = "studies-sink";
    static final String TRIALS_SINK = "trials-sink";
    static final String DLQ_SINK = "dlq-sink";

    private SuggesterTopology() {}

    public static Topology build(SuggesterSettings settings) {
        Topology t = new Topology();
        t.addSource("requests", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.REQUESTS.name());
        t.addSource("results", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.RESULTS.name());
        t.addProcessor("suggester", () -> new SuggesterProcessor(settings), "requests", "results");
        // Persistent and changelogged: a restarted or moved task resumes each study where it was.
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STUDIES_STORE),
                Serdes.String(), new JsonSerde<>(StudyState.class)), "suggester");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRIALS_STORE),
                Serdes.String(), new JsonSerde<>(TrialState.class)), "suggester");
        t.addSink(STUDIES_SINK, Topics.STUDIES.name(), Topics.STUDIES.keySerde().serializer(),
                Topics.STUDIES.valueSerde().serializer(), "suggester");
        t.addSink(TRIALS_SINK, Topics.TRIALS.name(), Topics.TRIALS.keySerde().serializer(),
                Topics.TRIALS.valueSerde().serializer(), "suggester");
        t.addSink(DLQ_SINK, Topics.DLQ.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), "suggester");
        return t;
    }
}
