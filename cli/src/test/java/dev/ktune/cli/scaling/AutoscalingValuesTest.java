package dev.ktune.cli.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AutoscalingValuesTest {
    @Test
    void ktuneLocalReadsTheChartsOwnValues() throws Exception {
        ScalingSettings s = AutoscalingValues.read(Path.of("../deploy/helm/ktune/values.yaml"));
        assertThat(s).isEqualTo(new ScalingSettings(0, 5, 1, 0, Duration.ofSeconds(5), Duration.ofSeconds(30), true));
    }

    @Test
    void aMissingFieldIsNamed() throws Exception {
        Path values = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "values", ".yaml");
        Files.writeString(values, "trainer:\n  autoscaling:\n    minReplicaCount: 0\n");
        assertThatThrownBy(() -> AutoscalingValues.read(values)).hasMessageEndingWith("trainer.autoscaling.maxReplicaCount is missing");
    }
}
