package dev.ktune.trainer.train;

import java.util.Map;

/** The hyperparameters the trainer understands, read from a trial's params with defaults for the missing ones. */
public record TrainingParams(double lr, int batchSize, int width) {
    public static final TrainingParams DEFAULT = new TrainingParams(1e-3, 64, 16);

    public TrainingParams {
        if (!(lr > 0) || !Double.isFinite(lr)) throw new IllegalArgumentException("params.lr: must be a finite number > 0, got " + lr);
        if (batchSize < 1 || batchSize > 65_536) throw new IllegalArgumentException("params.batchSize: must be in [1, 65536], got " + batchSize);
        if (width < 1 || width > 512) throw new IllegalArgumentException("params.width: must be in [1, 512], got " + width);
    }

    public static TrainingParams from(Map<String, Object> params) {
        return new TrainingParams(
                number(params, "lr", DEFAULT.lr()),
                integer(params, "batchSize", DEFAULT.batchSize()),
                integer(params, "width", DEFAULT.width()));
    }

    private static double number(Map<String, Object> params, String name, double fallback) {
        Object v = params.get(name);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("params." + name + ": must be a number, got '" + v + "'");
    }

    private static int integer(Map<String, Object> params, String name, int fallback) {
        Object v = params.get(name);
        if (v == null) return fallback;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.intValue();
        throw new IllegalArgumentException("params." + name + ": must be an integer, got '" + v + "'");
    }
}
