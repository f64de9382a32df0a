package dev.ktune.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a study's {@code searchSpace} object into domains, collecting every problem instead of stopping at the
 * first. A parameter is a constant, a domain object such as {@code {"loguniform": [1e-4, 1e-1]}}, or a group: an
 * object of further parameters, flattened to {@code group/param} as Ray Tune flattens nested configs.
 */
public final class SearchSpace {
    public static final List<String> DOMAINS = List.of("choice", "gridSearch", "uniform", "quniform", "loguniform",
            "qloguniform", "randint", "qrandint", "lograndint");
    /** Separates a group from its parameters in flattened names. */
    public static final String SEPARATOR = "/";

    private SearchSpace() {}

    /** The domains by flattened name, in declaration order; problems are appended, prefixed {@code searchSpace.}. */
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
        group("", "searchSpace", space, domains, problems);
        return Collections.unmodifiableMap(domains);
    }

    /** Parses and throws all problems at once; for code that already knows the spec is valid. */
    public static Map<String, Domain> parse(JsonNode space) {
        List<String> problems = new ArrayList<>();
        Map<String, Domain> domains = parse(space, problems);
        if (!problems.isEmpty()) throw new InvalidMessageException(problems);
        return domains;
    }

    /** Turns flattened {@code group/param} names back into nested maps, for the trainer. */
    public static Map<String, Object> nest(Map<String, Object> flat) {
        Map<String, Object> nested = new LinkedHashMap<>();
        flat.forEach((name, value) -> {
            String[] parts = name.split(SEPARATOR);
            Map<String, Object> level = nested;
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) level.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
                level = next;
            }
            level.put(parts[parts.length - 1], value);
        });
        return nested;
    }

    private static void group(String prefix, String field, JsonNode node, Map<String, Domain> out, List<String> problems) {
        node.fields().forEachRemaining(e -> {
            String name = e.getKey();
            String where = field + "." + name;
            if (name.isEmpty() || name.contains(SEPARATOR)) {
                problems.add(where + ": a parameter name must be non-empty and must not contain '" + SEPARATOR + "'");
                return;
            }
            JsonNode value = e.getValue();
            if (isGroup(value)) {
                if (value.isEmpty()) problems.add(where + ": an empty group");
                group(prefix + name + SEPARATOR, where, value, out, problems);
                return;
            }
            Domain d = parseOne(where, value, problems);
            if (d != null) out.put(prefix + name, d);
        });
    }

    /** An object that is not a domain: no domain keyword, and its values not all arrays (a mistyped domain). */
    private static boolean isGroup(JsonNode node) {
        if (!node.isObject()) return false;
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        if (keys.stream().anyMatch(DOMAINS::contains)) return false;
        return !(keys.size() == 1 && node.get(keys.get(0)).isArray());
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
            problems.add(field + ": must be a constant, a group, or an object with exactly one of " + DOMAINS);
            return null;
        }
        String kind = node.fieldNames().next();
        if (!DOMAINS.contains(kind)) {
            problems.add(field + ": unknown domain '" + kind + "', expected one of " + DOMAINS);
            return null;
        }
        return Domains.parse(field + "." + kind, kind, node.get(kind), problems);
    }
}
