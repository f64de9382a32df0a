package dev.ktune.trainer.checkpoint;

import java.util.Map;

/**
 * How far a trial got, saved with its model and optimizer state. {@code epochsDone} epochs are complete and
 * {@code batchesDone} batches of the next one; {@code reportedEpochs} of the complete ones have reached
 * {@code tune-metrics}, so a resumed trial reports each epoch exactly once.
 */
public record Progress(int epochsDone, int batchesDone, double epochLossSum, int reportedEpochs, long wallTimeMs,
                       Map<String, Double> last, Map<String, Double> best, String lastError) {
    public static final Progress START = new Progress(0, 0, 0, 0, 0, Map.of(), null, null);

    public Progress {
        last = last == null ? Map.of() : Map.copyOf(last);
        best = best == null ? null : Map.copyOf(best);
    }

    public Progress reported(int epoch) {
        return new Progress(epochsDone, batchesDone, epochLossSum, epoch, wallTimeMs, last, best, lastError);
    }

    public Progress failed(String error) {
        return new Progress(epochsDone, batchesDone, epochLossSum, reportedEpochs, wallTimeMs, last, best, error);
    }
}
