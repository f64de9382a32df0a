package dev.ktune.sink;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The sink's settings ({@code ktune.sink.*}, or environment variables {@code KTUNE_SINK_*}). */
@ConfigMapping(prefix = "ktune.sink")
public interface SinkConfig {
    String bootstrapServers();

    /** The MLflow tracking server's http(s) URI ({@code MLFLOW_TRACKING_URI}). */
    String trackingUri();

    /** The consumer group: its committed offsets say what MLflow already holds. */
    @WithDefault("ktune-mlflow-sink")
    String groupId();

    @WithDefault("mlflow-sink")
    String serviceName();
}
