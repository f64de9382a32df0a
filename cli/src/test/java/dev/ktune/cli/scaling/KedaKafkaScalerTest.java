package dev.ktune.cli.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KedaKafkaScalerTest {
    static final Instant T0 = Instant.ofEpochSecond(1_000_000);

    static ScalingSettings settings(int min, int max, long threshold, long activation, boolean idle) {
        return new ScalingSettings(min, max, threshold, activation, Duration.ofSeconds(5), Duration.ofSeconds(30), idle);
    }

    @ParameterizedTest(name = "lag {0} over {1} partition(s), threshold {2}, idle consumers {3} -> {4}")
    @CsvSource({"7, 1, 1, true, 7", "7, 1, 1, false, 1", "7, 3, 2, false, 6", "5, 3, 2, false, 5", "-3, 1, 1, true, 0"})
    void lagIsCappedAtPartitionsTimesThresholdUnlessIdleConsumersAreAllowed(long lag, int partitions, long threshold, boolean idle, long expected) {
        assertThat(KedaKafkaScaler.reportedLag(lag, partitions, settings(0, 5, threshold, 0, idle))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "lag {0}, threshold {1}, current {2} -> {3}")
    @CsvSource({"1, 1, 1, 1", "3, 1, 1, 3", "9, 1, 2, 5", "10, 4, 1, 3", "0, 1, 3, 1", "21, 20, 1, 1", "11, 10, 1, 2", "12, 10, 1, 2", "21, 10, 2, 2", "23, 10, 2, 3"})
    void hpaTakesTheCeilingWithinItsToleranceAndBounds(long lag, long threshold, int current, int expected) {
        assertThat(KedaKafkaScaler.hpaReplicas(lag, current, settings(0, 5, threshold, 0, true))).isEqualTo(expected);
    }

    @Test
    void minReplicaCountIsTheFloorWhileActive() {
        assertThat(KedaKafkaScaler.hpaReplicas(1, 1, settings(2, 5, 1, 0, true))).isEqualTo(2);
    }

    @Test
    void activationNeedsLagStrictlyAboveTheThreshold() {
        KedaKafkaScaler scaler = new KedaKafkaScaler(settings(0, 5, 1, 2, true));
        assertThat(scaler.evaluate(2, 1, 0, T0).desired()).isEqualTo(0);
        KedaKafkaScaler.Decision up = scaler.evaluate(3, 1, 0, T0);
        assertThat(up.desired()).isEqualTo(1); // 0 -> 1 first, the HPA scales further on the next evaluation
        assertThat(up.active()).isTrue();
        assertThat(scaler.evaluate(3, 1, 1, T0.plusSeconds(5)).desired()).isEqualTo(3);
    }

    @Test
    void scalesToZeroOnlyAfterTheCooldownWithoutActivity() {
        KedaKafkaScaler scaler = new KedaKafkaScaler(settings(0, 5, 1, 0, true));
        scaler.evaluate(4, 1, 2, T0);
        assertThat(scaler.evaluate(0, 1, 4, T0.plusSeconds(5)).desired()).isEqualTo(1); // inactive, cooling down
        assertThat(scaler.evaluate(0, 1, 1, T0.plusSeconds(29)).desired()).isEqualTo(1);
        assertThat(scaler.evaluate(0, 1, 1, T0.plusSeconds(30)).desired()).isEqualTo(0);
        assertThat(scaler.evaluate(0, 1, 0, T0.plusSeconds(35)).desired()).isEqualTo(0);
    }

    @Test
    void activityRestartsTheCooldown() {
        KedaKafkaScaler scaler = new KedaKafkaScaler(settings(0, 5, 1, 0, true));
        scaler.evaluate(2, 1, 1, T0);
        scaler.evaluate(1, 1, 2, T0.plusSeconds(25));
        assertThat(scaler.evaluate(0, 1, 1, T0.plusSeconds(50)).desired()).isEqualTo(1);
        assertThat(scaler.evaluate(0, 1, 1, T0.plusSeconds(55)).desired()).isEqualTo(0);
    }

    @Test
    void withAMinimumItNeverGoesBelowIt() {
        KedaKafkaScaler scaler = new KedaKafkaScaler(settings(2, 5, 1, 0, true));
        assertThat(scaler.evaluate(0, 1, 0, T0).desired()).isEqualTo(2);
        assertThat(scaler.evaluate(0, 1, 3, T0.plusSeconds(60)).desired()).isEqualTo(2);
    }

    @Test
    void maxReplicaCountCapsAndOnePartitionCapsWithoutIdleConsumers() {
        KedaKafkaScaler capped = new KedaKafkaScaler(settings(0, 5, 1, 0, false));
        assertThat(capped.evaluate(20, 1, 1, T0).desired()).isEqualTo(1);
        KedaKafkaScaler idle = new KedaKafkaScaler(settings(0, 5, 1, 0, true));
        assertThat(idle.evaluate(20, 1, 1, T0).desired()).isEqualTo(5);
    }

    @Test
    void badSettingsNameTheField() {
        assertThatThrownBy(() -> settings(3, 2, 1, 0, true)).hasMessageStartingWith("maxReplicaCount: ");
        assertThatThrownBy(() -> settings(0, 5, 0, 0, true)).hasMessage("lagThreshold: must be >= 1, got 0");
    }
}
