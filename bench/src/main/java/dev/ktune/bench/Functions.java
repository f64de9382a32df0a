package dev.ktune.bench;

import dev.ktune.protocol.Domain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Standard test functions for the quality benchmark, all minimised; the same definitions as bench/optuna_quality.py. */
final class Functions {
    /** A named function over a search space. */
    record Problem(String name, Map<String, Domain> space, ToDoubleFunction<Map<String, Object>> f, double optimum) {}

    private Functions() {}

    static List<Problem> all() {
        return List.of(branin(), hartmann6(), logInt4(), categorical());
    }

    static Problem branin() {
        Map<String, Domain> s = new LinkedHashMap<>();
        s.put("x", new Domain.Uniform(-5, 10));
        s.put("y", new Domain.Uniform(0, 15));
        return new Problem("branin", s, p -> {
            double x = d(p, "x");
            double y = d(p, "y");
            double b = 5.1 / (4 * Math.PI * Math.PI);
            double c = 5 / Math.PI;
            return Math.pow(y - b * x * x + c * x - 6, 2) + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
        }, 0.397887);
    }

    static Problem hartmann6() {
        double[] alpha = {1.0, 1.2, 3.0, 3.2};
        double[][] a = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
        double[][] p = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886}, {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
                {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650}, {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
        Map<String, Domain> s = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) s.put("x" + i, new Domain.Uniform(0, 1));
        return new Problem("hartmann6", s, params -> {
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                double inner = 0;
                for (int j = 0; j < 6; j++) inner += a[i][j] * Math.pow(d(params, "x" + j) - p[i][j], 2);
                sum += alpha[i] * Math.exp(-inner);
            }
            return -sum;
        }, -3.32237);
    }

    /** A training-like landscape: log-scaled learning rate and decay, an integer depth, a log-scaled integer width. */
    static Problem logInt4() {
        Map<String, Domain> s = new LinkedHashMap<>();
        s.put("lr", new Domain.LogUniform(1e-5, 1e-1));
        s.put("wd", new Domain.LogUniform(1e-6, 1e-2));
        s.put("layers", new Domain.RandInt(1, 8));
        s.put("units", new Domain.LogRandInt(8, 513));
        return new Problem("logint4", s, p -> Math.pow(Math.log10(d(p, "lr")) + 3, 2)
                + Math.pow(Math.log10(d(p, "wd")) + 4, 2) / 4
                + Math.pow(d(p, "layers") - 3, 2) / 4
                + Math.pow(Math.log(d(p, "units")) / Math.log(2) - 6, 2) / 9, 0);
    }

    /** Two categorical params beside a continuous one. */
    static Problem categorical() {
        Map<String, Domain> s = new LinkedHashMap<>();
        s.put("x", new Domain.Uniform(0, 1));
        s.put("opt", new Domain.Choice(List.of("sgd", "adam", "rmsprop", "adagrad")));
        s.put("act", new Domain.Choice(List.of("relu", "tanh", "gelu", "sigmoid", "elu")));
        Map<Object, Double> opt = Map.of("sgd", 0.3, "adam", 0.0, "rmsprop", 0.5, "adagrad", 1.0);
        Map<Object, Double> act = Map.of("relu", 0.2, "tanh", 0.6, "gelu", 0.0, "sigmoid", 1.0, "elu", 0.4);
        return new Problem("categorical", s, p -> Math.pow(d(p, "x") - 0.5, 2) + opt.get(p.get("opt")) + act.get(p.get("act")), 0);
    }

    static double d(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).doubleValue();
    }
}
