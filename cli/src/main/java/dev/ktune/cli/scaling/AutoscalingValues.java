package dev.ktune.cli.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Reads {@code trainer.autoscaling} from the Helm chart's values file: the one place the scaling settings live. */
public final class AutoscalingValues {
    private AutoscalingValues() {}

    public static ScalingSettings read(Path valuesYaml) throws IOException {
        JsonNode a = new ObjectMapper(new YAMLFactory()).readTree(valuesYaml.toFile()).path("trainer").path("autoscaling");
        if (a.isMissingNode()) throw new IOException(valuesYaml + ": no trainer.autoscaling section");
        return new ScalingSettings(
                require(a, "minReplicaCount", valuesYaml).asInt(),
                require(a, "maxReplicaCount", valuesYaml).asInt(),
                require(a, "lagThreshold", valuesYaml).asLong(),
                require(a, "activationLagThreshold", valuesYaml).asLong(),
                Duration.ofSeconds(require(a, "pollingInterval", valuesYaml).asLong()),
                Duration.ofSeconds(require(a, "cooldownPeriod", valuesYaml).asLong()),
                require(a, "allowIdleConsumers", valuesYaml).asBoolean());
    }

    private static JsonNode require(JsonNode section, String field, Path file) throws IOException {
        JsonNode v = section.get(field);
        if (v == null || v.isNull()) throw new IOException(file + ": trainer.autoscaling." + field + " is missing");
        return v;
    }
}
