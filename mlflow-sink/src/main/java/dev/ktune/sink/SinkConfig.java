package dev.ktune.sink;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The sink's settings ({@code ktune.sink.*}, or environment variables {@code KTUNE_SINK_*}). */
@ConfigMapping(prefix = "ktune.sink")
public interface SinkConfig {
    String bootstrapServers();

    /** The MLflow tracking server's http(s) URI ({@code MLFLOW_TRACKING_URI}). */
    String trackingUri();

    /** A bearer token for the tracking server ({@code MLFLOW_TRACKING_TOKEN}), if it needs one. */
    java.util.Optional<String> trackingToken();

    /** The consumer group: its committed offsets say what MLflow already holds. */
    @WithDefault("ktune-mlflow-sink")
    String groupId();

    @WithDefault("mlflow-sink")
    String serviceName();
}
