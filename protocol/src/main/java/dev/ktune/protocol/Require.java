package dev.ktune.protocol;

/** Constructor checks for internal messages: each names the field and the bad value. */
final class Require {
    private Require() {}

    static String id(String field, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + ": must not be blank");
        return value;
    }

    static <T> T present(String field, T value) {
        if (value == null) throw new IllegalArgumentException(field + ": is required");
        return value;
    }

    static int atLeast(String field, int value, int min) {
        if (value < min) throw new IllegalArgumentException(field + ": must be >= " + min + ", got " + value);
        return value;
    }

    /** An unmodifiable copy that keeps the caller's order (Map.copyOf's order changes from run to run). */
    static <K, V> java.util.Map<K, V> ordered(java.util.Map<K, V> map) {
        return map == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
    }
}
