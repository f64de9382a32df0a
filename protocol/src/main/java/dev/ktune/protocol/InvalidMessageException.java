package dev.ktune.protocol;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A message that cannot be read or is not valid. It carries every problem found, each one naming
 * the field and the reason, so a user can fix them all in one go.
 */
public final class InvalidMessageException extends RuntimeException {
    private final List<String> problems;

    public InvalidMessageException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    InvalidMessageException(String type, IOException cause) {
        this(describe(type, cause));
        initCause(cause);
    }

    public List<String> problems() {
        return problems;
    }

    /** Unwraps Jackson's wrapping so the problems a record's constructor found reach the user as-is. */
    private static List<String> describe(String type, IOException e) {
        if (e instanceof ValueInstantiationException && e.getCause() instanceof InvalidMessageException inner) {
            return inner.problems();
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException iae) {
            return List.of(iae.getMessage());
        }
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            String field = jme.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return List.of(field + ": " + jme.getOriginalMessage().lines().findFirst().orElse("invalid"));
        }
        return List.of("not a valid " + type + " JSON document: "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
}
