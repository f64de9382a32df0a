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
}
