package dev.ktune.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.ktune.trainer.data.ImageSet;
import java.util.Random;

/** One training step and the evaluation pass. Each batch's arrays live in a sub-manager closed after it. */
final class Batches {
    private static final int EVAL_BATCH = 500;

    private Batches() {}

    /** Trains on images {@code order[from .. from + n)}; returns the batch's summed loss. */
    static double train(Trainer trainer, ImageSet data, int[] order, int from, int n) {
        int size = data.imageSize();
        float[] x = new float[n * size];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(data.pixels(), order[from + i] * size, x, i * size, size);
            y[i] = data.labels()[order[from + i]];
        }
        try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray input = batch.create(x, new Shape(n, data.channels(), data.height(), data.width()));
            NDArray labels = batch.create(y);
            double loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(input)).singletonOrThrow();
                NDArray l = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
                gc.backward(l);
                loss = l.getFloat() * n;
            }
            trainer.step();
            return loss;
        }
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
                correct += logits.argMax(1).toType(DataType.FLOAT32, false).eq(labels).sum().getLong();
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
