package dev.ktune.trainer.kafka;

import dev.ktune.protocol.KafkaSecurity;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The trainer's Kafka clients, configured in one place. */
final class Clients {
    private Clients() {}

    static KafkaProducer<String, byte[]> producer(String bootstrap, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(KafkaSecurity.with(p), new StringSerializer(), new ByteArraySerializer());
    }

    /** One record at a time, acknowledged explicitly: a trial is a unit of work, locked while it trains. */
    static KafkaShareConsumer<String, byte[]> trials(String bootstrap, String group, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-trials");
        p.put("share.acknowledgement.mode", "explicit");
        // The default batch_optimized mode ignores max.poll.records and would lock several trials at once.
        p.put("share.acquire.mode", "record_limit");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        return new KafkaShareConsumer<>(KafkaSecurity.with(p), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads every decision from now on; read_committed since the scheduler writes transactionally. */
    static KafkaConsumer<String, byte[]> decisions(String bootstrap, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-decisions");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new KafkaConsumer<>(KafkaSecurity.with(p), new StringDeserializer(), new ByteArrayDeserializer());
    }
}
