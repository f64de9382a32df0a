package dev.ktune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ktune.protocol.Objective;
import dev.ktune.trainer.data.FashionMnist;
import dev.ktune.trainer.train.TrainingParams;
import dev.ktune.trainer.train.TrialTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real training with DJL/PyTorch on real Fashion-MNIST images (the repository's subset). */
class TrialTrainerTest {
    static final Path DATA = Path.of("../examples/data/fashion-mnist-small");

    @Test
    void oneRealEpochLearnsAndReportsItsMetrics() throws Exception {
        FashionMnist data = FashionMnist.load(DATA);
        assertThat(data.train().count()).isEqualTo(10_000);
        assertThat(data.test().count()).isEqualTo(2_000);
        List<Map<String, Double>> reports = new ArrayList<>();
        TrialTrainer.Outcome outcome = TrialTrainer.train(data.train().head(3000), data.test().head(1000),
                new TrainingParams(3e-3, 64, 8), 1, Objective.DEFAULT, 1, null, () -> false,
                (epoch, metrics, wall) -> reports.add(metrics) && false);
        assertThat(reports).hasSize(1);
        Map<String, Double> m = reports.get(0);
        assertThat(m).containsKeys("valAccuracy", "valLoss", "trainLoss", "epochSeconds", "imagesPerSecond");
        // ten classes: chance is 0.1; one epoch on 3,000 real images gets far above it
        assertThat(m.get("valAccuracy")).isGreaterThan(0.5);
        assertThat(m.get("trainLoss")).isLessThan(Math.log(10));
        assertThat(outcome.epochs()).isEqualTo(1);
        assertThat(outcome.best()).isEqualTo(m);
    }

    @Test
    void theListenerStopsTrainingAtTheEpochBoundary() throws Exception {
        FashionMnist data = FashionMnist.load(DATA);
        List<Integer> epochs = new ArrayList<>();
        TrialTrainer.Outcome outcome = TrialTrainer.train(data.train().head(300), data.test().head(100),
                new TrainingParams(1e-3, 100, 4), 5, Objective.DEFAULT, 1, null, () -> false,
                (epoch, metrics, wall) -> epochs.add(epoch) && epoch == 2);
        assertThat(epochs).containsExactly(1, 2);
        assertThat(outcome.stoppedByListener()).isTrue();
    }

    @Test
    void badParamsNameTheField() {
        assertThatThrownBy(() -> TrainingParams.from(Map.of("lr", "fast"))).hasMessage("params.lr: must be a number, got 'fast'");
        assertThatThrownBy(() -> TrainingParams.from(Map.of("width", 2.5))).hasMessage("params.width: must be an integer, got '2.5'");
        assertThat(TrainingParams.from(Map.of("batchSize", 32L))).isEqualTo(new TrainingParams(1e-3, 32, 16));
    }

    @Test
    void aMissingDatasetSaysWhereItLooked() {
        assertThatThrownBy(() -> FashionMnist.load(Path.of("/nonexistent")))
                .hasMessageContaining("train-images-idx3-ubyte[.gz] not found in /nonexistent");
    }
}
