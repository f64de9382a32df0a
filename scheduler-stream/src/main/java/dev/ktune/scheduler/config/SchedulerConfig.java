package dev.ktune.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The scheduler-stream's own settings ({@code ktune.scheduler.*}); Kafka settings are Quarkus's. */
@ConfigMapping(prefix = "ktune.scheduler")
public interface SchedulerConfig {
    @WithDefault("scheduler-stream")
    String serviceName();

    default SchedulerSettings settings() {
        return new SchedulerSettings(serviceName());
    }
}
