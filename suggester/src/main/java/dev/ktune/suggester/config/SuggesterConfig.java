package dev.ktune.suggester.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The suggester's own settings ({@code ktune.suggester.*}); Kafka settings are Quarkus's {@code kafka-streams.*}. */
@ConfigMapping(prefix = "ktune.suggester")
public interface SuggesterConfig {
    /** Kafka bootstrap servers, for the backlog mirror's admin client. */
    String bootstrapServers();

    /** How often the trainers' backlog is mirrored into the consumer group {@code tune-trials-backlog}. */
    @WithDefault("2s")
    java.time.Duration backlogInterval();

    /** Named in the headers of what this service sends to {@code tune-dlq}. */
    @WithDefault("suggester")
    String serviceName();

    default SuggesterSettings settings() {
        return new SuggesterSettings(serviceName());
    }
}
