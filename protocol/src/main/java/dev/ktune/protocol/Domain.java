package dev.ktune.protocol;

import java.util.List;

/** One parameter's search domain, in Ray Tune's vocabulary. Parsed and validated by {@link SearchSpace}. */
public sealed interface Domain {
    /** A fixed value: every trial gets it. */
    record Constant(Object value) implements Domain {}

    /** One of the listed values, uniformly. */
    record Choice(List<Object> values) implements Domain {
        public Choice {
            values = List.copyOf(values);
        }
    }

    /** Every listed value, each in its own trials (crossed with the other grids, repeated numSamples times). */
    record GridSearch(List<Object> values) implements Domain {
        public GridSearch {
            values = List.copyOf(values);
        }
    }

    /** A float uniform in [low, high). */
    record Uniform(double low, double high) implements Domain {}

    /** A uniform float rounded to a multiple of q. */
    record QUniform(double low, double high, double q) implements Domain {}

    /** A float whose logarithm is uniform in [log low, log high). */
    record LogUniform(double low, double high) implements Domain {}

    /** A log-uniform float rounded to a multiple of q. */
    record QLogUniform(double low, double high, double q) implements Domain {}

    /** An integer in [low, high): the upper bound is exclusive, as in Ray Tune. */
    record RandInt(long low, long high) implements Domain {}

    /** An integer in [low, high] rounded to a multiple of q: the upper bound is inclusive, as in Ray Tune. */
    record QRandInt(long low, long high, long q) implements Domain {}

    /** An integer in [low, high) whose logarithm is uniform: upper bound exclusive, as in Ray Tune. */
    record LogRandInt(long low, long high) implements Domain {}
}
