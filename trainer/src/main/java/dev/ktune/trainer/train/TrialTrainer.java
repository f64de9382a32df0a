package dev.ktune.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.ktune.protocol.Objective;
import dev.ktune.trainer.data.ImageSet;
import dev.ktune.trainer.model.FashionCnn;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Trains one trial: Adam on softmax cross-entropy, one epoch per iteration, evaluating on the test split after
 * each epoch and handing the epoch's metrics to a listener, which may stop the trial. Runs on the first GPU when
 * there is one. Every batch's arrays live in a sub-manager closed after the step, so native memory stays flat.
 */
public final class TrialTrainer {
    public static final String VAL_ACCURACY = "valAccuracy";
    public static final String VAL_LOSS = "valLoss";
    public static final String TRAIN_LOSS = "trainLoss";
    public static final String EPOCH_SECONDS = "epochSeconds";
    public static final String IMAGES_PER_SECOND = "imagesPerSecond";
    private static final int EVAL_BATCH = 500;

    /** Called after every epoch with its metrics; returns true to stop training there. */
    @FunctionalInterface
    public interface EpochListener {
        boolean onEpoch(int epoch, Map<String, Double> metrics) throws InterruptedException;
    }

    /** How training ended: epochs run, the last epoch's metrics, the best epoch's by the objective. */
    public record Outcome(int epochs, Map<String, Double> last, Map<String, Double> best, boolean stoppedByListener) {}

    private TrialTrainer() {}

    public static Outcome train(ImageSet train, ImageSet test, TrainingParams p, int maxEpochs, Objective objective,
                                long seed, EpochListener listener) throws InterruptedException {
        Device device = Engine.getInstance().getDevices(1)[0];
        try (Model model = Model.newInstance("fashion-cnn", device, "PyTorch")) {
            model.setBlock(new FashionCnn().setWidth(p.width()).build());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) p.lr())).build())
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, train.channels(), train.height(), train.width()));
                Random shuffle = new Random(seed);
                Map<String, Double> best = null;
                Map<String, Double> last = Map.of();
                for (int epoch = 1; epoch <= maxEpochs; epoch++) {
                    if (Thread.interrupted()) throw new InterruptedException("training interrupted at epoch " + epoch);
                    long start = System.nanoTime();
                    double trainLoss = trainEpoch(trainer, train, p.batchSize(), shuffle);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double[] eval = evaluate(trainer, test);
                    Map<String, Double> m = new LinkedHashMap<>();
                    m.put(VAL_ACCURACY, eval[0]);
                    m.put(VAL_LOSS, eval[1]);
                    m.put(TRAIN_LOSS, trainLoss);
                    m.put(EPOCH_SECONDS, seconds);
                    m.put(IMAGES_PER_SECOND, train.count() / seconds);
                    last = java.util.Collections.unmodifiableMap(m);
                    Double value = last.get(objective.metric());
                    Double bestValue = best == null ? null : best.get(objective.metric());
                    if (best == null || bestValue == null || bestValue.isNaN()
                            || (value != null && objective.better(value, bestValue))) {
                        best = last;
                    }
                    if (listener.onEpoch(epoch, last)) return new Outcome(epoch, last, best, true);
                }
                return new Outcome(maxEpochs, last, best == null ? Map.of() : best, false);
            }
        }
    }

    /** One pass over the shuffled training set; returns the mean training loss. */
    static double trainEpoch(Trainer trainer, ImageSet data, int batchSize, Random shuffle) {
        int[] order = permutation(data.count(), shuffle);
        int size = data.imageSize();
        double lossSum = 0;
        for (int from = 0; from < order.length; from += batchSize) {
            int n = Math.min(batchSize, order.length - from);
            float[] x = new float[n * size];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(data.pixels(), order[from + i] * size, x, i * size, size);
                y[i] = data.labels()[order[from + i]];
            }
            try (NDManager batch = trainer.getManager().newSubManager()) {
                NDArray input = batch.create(x, new Shape(n, data.channels(), data.height(), data.width()));
                NDArray labels = batch.create(y);
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(new NDList(input)).singletonOrThrow();
                    NDArray loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
                    gc.backward(loss);
                    lossSum += loss.getFloat() * n;
                }
                trainer.step();
            }
        }
        return lossSum / order.length;
    }

    /** Accuracy and mean loss on a data set, in inference mode. */
    static double[] evaluate(Trainer trainer, ImageSet data) {
        int size = data.imageSize();
        long correct = 0;
        double lossSum = 0;
        for (int from = 0; from < data.count(); from += EVAL_BATCH) {
            int n = Math.min(EVAL_BATCH, data.count() - from);
            float[] x = new float[n * size];
            System.arraycopy(data.pixels(), from * size, x, 0, n * size);
            float[] y = new float[n];
            System.arraycopy(data.labels(), from, y, 0, n);
            try (NDManager batch = trainer.getManager().newSubManager()) {
                NDArray labels = batch.create(y);
                NDArray logits = trainer.evaluate(new NDList(batch.create(x, new Shape(n, data.channels(), data.height(), data.width()))))
                        .singletonOrThrow();
                lossSum += trainer.getLoss().evaluate(new NDList(labels), new NDList(logits)).getFloat() * n;
                correct += logits.argMax(1).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).eq(labels).sum().getLong();
            }
        }
        return new double[] {(double) correct / data.count(), lossSum / data.count()};
    }

    static int[] permutation(int n, Random rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
