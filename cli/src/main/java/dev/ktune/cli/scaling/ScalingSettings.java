package dev.ktune.cli.scaling;

import java.time.Duration;

/**
 * The trainers' autoscaling settings: the fields of the Helm chart's {@code trainer.autoscaling} values, which the
 * chart renders into KEDA's {@code ScaledObject} and {@code ktune local} reads, so both scale by one rule.
 */
public record ScalingSettings(int minReplicaCount, int maxReplicaCount, long lagThreshold, long activationLagThreshold,
                              Duration pollingInterval, Duration cooldownPeriod, boolean allowIdleConsumers) {
    public ScalingSettings {
        if (minReplicaCount < 0) throw new IllegalArgumentException("minReplicaCount: must be >= 0, got " + minReplicaCount);
        if (maxReplicaCount < Math.max(1, minReplicaCount)) {
            throw new IllegalArgumentException("maxReplicaCount: must be >= max(1, minReplicaCount), got " + maxReplicaCount);
        }
        if (lagThreshold < 1) throw new IllegalArgumentException("lagThreshold: must be >= 1, got " + lagThreshold);
        if (activationLagThreshold < 0) throw new IllegalArgumentException("activationLagThreshold: must be >= 0, got " + activationLagThreshold);
        if (pollingInterval.isNegative() || pollingInterval.isZero()) throw new IllegalArgumentException("pollingInterval: must be > 0, got " + pollingInterval);
        if (cooldownPeriod.isNegative()) throw new IllegalArgumentException("cooldownPeriod: must be >= 0, got " + cooldownPeriod);
    }
}
