package dev.ktune.sink;

import java.util.LinkedHashMap;
import java.util.Map;

/** Trial params as MLflow params: strings, nested groups flattened to {@code group/param} as Ray Tune does. */
final class Params {
    /** MLflow rejects longer param values. */
    static final int MAX_VALUE_LENGTH = 6000;

    private Params() {}

    static Map<String, String> flatten(Map<String, Object> params) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", params, out);
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> params, Map<String, String> out) {
        params.forEach((k, v) -> {
            String key = prefix + k;
            if (v instanceof Map<?, ?> nested) flatten(key + "/", nested, out);
            else {
                String s = String.valueOf(v);
                out.put(key, s.length() > MAX_VALUE_LENGTH ? s.substring(0, MAX_VALUE_LENGTH) : s);
            }
        });
    }
}
