package dev.ktune.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks one domain's arguments; each problem names the field, e.g. {@code searchSpace.lr.loguniform}. */
final class Domains {
    private Domains() {}

    static Domain parse(String where, String kind, JsonNode args, List<String> problems) {
        return switch (kind) {
            case "choice", "gridSearch" -> values(where, kind, args, problems);
            case "uniform", "loguniform" -> floats(where, kind, args, 2, problems);
            case "quniform", "qloguniform" -> floats(where, kind, args, 3, problems);
            case "randint", "lograndint" -> ints(where, kind, args, 2, problems);
            case "qrandint" -> ints(where, kind, args, 3, problems);
            default -> throw new IllegalArgumentException("not a domain: " + kind);
        };
    }

    private static Domain values(String where, String kind, JsonNode args, List<String> problems) {
        if (!args.isArray() || args.isEmpty()) {
            problems.add(where + ": must be a non-empty list of values");
            return null;
        }
        List<Object> values = new ArrayList<>();
        args.forEach(v -> values.add(Json.MAPPER.convertValue(v, Object.class)));
        return kind.equals("choice") ? new Domain.Choice(values) : new Domain.GridSearch(values);
    }

    private static Domain floats(String where, String kind, JsonNode args, int arity, List<String> problems) {
        double[] b = numbers(where, args, arity, problems);
        if (b == null) return null;
        int before = problems.size();
        boolean log = kind.contains("log");
        if (log && b[0] <= 0) problems.add(where + ": lower bound must be > 0, got " + fmt(b[0]));
        if (b[0] >= b[1]) problems.add(where + ": lower bound must be < upper bound, got [" + fmt(b[0]) + ", " + fmt(b[1]) + "]");
        if (arity == 3 && b[2] <= 0) problems.add(where + ": q must be > 0, got " + fmt(b[2]));
        if (problems.size() > before) return null;
        return switch (kind) {
            case "uniform" -> new Domain.Uniform(b[0], b[1]);
            case "quniform" -> new Domain.QUniform(b[0], b[1], b[2]);
            case "loguniform" -> new Domain.LogUniform(b[0], b[1]);
            default -> new Domain.QLogUniform(b[0], b[1], b[2]);
        };
    }

    private static Domain ints(String where, String kind, JsonNode args, int arity, List<String> problems) {
        double[] b = numbers(where, args, arity, problems);
        if (b == null) return null;
        for (double v : b) {
            if (v != Math.rint(v)) {
                problems.add(where + ": " + (arity == 3 ? "bounds and q" : "bounds") + " must be integers, got " + args);
                return null;
            }
        }
        long lo = (long) b[0];
        long hi = (long) b[1];
        int before = problems.size();
        if (kind.equals("qrandint")) {
            if (lo > hi) problems.add(where + ": lower bound must be <= upper bound (which is inclusive), got [" + lo + ", " + hi + "]");
            if (b[2] <= 0) problems.add(where + ": q must be > 0, got " + (long) b[2]);
        } else if (lo >= hi) {
            problems.add(where + ": lower bound must be < upper bound (which is exclusive), got [" + lo + ", " + hi + "]");
        }
        if (kind.equals("lograndint") && lo < 1) problems.add(where + ": lower bound must be >= 1, got " + lo);
        if (problems.size() > before) return null;
        return switch (kind) {
            case "randint" -> new Domain.RandInt(lo, hi);
            case "lograndint" -> new Domain.LogRandInt(lo, hi);
            default -> new Domain.QRandInt(lo, hi, (long) b[2]);
        };
    }

    private static double[] numbers(String where, JsonNode args, int arity, List<String> problems) {
        boolean ok = args.isArray() && args.size() == arity;
        for (int i = 0; ok && i < arity; i++) ok = args.get(i).isNumber();
        if (!ok) {
            problems.add(where + ": must be " + (arity == 2 ? "[lower, upper]" : "[lower, upper, q]") + ", " + arity
                    + " numbers, got " + args);
            return null;
        }
        double[] b = new double[arity];
        for (int i = 0; i < arity; i++) {
            b[i] = args.get(i).asDouble();
            if (!Double.isFinite(b[i])) {
                problems.add(where + ": values must be finite, got " + args);
                return null;
            }
        }
        return b;
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
