package dev.ktune.suggester.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.protocol.Domain;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomSamplerTest {
    static Map<String, Domain> space() {
        Map<String, Domain> s = new LinkedHashMap<>();
        s.put("u", new Domain.Uniform(-1, 2));
        s.put("qu", new Domain.QUniform(0, 1, 0.25));
        s.put("l", new Domain.LogUniform(1e-4, 1e-1));
        s.put("ql", new Domain.QLogUniform(1, 100, 5));
        s.put("i", new Domain.RandInt(3, 6));
        s.put("qi", new Domain.QRandInt(0, 20, 10));
        s.put("li", new Domain.LogRandInt(1, 4));
        s.put("c", new Domain.Choice(List.of("a", "b", "c")));
        s.put("k", new Domain.Constant(42));
        return s;
    }

    @Test
    void drawsStayInBoundsOnTheirGridsAndCoverTheDomain() {
        RandomSampler s = new RandomSampler(space(), 1);
        Set<Object> ints = new HashSet<>();
        Set<Object> qints = new HashSet<>();
        Set<Object> logInts = new HashSet<>();
        Set<Object> quarters = new HashSet<>();
        Set<Object> choices = new HashSet<>();
        int lowDecade = 0;
        for (int n = 0; n < 3000; n++) {
            Map<String, Object> p = s.suggest(n, History.EMPTY);
            assertThat((double) p.get("u")).isBetween(-1.0, 2.0);
            double l = (double) p.get("l");
            assertThat(l).isBetween(1e-4, 1e-1);
            if (l < 1e-3) lowDecade++;
            double ql = (double) p.get("ql");
            assertThat(ql % 5).isZero();
            assertThat(ql).isBetween(0.0, 100.0);
            quarters.add(p.get("qu"));
            ints.add(p.get("i"));
            qints.add(p.get("qi"));
            logInts.add(p.get("li"));
            choices.add(p.get("c"));
            assertThat(p.get("k")).isEqualTo(42);
        }
        assertThat(quarters).containsExactlyInAnyOrder(0.0, 0.25, 0.5, 0.75, 1.0);
        assertThat(ints).containsExactlyInAnyOrder(3L, 4L, 5L); // randint: upper bound exclusive
        assertThat(qints).containsExactlyInAnyOrder(0L, 10L, 20L); // qrandint: upper bound inclusive, as in Ray
        assertThat(logInts).containsExactlyInAnyOrder(1L, 2L, 3L); // lograndint: upper bound exclusive
        assertThat(choices).containsExactlyInAnyOrder("a", "b", "c");
        // log-uniform: each of the three decades gets about a third of the draws
        assertThat(lowDecade).isBetween(850, 1150);
    }

    @Test
    void seedAndNumberDetermineTheParams() {
        assertThat(new RandomSampler(space(), 5).suggest(7, History.EMPTY)).isEqualTo(new RandomSampler(space(), 5).suggest(7, History.EMPTY));
        assertThat(new RandomSampler(space(), 5).suggest(7, History.EMPTY)).isNotEqualTo(new RandomSampler(space(), 6).suggest(7, History.EMPTY));
        assertThat(new RandomSampler(space(), 5).suggest(7, History.EMPTY)).isNotEqualTo(new RandomSampler(space(), 5).suggest(8, History.EMPTY));
    }

    @Test
    void gridPointsAreCrossedAndEachComesOncePerRound() {
        Map<String, Domain> s = new LinkedHashMap<>();
        s.put("a", new Domain.GridSearch(List.of(1, 2, 3)));
        s.put("b", new Domain.GridSearch(List.of("x", "y")));
        s.put("lr", new Domain.Uniform(0, 1));
        RandomSampler sampler = new RandomSampler(s, 9);
        List<String> round1 = new java.util.ArrayList<>();
        List<String> round2 = new java.util.ArrayList<>();
        Set<Object> lrs = new HashSet<>();
        for (int n = 0; n < 12; n++) {
            Map<String, Object> p = sampler.suggest(n, History.EMPTY);
            (n < 6 ? round1 : round2).add(p.get("a") + "" + p.get("b"));
            lrs.add(p.get("lr"));
        }
        assertThat(round1).containsExactly("1x", "1y", "2x", "2y", "3x", "3y");
        assertThat(round2).isEqualTo(round1);
        assertThat(lrs).hasSize(12); // the other params are sampled per trial
    }
}
