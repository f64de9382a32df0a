package dev.ktune.scheduler.streams;

import dev.ktune.scheduler.config.SchedulerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

/** Quarkus adapter: hands the topology to the Kafka Streams extension. */
@ApplicationScoped
public class TopologyProducer {
    @Produces
    public Topology topology(SchedulerConfig config) {
        return SchedulerTopology.build(config.settings());
    }
}
