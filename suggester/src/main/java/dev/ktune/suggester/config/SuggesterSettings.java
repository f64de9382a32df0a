package dev.ktune.suggester.config;

/**
 * What the topology needs to know of its deployment.
 *
 * @param serviceName written into the headers of records sent to {@code tune-dlq}
 */
public record SuggesterSettings(String serviceName) {
    public SuggesterSettings {
        if (serviceName == null || serviceName.isBlank()) throw new IllegalArgumentException("serviceName: must not be blank");
    }
}
