package dev.ktune.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) in this JVM, built from Kafka's
 * production classes. Share groups are on because storage is formatted at the latest production metadata
 * version. The data directory is locked, since two brokers on one directory corrupt it and Kafka then halts
 * the JVM.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final String CONTROLLER = "CONTROLLER";

    private final Path dataDir;
    private final int port;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, int port, FileChannel lockChannel, FileLock lock, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.port = port;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.server = server;
    }

    /**
     * Starts a broker on {@code 127.0.0.1:port} ({@code 0} picks a free port), storing its data in
     * {@code dataDir}, which is created and formatted when new and reused otherwise.
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve(".ktune-broker.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another broker is using " + dataDir + "; stop it or choose another directory");
            }
            try {
                int brokerPort = port == 0 ? freePort() : port;
                int controllerPort = freePort();
                Path logDir = dataDir.resolve("kraft");
                Map<String, Object> props = config(logDir, brokerPort, controllerPort);
                KafkaConfig config = new KafkaConfig(props, false);
                format(logDir);
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                try {
                    server.startup();
                } catch (RuntimeException e) {
                    // A failed start leaves non-daemon threads behind unless shut down.
                    server.shutdown();
                    throw e;
                }
                return new EmbeddedKafka(dataDir, brokerPort, channel, lock, server);
            } catch (RuntimeException | IOException e) {
                lock.release();
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("starting the embedded broker in " + dataDir, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM already holds it
        }
    }

    private static Map<String, Object> config(Path logDir, int brokerPort, int controllerPort) {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", CONTROLLER);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        // One node: every internal topic at replication factor 1.
        for (String prefix : List.of("offsets.topic", "transaction.state.log", "share.coordinator.state.topic")) {
            p.put(prefix + ".replication.factor", "1");
            p.put(prefix + ".min.isr", "1");
        }
        p.put("transaction.state.log.min.isr", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        // The default 128 MiB dedupe buffer would triple the heap of a small process.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private static void format(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) return;
        try {
            new Formatter()
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(Set.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("formatting broker storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** A port nobody listens on right now, on the loopback interface. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Close Kafka clients and Streams apps first, or they spend seconds retrying a dead broker. */
    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }
}
