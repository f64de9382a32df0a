package dev.ktune.protocol;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The headers of a {@code tune-dlq} record: why it failed, where it came from, and who gave up on it. */
public final class DeadLetter {
    private DeadLetter() {}

    public static Headers headers(String error, String sourceTopic, String service) {
        RecordHeaders h = new RecordHeaders();
        h.add(Topics.DLQ_ERROR, error.getBytes(StandardCharsets.UTF_8));
        h.add(Topics.DLQ_SOURCE_TOPIC, sourceTopic.getBytes(StandardCharsets.UTF_8));
        h.add(Topics.DLQ_SERVICE, service.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    public static String error(Headers headers) {
        var h = headers.lastHeader(Topics.DLQ_ERROR);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
