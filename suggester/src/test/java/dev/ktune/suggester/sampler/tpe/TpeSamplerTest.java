package dev.ktune.suggester.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.protocol.Domain;
import dev.ktune.protocol.Objective;
import dev.ktune.suggester.sampler.History;
import dev.ktune.suggester.sampler.RandomSampler;
import dev.ktune.suggester.sampler.Sampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TpeSamplerTest {
    static final Objective MIN = new Objective("loss", "min");

    static History.Trial trial(int n, History.State state, Double last, int iterations) {
        return new History.Trial(n, Map.of("x", 0.1 * n), state, last, iterations, last);
    }

    @Test
    void gammaIsATenthRoundedUpAtMostTwentyFive() {
        assertThat(TpeSampler.gamma(10)).isEqualTo(1);
        assertThat(TpeSampler.gamma(11)).isEqualTo(2);
        assertThat(TpeSampler.gamma(100)).isEqualTo(10);
        assertThat(TpeSampler.gamma(1000)).isEqualTo(25);
    }

    @Test
    void splitTakesCompletedByValueThenStoppedByProgressAndIgnoresFailed() {
        List<History.Trial> trials = List.of(
                trial(0, History.State.COMPLETED, 0.5, 4),
                trial(1, History.State.COMPLETED, 0.1, 4),
                trial(2, History.State.STOPPED, 0.05, 1),
                trial(3, History.State.STOPPED, 0.3, 2),
                trial(4, History.State.FAILED, null, 0),
                trial(5, History.State.STOPPED, 0.2, 2),
                trial(6, History.State.RUNNING, null, 0));
        TpeSampler.Split split = TpeSampler.split(trials, 3, MIN);
        // both completed first, then the stopped trial that got furthest with the lower loss (5 before 3)
        assertThat(split.below()).extracting(History.Trial::number).containsExactly(0, 1, 5);
        assertThat(split.above()).extracting(History.Trial::number).containsExactly(2, 3, 6);
        assertThat(TpeSampler.split(trials, 1, MIN).below()).extracting(History.Trial::number).containsExactly(1);
    }

    static Map<String, Domain> space() {
        Map<String, Domain> s = new LinkedHashMap<>();
        s.put("x", new Domain.Uniform(-5, 10));
        s.put("y", new Domain.Uniform(0, 15));
        return s;
    }

    /** Branin: minimum 0.397887 at three points. */
    static double branin(Map<String, Object> p) {
        double x = (double) p.get("x");
        double y = (double) p.get("y");
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        return Math.pow(y - b * x * x + c * x - 6, 2) + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
    }

    static double bestAfter(Sampler sampler, int trials) {
        List<History.Trial> history = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (int n = 0; n < trials; n++) {
            Map<String, Object> p = sampler.suggest(n, new History(history));
            double v = branin(p);
            best = Math.min(best, v);
            history.add(new History.Trial(n, p, History.State.COMPLETED, v, 1, v));
        }
        return best;
    }

    @Test
    void tpeBeatsRandomSearchOnBranin() {
        int seeds = 15;
        double[] tpe = new double[seeds];
        double[] random = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            tpe[s] = bestAfter(new TpeSampler(space(), MIN, TpeSampler.Settings.DEFAULT, s), 60);
            random[s] = bestAfter(new RandomSampler(space(), s), 60);
        }
        Arrays.sort(tpe);
        Arrays.sort(random);
        System.out.printf("branin best after 60 trials, median of %d seeds: tpe %.4f, random %.4f%n", seeds, tpe[seeds / 2], random[seeds / 2]);
        assertThat(tpe[seeds / 2]).as("median best after 60 trials, TPE vs random").isLessThan(random[seeds / 2]);
    }

    @Test
    void multivariateTpeAlsoBeatsRandomSearchOnBranin() {
        int seeds = 15;
        TpeSampler.Settings multivariate = new TpeSampler.Settings(10, 24, 1.0, true, false, true);
        double[] tpe = new double[seeds];
        double[] random = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            tpe[s] = bestAfter(new TpeSampler(space(), MIN, multivariate, s), 60);
            random[s] = bestAfter(new RandomSampler(space(), s), 60);
        }
        Arrays.sort(tpe);
        Arrays.sort(random);
        assertThat(tpe[seeds / 2]).isLessThan(random[seeds / 2]);
    }

    @Test
    void theSameSeedAndHistoryGiveTheSameSuggestion() {
        List<History.Trial> history = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            Map<String, Object> p = new RandomSampler(space(), 3).suggest(n, History.EMPTY);
            history.add(new History.Trial(n, p, History.State.COMPLETED, branin(p), 1, branin(p)));
        }
        Map<String, Object> a = new TpeSampler(space(), MIN, TpeSampler.Settings.DEFAULT, 8).suggest(12, new History(history));
        Map<String, Object> b = new TpeSampler(space(), MIN, TpeSampler.Settings.DEFAULT, 8).suggest(12, new History(history));
        assertThat(a).isEqualTo(b);
        assertThat(new TpeSampler(space(), MIN, TpeSampler.Settings.DEFAULT, 9).suggest(12, new History(history))).isNotEqualTo(a);
    }
}
