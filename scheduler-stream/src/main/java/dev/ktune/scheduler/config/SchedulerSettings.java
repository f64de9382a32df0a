package dev.ktune.scheduler.config;

/** @param serviceName written into the headers of records sent to {@code tune-dlq} */
public record SchedulerSettings(String serviceName) {
    public SchedulerSettings {
        if (serviceName == null || serviceName.isBlank()) throw new IllegalArgumentException("serviceName: must not be blank");
    }
}
