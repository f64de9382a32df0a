package dev.ktune.suggester.sampler;

import dev.ktune.protocol.Domain;
import dev.ktune.protocol.Seeds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random search over Ray Tune's domains, with grid search: trial {@code n} takes grid point {@code n mod G} (the grids
 * crossed, the last declared varying fastest), so each of the G points comes once per {@code numSamples} round, and
 * the other params are drawn at random. Each trial draws from its own generator, seeded from the study seed and the
 * trial number, so a trial's params do not depend on the order in which results arrived.
 */
public final class RandomSampler implements Sampler {
    private final Map<String, Domain> domains;
    private final List<String> grids = new ArrayList<>();
    private final long seed;

    public RandomSampler(Map<String, Domain> domains, long seed) {
        if (domains.isEmpty()) throw new IllegalArgumentException("domains: the search space is empty");
        this.domains = new LinkedHashMap<>(domains);
        domains.forEach((name, d) -> {
            if (d instanceof Domain.GridSearch) grids.add(name);
        });
        this.seed = seed;
    }

    @Override
    public Map<String, Object> suggest(int number, History history) {
        SplittableRandom rng = new SplittableRandom(trialSeed(seed, number));
        Map<String, Object> point = gridPoint(number);
        Map<String, Object> params = new LinkedHashMap<>();
        domains.forEach((name, domain) -> params.put(name, domain instanceof Domain.GridSearch ? point.get(name) : sample(domain, rng)));
        return params;
    }

    @Override
    public boolean usesHistory() {
        return false;
    }

    private Map<String, Object> gridPoint(int number) {
        Map<String, Object> point = new LinkedHashMap<>();
        long index = number;
        for (int i = grids.size() - 1; i >= 0; i--) {
            List<Object> values = ((Domain.GridSearch) domains.get(grids.get(i))).values();
            point.put(grids.get(i), values.get((int) (index % values.size())));
            index /= values.size();
        }
        return point;
    }

    /** One draw from a non-grid domain, as Ray Tune draws it; shared with other samplers for their random phase. */
    public static Object sample(Domain domain, SplittableRandom rng) {
        if (domain instanceof Domain.Constant c) return c.value();
        if (domain instanceof Domain.Choice c) return c.values().get(rng.nextInt(c.values().size()));
        if (domain instanceof Domain.Uniform u) return uniform(u.low(), u.high(), rng);
        if (domain instanceof Domain.QUniform u) return quantize(uniform(u.low(), u.high(), rng), u.q());
        if (domain instanceof Domain.LogUniform l) return logUniform(l.low(), l.high(), rng);
        if (domain instanceof Domain.QLogUniform l) return quantize(logUniform(l.low(), l.high(), rng), l.q());
        if (domain instanceof Domain.RandInt r) return rng.nextLong(r.low(), r.high());
        if (domain instanceof Domain.QRandInt r) return (long) quantize(rng.nextLong(r.low(), r.high() + 1), r.q());
        if (domain instanceof Domain.LogRandInt r) {
            return Math.min(r.high() - 1, (long) Math.floor(logUniform(r.low(), r.high(), rng)));
        }
        throw new IllegalArgumentException("cannot sample " + domain);
    }

    static double uniform(double low, double high, SplittableRandom rng) {
        return low + rng.nextDouble() * (high - low);
    }

    static double logUniform(double low, double high, SplittableRandom rng) {
        return Math.exp(uniform(Math.log(low), Math.log(high), rng));
    }

    /** numpy's round (half to even) to a multiple of q, as Ray's quantized domains do. */
    static double quantize(double value, double q) {
        return Math.rint(value / q) * q;
    }

    /** Each trial's own seed, from the study's: samplers draw from it so a trial's params never depend on order. */
    public static long trialSeed(long studySeed, int number) {
        return Seeds.mix(studySeed + 0x9E3779B97F4A7C15L * (number + 1L));
    }
}
