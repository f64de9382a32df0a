package dev.ktune.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands the Kafka security environment variables ({@link KafkaSecurity}) to Quarkus's Kafka Streams as
 * {@code kafka-streams.*} settings, only when they are set: a property file cannot leave a key out when its
 * variable is empty. Registered as a MicroProfile Config source; apps without Kafka Streams ignore these keys.
 */
public final class KafkaStreamsSecurityConfigSource implements ConfigSource {
    private final Map<String, String> properties = new HashMap<>();

    public KafkaStreamsSecurityConfigSource() {
        KafkaSecurity.fromEnv().forEach((k, v) -> properties.put("kafka-streams." + k, String.valueOf(v)));
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String name) {
        return properties.get(name);
    }

    @Override
    public String getName() {
        return "ktune-kafka-security";
    }

    @Override
    public int getOrdinal() {
        return 250; // above application.properties, below system properties
    }
}
