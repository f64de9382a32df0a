package dev.ktune.suggester.sampler;

import dev.ktune.protocol.Domain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random search. Each trial draws from its own generator, seeded from the study seed and the trial number,
 * so a trial's params do not depend on the order in which results arrived.
 */
public final class RandomSampler implements Sampler {
    private final Map<String, Domain> domains;
    private final long seed;

    public RandomSampler(Map<String, Domain> domains, long seed) {
        if (domains.isEmpty()) throw new IllegalArgumentException("domains: the search space is empty");
        this.domains = new LinkedHashMap<>(domains);
        this.seed = seed;
    }

    @Override
    public Map<String, Object> suggest(int number, History history) {
        SplittableRandom rng = new SplittableRandom(mix(seed + 0x9E3779B97F4A7C15L * (number + 1L)));
        Map<String, Object> params = new LinkedHashMap<>();
        domains.forEach((name, domain) -> params.put(name, sample(domain, rng)));
        return params;
    }

    @Override
    public boolean usesHistory() {
        return false;
    }

    /** One draw from a domain; shared with other samplers for their random phase. */
    public static Object sample(Domain domain, SplittableRandom rng) {
        if (domain instanceof Domain.Constant c) return c.value();
        if (domain instanceof Domain.Choice c) return c.values().get(rng.nextInt(c.values().size()));
        if (domain instanceof Domain.Uniform u) return u.low() + rng.nextDouble() * (u.high() - u.low());
        if (domain instanceof Domain.LogUniform l) {
            return Math.exp(Math.log(l.low()) + rng.nextDouble() * (Math.log(l.high()) - Math.log(l.low())));
        }
        if (domain instanceof Domain.RandInt r) return rng.nextLong(r.low(), r.high());
        throw new IllegalArgumentException("unsupported domain " + domain);
    }

    /** SplitMix64's finaliser: nearby seeds give unrelated streams. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
