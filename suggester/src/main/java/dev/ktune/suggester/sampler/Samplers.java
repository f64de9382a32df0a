package dev.ktune.suggester.sampler;

import dev.ktune.protocol.StudySpec;
import dev.ktune.suggester.sampler.tpe.TpeSampler;

/** The sampler a study's {@code searcher} names. */
public final class Samplers {
    private Samplers() {}

    public static Sampler of(StudySpec spec) {
        return switch (spec.searcher().type()) {
            case "tpe" -> new TpeSampler(spec.domains(), spec.objective(), TpeSampler.Settings.from(spec.searcher()), spec.seed());
            default -> new RandomSampler(spec.domains(), spec.seed());
        };
    }
}
