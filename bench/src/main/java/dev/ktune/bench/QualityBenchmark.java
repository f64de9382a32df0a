package dev.ktune.bench;

import dev.ktune.protocol.Objective;
import dev.ktune.suggester.sampler.History;
import dev.ktune.suggester.sampler.RandomSampler;
import dev.ktune.suggester.sampler.Sampler;
import dev.ktune.suggester.sampler.tpe.TpeSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Search quality: for each test function, sampler and seed, runs 300 sequential trials and records the best value
 * after 30, 100 and 300; prints the median over the seeds as a Markdown table. Usage: {@code QualityBenchmark [seeds]}.
 */
public final class QualityBenchmark {
    static final int[] CHECKPOINTS = {30, 100, 300};
    static final Objective MIN = new Objective("value", "min");

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        System.out.printf(Locale.ROOT, "| function | sampler | median best @30 | @100 | @300 |%n|---|---|---|---|---|%n");
        for (Functions.Problem problem : Functions.all()) {
            row(problem, "random", seed -> new RandomSampler(problem.space(), seed), seeds);
            row(problem, "tpe", seed -> new TpeSampler(problem.space(), MIN, TpeSampler.Settings.DEFAULT, seed), seeds);
            TpeSampler.Settings multivariate = new TpeSampler.Settings(10, 24, 1.0, true, false, true);
            row(problem, "tpe multivariate", seed -> new TpeSampler(problem.space(), MIN, multivariate, seed), seeds);
        }
    }

    static void row(Functions.Problem problem, String name, LongFunction<Sampler> sampler, int seeds) {
        double[][] best = new double[CHECKPOINTS.length][seeds];
        for (int s = 0; s < seeds; s++) {
            double[] run = run(problem, sampler.apply(s));
            for (int c = 0; c < CHECKPOINTS.length; c++) best[c][s] = run[c];
        }
        StringBuilder sb = new StringBuilder("| " + problem.name() + " (min " + problem.optimum() + ") | " + name);
        for (double[] b : best) {
            Arrays.sort(b);
            double median = b.length % 2 == 1 ? b[b.length / 2] : (b[b.length / 2 - 1] + b[b.length / 2]) / 2;
            sb.append(String.format(Locale.ROOT, " | %.4f", median));
        }
        System.out.println(sb.append(" |"));
    }

    /** The best value after {@code trials} sequential trials. */
    static double run(Functions.Problem problem, Sampler sampler, int trials) {
        return bestAt(problem, sampler, new int[] {trials})[0];
    }

    static double[] run(Functions.Problem problem, Sampler sampler) {
        return bestAt(problem, sampler, CHECKPOINTS);
    }

    /** The best value so far after each of the (increasing) trial counts in {@code checkpoints}. */
    static double[] bestAt(Functions.Problem problem, Sampler sampler, int[] checkpoints) {
        List<History.Trial> history = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        double[] out = new double[checkpoints.length];
        int c = 0;
        for (int n = 0; n < checkpoints[checkpoints.length - 1]; n++) {
            Map<String, Object> p = sampler.suggest(n, new History(history));
            double v = problem.f().applyAsDouble(p);
            best = Math.min(best, v);
            history.add(new History.Trial(n, p, History.State.COMPLETED, v, 1, v));
            if (n + 1 == checkpoints[c]) out[c++] = best;
        }
        return out;
    }
}
