package dev.ktune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.suggester.sampler.RandomSampler;
import dev.ktune.suggester.sampler.tpe.TpeSampler;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** On every benchmark function, TPE's median best after 100 trials is better than random search's, over 10 seeds. */
class TpeBeatsRandomTest {
    static final int SEEDS = 10;

    static java.util.List<Functions.Problem> problems() {
        return Functions.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void tpeBeatsRandomAtOneHundredTrials(Functions.Problem problem) {
        double[] tpe = new double[SEEDS];
        double[] random = new double[SEEDS];
        for (int s = 0; s < SEEDS; s++) {
            tpe[s] = QualityBenchmark.run(problem, new TpeSampler(problem.space(), QualityBenchmark.MIN, TpeSampler.Settings.DEFAULT, s), 100);
            random[s] = QualityBenchmark.run(problem, new RandomSampler(problem.space(), s), 100);
        }
        Arrays.sort(tpe);
        Arrays.sort(random);
        assertThat(tpe[SEEDS / 2]).as("median best of TPE vs random on %s", problem.name()).isLessThan(random[SEEDS / 2]);
    }
}
