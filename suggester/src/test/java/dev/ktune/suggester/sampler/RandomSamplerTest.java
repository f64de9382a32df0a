package dev.ktune.suggester.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.protocol.Domain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomSamplerTest {
    final Map<String, Domain> space = new LinkedHashMap<>(Map.of(
            "u", new Domain.Uniform(-1, 2),
            "l", new Domain.LogUniform(1e-4, 1e-1),
            "i", new Domain.RandInt(3, 6),
            "c", new Domain.Choice(List.of("a", "b", "c")),
            "k", new Domain.Constant(42)));

    @Test
    void drawsStayInBoundsAndCoverTheDomain() {
        RandomSampler s = new RandomSampler(space, 1);
        java.util.Set<Object> ints = new java.util.HashSet<>();
        java.util.Set<Object> choices = new java.util.HashSet<>();
        int lowDecade = 0;
        for (int n = 0; n < 2000; n++) {
            Map<String, Object> p = s.suggest(n, History.EMPTY);
            assertThat((double) p.get("u")).isBetween(-1.0, 2.0);
            double l = (double) p.get("l");
            assertThat(l).isBetween(1e-4, 1e-1);
            if (l < 1e-3) lowDecade++;
            ints.add(p.get("i"));
            choices.add(p.get("c"));
            assertThat(p.get("k")).isEqualTo(42);
        }
        assertThat(ints).containsExactlyInAnyOrder(3L, 4L, 5L); // upper bound exclusive
        assertThat(choices).containsExactlyInAnyOrder("a", "b", "c");
        // log-uniform: each of the three decades gets about a third of the draws
        assertThat(lowDecade).isBetween(550, 780);
    }

    @Test
    void seedAndNumberDetermineTheParams() {
        assertThat(new RandomSampler(space, 5).suggest(7, History.EMPTY)).isEqualTo(new RandomSampler(space, 5).suggest(7, History.EMPTY));
        assertThat(new RandomSampler(space, 5).suggest(7, History.EMPTY)).isNotEqualTo(new RandomSampler(space, 6).suggest(7, History.EMPTY));
        assertThat(new RandomSampler(space, 5).suggest(7, History.EMPTY)).isNotEqualTo(new RandomSampler(space, 5).suggest(8, History.EMPTY));
    }
}
