package dev.ktune.trainer.kafka;

import dev.ktune.trainer.busy.BusySignal;
import dev.ktune.trainer.busy.PodDeletionCost;
import dev.ktune.trainer.busy.StatusFile;
import dev.ktune.trainer.checkpoint.CheckpointStore;
import dev.ktune.trainer.config.TrainerConfig;
import dev.ktune.trainer.data.FashionMnist;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Wires a trainer together: PyTorch settings, the dataset, the Kafka clients, the decision watcher and the
 * worker thread. Everything that can fail on a bad setting fails here, at startup, with the setting's name.
 */
public final class TrialWorkers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrialWorkers.class);
    private final TrialWorker worker;
    private final Thread thread;
    private final DecisionWatcher decisions;
    private final org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> producer;

    private TrialWorkers(TrialWorker worker, Thread thread, DecisionWatcher decisions,
                         org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> producer) {
        this.worker = worker;
        this.thread = thread;
        this.decisions = decisions;
        this.producer = producer;
    }

    public static TrialWorkers start(TrainerConfig config, String group) throws Exception {
        if (config.threads() < 1) throw new IllegalArgumentException("ktune.trainer.threads: must be >= 1, got " + config.threads());
        // DJL reads these once, when the engine first loads: set them before any NDArray exists.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.threads()));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.offline", "true");
        Path dataDir = Path.of(config.dataDir());
        FashionMnist data = FashionMnist.load(dataDir);
        LOG.infof("loaded %d training and %d test images from %s", data.train().count(), data.test().count(), dataDir.toAbsolutePath());
        String clientId = "trainer-" + ManagementFactory.getRuntimeMXBean().getPid();
        var producer = Clients.producer(config.bootstrapServers(), clientId);
        DecisionWatcher decisions = new DecisionWatcher(Clients.decisions(config.bootstrapServers(), clientId));
        decisions.start();
        TrialRunner runner = new TrialRunner(data, producer, decisions, config.decisionTimeout(),
                new CheckpointStore(Path.of(config.checkpointDir())), config.deliveryLimit());
        TrialWorker worker = new TrialWorker(Clients.trials(config.bootstrapServers(), group, clientId), producer, runner,
                config.renewInterval(), config.serviceName(), busySignal(config));
        Thread thread = new Thread(worker, "trial-worker");
        thread.start();
        return new TrialWorkers(worker, thread, decisions, producer);
    }

    /** A status file when configured (ktune local), else the pod's deletion cost when in Kubernetes, else nothing. */
    static BusySignal busySignal(TrainerConfig config) {
        if (config.statusFile().isPresent()) return new StatusFile(Path.of(config.statusFile().get()));
        return PodDeletionCost.inCluster(Path.of("/var/run/secrets/kubernetes.io/serviceaccount"), System.getenv("POD_NAME"),
                System.getenv("KUBERNETES_SERVICE_HOST"), System.getenv().getOrDefault("KUBERNETES_SERVICE_PORT", "443"))
                .orElse(BusySignal.NONE);
    }

    public boolean running() {
        return thread.isAlive();
    }

    /** Stops at the current batch's end, checkpointing and releasing the trial; waits up to a few minutes for it. */
    @Override
    public void close() {
        worker.stop();
        try {
            thread.join(300_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        decisions.close();
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
