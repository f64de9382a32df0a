package dev.ktune.cli.scaling;

import java.time.Duration;
import java.time.Instant;

/**
 * KEDA's Apache Kafka scaler and the HPA behind it, as one pure rule, so that {@code ktune local} scales trainers
 * as a cluster would:
 * <ul>
 *   <li>the lag is capped at {@code partitions × lagThreshold} unless idle consumers are allowed;</li>
 *   <li>active when the lag is strictly above {@code activationLagThreshold}: from 0 it goes to
 *       {@code max(1, minReplicaCount)} at once, then the HPA's {@code ceil(lag / lagThreshold)} takes over, left
 *       alone within its 10% tolerance, bounded by {@code [max(1, min), max]};</li>
 *   <li>inactive, it keeps at least one replica until {@code cooldownPeriod} has passed since the last active
 *       evaluation, then goes to {@code minReplicaCount} (0 by default).</li>
 * </ul>
 * One instance per scaled workload; {@link #evaluate} is called every {@code pollingInterval}.
 */
public final class KedaKafkaScaler {
    /** The HPA leaves the replica count alone while the usage ratio is within 1 ± this. */
    static final double HPA_TOLERANCE = 0.1;

    private final ScalingSettings settings;
    private Instant lastActive;

    public KedaKafkaScaler(ScalingSettings settings) {
        this.settings = settings;
    }

    /** What to do, and why. */
    public record Decision(int desired, long lag, boolean active, String reason) {}

    /** The lag KEDA reports: the sum over partitions, capped unless idle consumers are allowed. */
    public static long reportedLag(long totalLag, int partitions, ScalingSettings s) {
        long lag = Math.max(0, totalLag);
        return s.allowIdleConsumers() ? lag : Math.min(lag, (long) partitions * s.lagThreshold());
    }

    /** The HPA's answer for an external metric with an average-value target of {@code lagThreshold}. */
    public static int hpaReplicas(long lag, int current, ScalingSettings s) {
        int floor = Math.max(1, s.minReplicaCount());
        int desired = (int) Math.min(Integer.MAX_VALUE, (lag + s.lagThreshold() - 1) / s.lagThreshold());
        if (current > 0) {
            double ratio = (double) lag / ((double) s.lagThreshold() * current);
            // as the HPA computes it: 1.0 - 1.1 is a hair above 0.1, so a ratio of exactly 1.1 does scale
            if (Math.abs(1.0 - ratio) <= HPA_TOLERANCE) desired = current;
        }
        return Math.max(floor, Math.min(s.maxReplicaCount(), desired));
    }

    public Decision evaluate(long totalLag, int partitions, int current, Instant now) {
        long lag = reportedLag(totalLag, partitions, settings);
        boolean active = lag > settings.activationLagThreshold();
        if (active) {
            lastActive = now;
            int desired = current == 0 ? Math.max(1, settings.minReplicaCount()) : hpaReplicas(lag, current, settings);
            return new Decision(desired, lag, true, current == 0 ? "activated: lag " + lag + " > " + settings.activationLagThreshold()
                    : "lag " + lag + " / threshold " + settings.lagThreshold());
        }
        if (current == 0) return new Decision(settings.minReplicaCount(), lag, false, "inactive");
        boolean cooled = lastActive == null || !Duration.between(lastActive, now).minus(settings.cooldownPeriod()).isNegative();
        if (cooled) {
            return new Decision(settings.minReplicaCount() == 0 ? 0 : hpaReplicas(lag, current, settings), lag, false,
                    "inactive for the cooldown period " + settings.cooldownPeriod().toSeconds() + "s");
        }
        return new Decision(hpaReplicas(lag, current, settings), lag, false, "inactive, cooling down");
    }
}
