package dev.ktune.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a study's {@code searchSpace} object into domains, collecting every problem instead of
 * stopping at the first. Syntax: {@code {"lr": {"loguniform": [1e-4, 1e-1]}, "batchSize": {"choice": [32, 64]},
 * "width": {"randint": [8, 33]}, "dropout": {"uniform": [0, 0.5]}, "optimizer": "adam"}}.
 */
public final class SearchSpace {
    public static final List<String> DOMAINS = List.of("choice", "uniform", "loguniform", "randint");

    private SearchSpace() {}

    /** The domains in declaration order; problems are appended to {@code problems}, prefixed with {@code searchSpace.}. */
    public static Map<String, Domain> parse(JsonNode space, List<String> problems) {
        Map<String, Domain> domains = new LinkedHashMap<>();
        if (space == null || space.isNull()) {
            problems.add("searchSpace: is required, an object of parameter name to domain");
            return domains;
        }
        if (!space.isObject()) {
            problems.add("searchSpace: must be an object of parameter name to domain, got " + space.getNodeType());
            return domains;
        }
        if (space.isEmpty()) problems.add("searchSpace: has no parameters");
        space.fields().forEachRemaining(e -> {
            Domain d = parseOne("searchSpace." + e.getKey(), e.getValue(), problems);
            if (d != null) domains.put(e.getKey(), d);
        });
        return Collections.unmodifiableMap(domains);
    }

    /** Parses and throws all problems at once; for code that already knows the spec is valid. */
    public static Map<String, Domain> parse(JsonNode space) {
        List<String> problems = new ArrayList<>();
        Map<String, Domain> domains = parse(space, problems);
        if (!problems.isEmpty()) throw new InvalidMessageException(problems);
        return domains;
    }

    private static Domain parseOne(String field, JsonNode node, List<String> problems) {
        if (node.isValueNode()) {
            if (node.isNull()) {
                problems.add(field + ": must not be null");
                return null;
            }
            return new Domain.Constant(Json.MAPPER.convertValue(node, Object.class));
        }
        if (!node.isObject() || node.size() != 1) {
            problems.add(field + ": must be a constant or an object with exactly one of " + DOMAINS);
            return null;
        }
        String kind = node.fieldNames().next();
        JsonNode args = node.get(kind);
        String where = field + "." + kind;
        return switch (kind) {
            case "choice" -> choice(where, args, problems);
            case "uniform", "loguniform" -> bounds(where, kind, args, problems);
            case "randint" -> randint(where, args, problems);
            default -> {
                problems.add(field + ": unknown domain '" + kind + "', expected one of " + DOMAINS);
                yield null;
            }
        };
    }

    private static Domain choice(String where, JsonNode args, List<String> problems) {
        if (!args.isArray() || args.isEmpty()) {
            problems.add(where + ": must be a non-empty list of values");
            return null;
        }
        List<Object> values = new ArrayList<>();
        args.forEach(v -> values.add(Json.MAPPER.convertValue(v, Object.class)));
        return new Domain.Choice(values);
    }

    private static Domain bounds(String where, String kind, JsonNode args, List<String> problems) {
        double[] b = twoNumbers(where, args, problems);
        if (b == null) return null;
        int before = problems.size();
        if (kind.equals("loguniform") && b[0] <= 0) problems.add(where + ": lower bound must be > 0, got " + fmt(b[0]));
        if (b[0] >= b[1]) problems.add(where + ": lower bound must be < upper bound, got [" + fmt(b[0]) + ", " + fmt(b[1]) + "]");
        if (problems.size() > before) return null;
        return kind.equals("uniform") ? new Domain.Uniform(b[0], b[1]) : new Domain.LogUniform(b[0], b[1]);
    }

    private static Domain randint(String where, JsonNode args, List<String> problems) {
        double[] b = twoNumbers(where, args, problems);
        if (b == null) return null;
        if (b[0] != Math.rint(b[0]) || b[1] != Math.rint(b[1])) {
            problems.add(where + ": bounds must be integers, got [" + fmt(b[0]) + ", " + fmt(b[1]) + "]");
            return null;
        }
        if (b[0] >= b[1]) {
            problems.add(where + ": lower bound must be < upper bound (which is exclusive), got ["
                    + fmt(b[0]) + ", " + fmt(b[1]) + "]");
            return null;
        }
        return new Domain.RandInt((long) b[0], (long) b[1]);
    }

    private static double[] twoNumbers(String where, JsonNode args, List<String> problems) {
        if (!args.isArray() || args.size() != 2 || !args.get(0).isNumber() || !args.get(1).isNumber()) {
            problems.add(where + ": must be [lower, upper], two numbers, got " + args);
            return null;
        }
        double lo = args.get(0).asDouble();
        double hi = args.get(1).asDouble();
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            problems.add(where + ": bounds must be finite, got " + args);
            return null;
        }
        return new double[] {lo, hi};
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
