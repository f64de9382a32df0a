package dev.ktune.cli;

import dev.ktune.broker.EmbeddedKafka;
import dev.ktune.broker.TopicSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * The whole system on one machine: a Kafka broker (embedded, unless one is given), ktune's topics, and the four
 * services as separate processes from their packaged apps. Closing it stops the services (trainers first, so
 * they release their trials), then the broker.
 */
public final class LocalCluster implements AutoCloseable {
    /**
     * @param home        the repository root, where the packaged services are
     * @param workDir     logs, state and the embedded broker's data go here
     * @param bootstrap   an existing cluster, or empty to start an embedded broker on {@code port}
     * @param trackingUri an MLflow server, or empty to run without the sink
     */
    public record Options(Path home, Path workDir, Optional<String> bootstrap, int port, int workers, Path dataDir,
                          Optional<String> trackingUri, Map<String, String> extraEnv) {}

    private final EmbeddedKafka broker;
    private final String bootstrap;
    private final List<ServiceProcess> services = new ArrayList<>();
    /** Live trainers; the scaler thread and the caller both change it. */
    private final List<ServiceProcess> trainers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Thread> stopping = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger trainerNumbers = new java.util.concurrent.atomic.AtomicInteger();
    private final Options options;

    private LocalCluster(EmbeddedKafka broker, String bootstrap, Options options) {
        this.broker = broker;
        this.bootstrap = bootstrap;
        this.options = options;
    }

    public static LocalCluster start(Options o, Consumer<String> say) throws Exception {
        EmbeddedKafka broker = null;
        String bootstrap;
        if (o.bootstrap().isPresent()) {
            bootstrap = o.bootstrap().get();
        } else {
            broker = EmbeddedKafka.start(o.workDir().resolve("kafka"), o.port());
            bootstrap = broker.bootstrapServers();
            say.accept("Kafka broker (KRaft, share groups on) listening on " + bootstrap);
        }
        LocalCluster cluster = new LocalCluster(broker, bootstrap, o);
        try {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                TopicSetup.ensure(admin, TopicSetup.ShareGroupSettings.DEFAULT, Duration.ofSeconds(60));
            }
            say.accept("topics ready");
            cluster.startService("suggester", "suggester", "256m", Map.of());
            cluster.startService("scheduler-stream", "scheduler-stream", "256m", Map.of());
            o.trackingUri().ifPresent(uri -> cluster.startService("mlflow-sink", "mlflow-sink", "192m", Map.of("MLFLOW_TRACKING_URI", uri)));
            for (int i = 0; i < o.workers(); i++) cluster.startTrainer();
            say.accept("started " + cluster.services.size() + " services and " + o.workers() + " trainer(s); logs in " + o.workDir().resolve("logs"));
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private ServiceProcess startService(String name, String module, String heap, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(options.extraEnv());
        ServiceProcess p = ServiceProcess.startModule(options.home(), module, name, heap, bootstrap, options.workDir(), all);
        services.add(p);
        return p;
    }

    /**
     * Starts one more trainer process; each uses one PyTorch thread so several share the cores well. All of them
     * share one checkpoint directory, as pods share a volume, and report busy or idle in a status file.
     */
    public ServiceProcess startTrainer() {
        String name = "trainer-" + trainerNumbers.incrementAndGet();
        Map<String, String> env = new HashMap<>();
        env.put("KTUNE_TRAINER_DATA_DIR", options.dataDir().toAbsolutePath().toString());
        env.put("KTUNE_TRAINER_CHECKPOINT_DIR", options.workDir().resolve("checkpoints").toAbsolutePath().toString());
        env.put("KTUNE_TRAINER_STATUS_FILE", statusFile(name).toString());
        env.put("DJL_CACHE_DIR", Path.of(System.getProperty("user.home"), ".cache", "ktune", "djl").toString());
        env.put("OMP_NUM_THREADS", "1");
        ServiceProcess p = startService(name, "trainer", "768m", env);
        services.remove(p);
        trainers.add(p);
        return p;
    }

    private Path statusFile(String trainer) {
        return options.workDir().resolve("status").resolve(trainer).toAbsolutePath();
    }

    /** Whether a trainer says it is training (its status file reads {@code busy ...}). */
    public boolean busy(ServiceProcess trainer) {
        try {
            return java.nio.file.Files.readString(statusFile(trainer.name())).startsWith("busy");
        } catch (java.io.IOException e) {
            return false; // not started far enough to write it: idle
        }
    }

    /**
     * Stops one trainer, an idle one if there is one, the newest otherwise, as the ReplicaSet controller does with
     * pod-deletion-cost. SIGTERM: a busy trainer checkpoints and releases its trial. Returns at once.
     */
    public void removeTrainer() {
        List<ServiceProcess> live = List.copyOf(trainers);
        if (live.isEmpty()) return;
        ServiceProcess victim = live.stream().filter(t -> !busy(t)).reduce((a, b) -> b).orElse(live.get(live.size() - 1));
        trainers.remove(victim);
        Thread t = new Thread(() -> victim.stop(120), "stop-" + victim.name());
        stopping.add(t);
        t.start();
    }

    /** SIGKILL: the trainer gets no chance to release its trial. For tests of that fault. */
    public void killTrainer(ServiceProcess trainer) {
        trainers.remove(trainer);
        trainer.kill();
    }

    public int trainerCount() {
        trainers.removeIf(t -> !t.isAlive());
        return trainers.size();
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public List<ServiceProcess> trainers() {
        return List.copyOf(trainers);
    }

    public List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    @Override
    public void close() {
        // Trainers first: they release their trials while the broker is still there.
        trainers.parallelStream().forEach(t -> t.stop(120));
        for (Thread t : stopping) {
            try {
                t.join(130_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        services.parallelStream().forEach(s -> s.stop(30));
        if (broker != null) broker.close();
    }
}
