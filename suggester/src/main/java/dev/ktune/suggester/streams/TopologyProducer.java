package dev.ktune.suggester.streams;

import dev.ktune.suggester.config.SuggesterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

/** Quarkus adapter: hands the topology to the Kafka Streams extension. */
@ApplicationScoped
public class TopologyProducer {
    @Produces
    public Topology topology(SuggesterConfig config) {
        return SuggesterTopology.build(config.settings());
    }
}
