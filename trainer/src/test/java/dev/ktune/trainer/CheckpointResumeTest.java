package dev.ktune.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ktune.protocol.Objective;
import dev.ktune.trainer.checkpoint.CheckpointStore;
import dev.ktune.trainer.data.FashionMnist;
import dev.ktune.trainer.data.ImageSet;
import dev.ktune.trainer.train.TrainingParams;
import dev.ktune.trainer.train.TrialTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real training: a trial preempted mid-epoch and resumed from its checkpoint (model, Adam state, batch position)
 * ends exactly where an uninterrupted run ends, and reports every epoch once.
 */
class CheckpointResumeTest {
    static ImageSet train;
    static ImageSet test;
    static final TrainingParams PARAMS = new TrainingParams(3e-3, 50, 4);

    @BeforeAll
    static void data() throws Exception {
        FashionMnist data = FashionMnist.load(TrialTrainerTest.DATA);
        train = data.train().head(1000);
        test = data.test().head(300);
    }

    static Path store() throws Exception {
        return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ckpt");
    }

    List<Map<String, Double>> uninterrupted() throws Exception {
        List<Map<String, Double>> reports = new ArrayList<>();
        TrialTrainer.train(train, test, PARAMS, 2, Objective.DEFAULT, 7, new TrialTrainer.Checkpoints(new CheckpointStore(store()), "a"),
                () -> false, (epoch, m, wall) -> reports.add(m) && false);
        return reports;
    }

    @Test
    void preemptedMidEpochThenResumedMatchesAnUninterruptedRun() throws Exception {
        List<Map<String, Double>> expected = uninterrupted();
        CheckpointStore store = new CheckpointStore(store());
        List<Integer> epochs = new ArrayList<>();
        List<Map<String, Double>> reports = new ArrayList<>();
        AtomicInteger polls = new AtomicInteger();
        // preempted after 7 of the 20 batches of the first epoch
        TrialTrainer.Outcome first = TrialTrainer.train(train, test, PARAMS, 2, Objective.DEFAULT, 7,
                new TrialTrainer.Checkpoints(store, "b"), () -> polls.incrementAndGet() >= 7,
                (epoch, m, wall) -> epochs.add(epoch) && reports.add(m) && false);
        assertThat(first.preempted()).isTrue();
        assertThat(epochs).isEmpty();
        assertThat(store.progress("b")).hasValueSatisfying(p -> {
            assertThat(p.epochsDone()).isZero();
            assertThat(p.batchesDone()).isEqualTo(7);
        });
        TrialTrainer.Outcome second = TrialTrainer.train(train, test, PARAMS, 2, Objective.DEFAULT, 7,
                new TrialTrainer.Checkpoints(store, "b"), () -> false, (epoch, m, wall) -> epochs.add(epoch) && reports.add(m) && false);
        assertThat(second.preempted()).isFalse();
        assertThat(epochs).containsExactly(1, 2);
        for (int i = 0; i < 2; i++) {
            assertThat(reports.get(i).get("valLoss")).as("epoch %d valLoss", i + 1)
                    .isCloseTo(expected.get(i).get("valLoss"), org.assertj.core.data.Offset.offset(1e-5));
            assertThat(reports.get(i).get("trainLoss")).as("epoch %d trainLoss", i + 1)
                    .isCloseTo(expected.get(i).get("trainLoss"), org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    /** The crash is simulated by a listener that throws: a fault at that exact instant cannot be caused for real. */
    @Test
    void simulatedCrashAfterTheCheckpointButBeforeTheReportReportsThatEpochOnResume() throws Exception {
        CheckpointStore store = new CheckpointStore(store());
        List<Integer> epochs = new ArrayList<>();
        assertThatThrownBy(() -> TrialTrainer.train(train, test, PARAMS, 3, Objective.DEFAULT, 7,
                new TrialTrainer.Checkpoints(store, "c"), () -> false, (epoch, m, wall) -> {
                    if (epoch == 2) throw new IllegalStateException("killed while reporting epoch 2");
                    return epochs.add(epoch) && false;
                })).hasMessageContaining("killed");
        assertThat(store.progress("c")).hasValueSatisfying(p -> {
            assertThat(p.epochsDone()).isEqualTo(2);
            assertThat(p.reportedEpochs()).isEqualTo(1);
        });
        TrialTrainer.Outcome resumed = TrialTrainer.train(train, test, PARAMS, 3, Objective.DEFAULT, 7,
                new TrialTrainer.Checkpoints(store, "c"), () -> false, (epoch, m, wall) -> epochs.add(epoch) && false);
        assertThat(epochs).containsExactly(1, 2, 3);
        assertThat(resumed.epochs()).isEqualTo(3);
        store.delete("c");
        assertThat(store.progress("c")).isEmpty();
    }
}
