package dev.ktune.suggester.sampler;

import java.util.List;
import java.util.Map;

/** What a sampler may know of a study: its trials so far, finished or not. */
public record History(List<Trial> trials) {
    /** PAUSED: set aside by the median rule with its values so far; samplers read it as a stopped trial. */
    public enum State { RUNNING, COMPLETED, STOPPED, FAILED, PAUSED }

    /**
     * One trial. {@code value} is its best objective value and {@code lastValue} its final one (null while running or
     * when it failed); {@code iterations} is how far it got, which ranks stopped trials.
     */
    public record Trial(int number, Map<String, Object> params, State state, Double value, int iterations, Double lastValue) {}

    public History {
        trials = List.copyOf(trials);
    }

    public static final History EMPTY = new History(List.of());
}
