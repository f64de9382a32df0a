package dev.ktune.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.ktune.protocol.Objective;
import dev.ktune.trainer.checkpoint.CheckpointStore;
import dev.ktune.trainer.checkpoint.Progress;
import dev.ktune.trainer.data.ImageSet;
import dev.ktune.trainer.model.FashionCnn;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Trains one trial: Adam on softmax cross-entropy, one epoch per iteration, evaluating on the test split after each
 * epoch and handing the epoch's metrics to a listener, which may stop the trial. With a checkpoint store it resumes
 * from the trial's last checkpoint, saves one after every epoch, and, when preempted, saves one at the next batch
 * boundary and returns: the next trainer continues mid-epoch with the same batches. Runs on the first GPU if any.
 */
public final class TrialTrainer {
    public static final String VAL_ACCURACY = "valAccuracy";
    public static final String VAL_LOSS = "valLoss";
    public static final String TRAIN_LOSS = "trainLoss";
    public static final String EPOCH_SECONDS = "epochSeconds";
    public static final String IMAGES_PER_SECOND = "imagesPerSecond";

    /** Called after every epoch with its metrics and the trial's training time so far; returns true to stop. */
    @FunctionalInterface
    public interface EpochListener {
        boolean onEpoch(int epoch, Map<String, Double> metrics, long wallTimeMs) throws InterruptedException;
    }

    /** Where the trial's checkpoints go, or none. */
    public record Checkpoints(CheckpointStore store, String trialId) {}

    /** How training ended: epochs done, the last epoch's metrics, the best epoch's, and why it ended early if it did. */
    public record Outcome(int epochs, Map<String, Double> last, Map<String, Double> best, boolean stoppedByListener,
                          boolean preempted, long wallTimeMs) {}

    private TrialTrainer() {}

