package dev.ktune.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The trainer's settings ({@code ktune.trainer.*}, or environment variables {@code KTUNE_TRAINER_*}). */
@ConfigMapping(prefix = "ktune.trainer")
public interface TrainerConfig {
    /** Kafka bootstrap servers. */
    String bootstrapServers();

    /** A directory with the four Fashion-MNIST IDX files (gzipped or not). */
    String dataDir();

    /** PyTorch intra-op threads: several trainers share the machine's cores, so one each by default. */
    @WithDefault("1")
    int threads();

    /** How long to wait for the scheduler's decision on an epoch before training on without it. */
    @WithDefault("30s")
    Duration decisionTimeout();

    /** How often to renew the acquisition lock on the trial being trained (the broker's lock lasts 30 s by default). */
    @WithDefault("10s")
    Duration renewInterval();

    /**
     * Where trial checkpoints go: a directory every trainer can reach (a shared volume in Kubernetes), so that a trial
     * released by one trainer is resumed by another.
     */
    @WithDefault("${java.io.tmpdir}/ktune-checkpoints")
    String checkpointDir();

    /**
     * The share group's {@code share.delivery.count.limit}. A trial is trained on at most {@code limit - 1} deliveries:
     * when one fails with an error on the last of them it is reported FAILED with that error; the last delivery only
     * happens when the attempt before it died without a result (killed, out of memory), and it reports the trial FAILED
     * as lost instead of training it, so that a trial which kills every trainer cannot leave its study waiting forever.
     */
    @WithDefault("5")
    int deliveryLimit();

    /** A file to write {@code busy <trial>} or {@code idle} to, for ktune local's scaler. */
    java.util.Optional<String> statusFile();

    /** Named in the headers of what this service sends to {@code tune-dlq}. */
    @WithDefault("trainer")
    String serviceName();
}
