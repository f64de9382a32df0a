package dev.ktune.protocol;

import java.util.List;

/**
 * What the trainer trains: a model from {@link #MODELS} for up to {@code epochs} epochs (one epoch is one
 * iteration in {@code tune-metrics}). The trial's params tune it: {@code lr}, {@code batchSize}, {@code width}.
 */
public record TrainerSpec(String model, Integer epochs) {
    public static final List<String> MODELS = List.of("fashion-cnn");

    void validate(List<String> problems) {
        if (model == null) problems.add("trainer.model: is required, one of " + MODELS);
        else if (!MODELS.contains(model)) problems.add("trainer.model: unknown model '" + model + "', expected one of " + MODELS);
        if (epochs == null) problems.add("trainer.epochs: is required, the most epochs a trial trains");
        else if (epochs < 1 || epochs > 10_000) problems.add("trainer.epochs: must be in [1, 10000], got " + epochs);
    }
}