    public static Outcome train(ImageSet train, ImageSet test, TrainingParams p, int maxEpochs, Objective objective, long seed,
                                Checkpoints checkpoints, BooleanSupplier preempt, EpochListener listener)
            throws InterruptedException, IOException {
        Device device = Engine.getInstance().getDevices(1)[0];
        Progress progress = checkpoints == null ? Progress.START
                : checkpoints.store().progress(checkpoints.trialId()).orElse(Progress.START);
        ResumableAdam adam = new ResumableAdam((float) p.lr());
        Engine.getInstance().setRandomSeed((int) seed); // the same trial starts from the same weights anywhere
        try (Model model = Model.newInstance("fashion-cnn", device, "PyTorch")) {
            model.setBlock(new FashionCnn().setWidth(p.width()).build());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(adam).optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, train.channels(), train.height(), train.width()));
                adam.nameParameters(model.getBlock());
                if (progress != Progress.START) {
                    checkpoints.store().restore(checkpoints.trialId(), model.getBlock(), model.getNDManager(), adam);
                }
                Run run = new Run(trainer, model, adam, checkpoints, progress, System.nanoTime());
                if (progress.epochsDone() > progress.reportedEpochs()) {
                    // killed after checkpointing an epoch but before reporting it: report it now, once
                    if (run.report(progress.epochsDone(), listener)) return run.outcome(true, false);
                }
                for (int epoch = progress.epochsDone() + 1; epoch <= maxEpochs; epoch++) {
                    if (Thread.interrupted()) throw new InterruptedException("training interrupted at epoch " + epoch);
                    if (!run.epoch(epoch, train, p.batchSize(), seed, preempt)) return run.outcome(false, true);
                    run.evaluate(epoch, train.count(), test, objective);
                    if (run.report(epoch, listener)) return run.outcome(true, false);
                    if (epoch < maxEpochs && preempt.getAsBoolean()) return run.outcome(false, true);
                }
                return run.outcome(false, false);
            }
        }
    }

    /** One trial's training in this process: its progress, checkpointed as it goes. */
    private static final class Run {
        final Trainer trainer;
        final Model model;
        final ResumableAdam adam;
        final Checkpoints checkpoints;
        final long start;
        /** Training time of earlier processes on this trial. */
        final long earlierWallMs;
        Progress progress;
        double epochSeconds;
        int imagesThisEpoch;

        Run(Trainer trainer, Model model, ResumableAdam adam, Checkpoints checkpoints, Progress progress, long start) {
            this.trainer = trainer;
            this.model = model;
            this.adam = adam;
            this.checkpoints = checkpoints;
            this.progress = progress;
            this.start = start;
            this.earlierWallMs = progress.wallTimeMs();
        }

        long wallTimeMs() {
            return earlierWallMs + (System.nanoTime() - start) / 1_000_000;
        }

        /** Trains the epoch from where the progress says; false when preempted (a checkpoint was saved). */
        boolean epoch(int epoch, ImageSet data, int batchSize, long seed, BooleanSupplier preempt) throws IOException {
            int[] order = Batches.permutation(data.count(), new Random(seed * 31 + epoch));
            int batches = (data.count() + batchSize - 1) / batchSize;
            boolean resuming = epoch == progress.epochsDone() + 1 && progress.batchesDone() > 0;
            int first = resuming ? progress.batchesDone() : 0;
            double lossSum = resuming ? progress.epochLossSum() : 0;
            long began = System.nanoTime();
            imagesThisEpoch = 0;
            for (int b = first; b < batches; b++) {
                int from = b * batchSize;
                int n = Math.min(batchSize, data.count() - from);
                lossSum += Batches.train(trainer, data, order, from, n);
                imagesThisEpoch += n;
                if (b + 1 < batches && preempt.getAsBoolean()) {
                    save(new Progress(epoch - 1, b + 1, lossSum, progress.reportedEpochs(), 0, progress.last(), progress.best(), null));
                    return false;
                }
            }
            epochSeconds = (System.nanoTime() - began) / 1e9;
            progress = new Progress(epoch - 1, batches, lossSum, progress.reportedEpochs(), progress.wallTimeMs(),
                    progress.last(), progress.best(), null);
            return true;
        }

        void evaluate(int epoch, int trainCount, ImageSet test, Objective objective) throws IOException {
            double[] eval = Batches.evaluate(trainer, test);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(VAL_ACCURACY, eval[0]);
            m.put(VAL_LOSS, eval[1]);
            m.put(TRAIN_LOSS, progress.epochLossSum() / trainCount);
            m.put(EPOCH_SECONDS, epochSeconds);
            m.put(IMAGES_PER_SECOND, imagesThisEpoch / epochSeconds);
            Map<String, Double> best = progress.best();
            Double value = m.get(objective.metric());
            Double bestValue = best == null ? null : best.get(objective.metric());
            if (best == null || bestValue == null || bestValue.isNaN() || (value != null && objective.better(value, bestValue))) {
                best = m;
            }
            save(new Progress(epoch, 0, 0, progress.reportedEpochs(), 0, m, best, null));
        }

        /** Reports an epoch and records that it was reported; true when the listener stops the trial. */
        boolean report(int epoch, EpochListener listener) throws InterruptedException, IOException {
            boolean stop = listener.onEpoch(epoch, progress.last(), wallTimeMs());
            progress = progress.reported(epoch);
            if (checkpoints != null) checkpoints.store().update(checkpoints.trialId(), progress);
            return stop;
        }

        void save(Progress next) throws IOException {
            progress = new Progress(next.epochsDone(), next.batchesDone(), next.epochLossSum(), next.reportedEpochs(),
                    wallTimeMs(), next.last(), next.best(), null);
            if (checkpoints != null) checkpoints.store().save(checkpoints.trialId(), progress, model.getBlock(), adam);
        }

        Outcome outcome(boolean stopped, boolean preempted) {
            return new Outcome(progress.epochsDone(), progress.last(), progress.best() == null ? Map.of() : progress.best(),
                    stopped, preempted, wallTimeMs());
        }
    }
}
