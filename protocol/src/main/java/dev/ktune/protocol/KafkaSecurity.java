package dev.ktune.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * Kafka client security from the environment, as the Helm chart sets it, for every ktune client:
 * {@code KAFKA_SECURITY_PROTOCOL} (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL), {@code KAFKA_SASL_MECHANISM},
 * {@code KAFKA_SASL_JAAS_CONFIG}, and {@code KAFKA_SSL_TRUSTSTORE_LOCATION} (a PEM file of CA certificates). Unset
 * variables add nothing, so a plain local broker needs none.
 */
public final class KafkaSecurity {
    private KafkaSecurity() {}

    public static Map<String, Object> fromEnv() {
        return from(System.getenv());
    }

    public static Map<String, Object> from(Map<String, String> env) {
        Map<String, Object> p = new HashMap<>();
        String protocol = env.get("KAFKA_SECURITY_PROTOCOL");
        if (protocol != null && !protocol.isBlank()) p.put("security.protocol", protocol);
        putIfSet(p, "sasl.mechanism", env.get("KAFKA_SASL_MECHANISM"));
        putIfSet(p, "sasl.jaas.config", env.get("KAFKA_SASL_JAAS_CONFIG"));
        String truststore = env.get("KAFKA_SSL_TRUSTSTORE_LOCATION");
        if (truststore != null && !truststore.isBlank()) {
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.location", truststore);
        }
        return p;
    }

    /** {@code base} plus the security settings. */
    public static Map<String, Object> with(Map<String, Object> base) {
        Map<String, Object> all = new HashMap<>(base);
        all.putAll(fromEnv());
        return all;
    }

    private static void putIfSet(Map<String, Object> p, String key, String value) {
        if (value != null && !value.isBlank()) p.put(key, value);
    }
}
