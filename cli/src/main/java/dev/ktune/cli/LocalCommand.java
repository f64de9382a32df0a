package dev.ktune.cli;

import dev.ktune.cli.scaling.AutoscalingValues;
import dev.ktune.cli.scaling.LocalScaler;
import dev.ktune.cli.scaling.ScalingSettings;
import dev.ktune.mlflow.MlflowServer;
import org.apache.kafka.clients.admin.Admin;
import dev.ktune.protocol.StudyStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ktune local STUDY.json}: the whole system on this machine (broker, topics, the four services as processes,
 * MLflow when available), runs one study to the end with live progress, prints the best trial and stops everything.
 */
@Command(name = "local", mixinStandardHelpOptions = true, description = "Run a study on this machine, end to end.")
final class LocalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "STUDY.json", description = "The study spec (JSON).")
    Path study;

    @Option(names = "--port", defaultValue = "9092", description = "Port of the embedded Kafka broker; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--workers", description = "A fixed number of trainer processes instead of autoscaling.")
    Integer workers;

    @Option(names = "--values", description = "Helm values whose trainer.autoscaling the local scaler follows (default: deploy/helm/ktune/values.yaml).")
    Path values;

    @Option(names = "--data-dir", description = "Directory with the Fashion-MNIST IDX files (default: the repository's subset).")
    Path dataDir;

    @Option(names = "--work-dir", description = "Where logs, state and broker data go (default: .ktune/runs/STUDY-TIME).")
    Path workDir;

    @Option(names = "--timeout", defaultValue = "PT2H", description = "Give up after this long, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Studies.StudyFile file = Studies.readOrExplain(study);
        if (file == null) return 2;
        if (workers != null && workers < 1) {
            System.err.println("--workers: must be >= 1, got " + workers);
            return 2;
        }
        Path home = Path.of(System.getProperty("ktune.home", ".")).toAbsolutePath().normalize();
        String id = file.spec().studyId();
        Path work = workDir != null ? workDir : home.resolve(".ktune/runs")
                .resolve(id + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path data = dataDir != null ? dataDir : home.resolve("examples/data/fashion-mnist-small");
        long start = System.nanoTime();
        Say say = new Say(start);
        MlflowServer mlflow = null;
        Optional<String> tracking = Optional.ofNullable(System.getenv("MLFLOW_TRACKING_URI")).filter(s -> !s.isBlank());
        if (tracking.isEmpty()) {
            Optional<Path> command = Mlflow.find();
            if (command.isPresent()) {
                mlflow = MlflowServer.start(command.get(), work.resolve("mlflow"), Duration.ofMinutes(2));
                tracking = Optional.of(mlflow.trackingUri());
                say.line("MLflow tracking server at " + mlflow.trackingUri() + " (store: " + work.resolve("mlflow") + ")");
            } else {
                say.line("MLflow tracking is off: set MLFLOW_TRACKING_URI or put the 'mlflow' command on PATH to record this study");
            }
        } else {
            say.line("MLflow tracking at " + tracking.get());
        }
        Files.createDirectories(work);
        ScalingSettings scaling = workers == null
                ? AutoscalingValues.read(values != null ? values : home.resolve("deploy/helm/ktune/values.yaml")) : null;
        LocalCluster.Options options = new LocalCluster.Options(home, work, Optional.empty(), port,
                workers == null ? 0 : workers, data, tracking, Map.of());
        final MlflowServer mlflowServer = mlflow;
        LocalCluster cluster = LocalCluster.start(options, say::line);
        LocalScaler scaler = null;
        if (scaling != null) {
            say.line(String.format(Locale.ROOT, "autoscaling trainers %d..%d on the trial backlog (lag threshold %d, every %ds, cooldown %ds)",
                    scaling.minReplicaCount(), scaling.maxReplicaCount(), scaling.lagThreshold(),
                    scaling.pollingInterval().toSeconds(), scaling.cooldownPeriod().toSeconds()));
            scaler = startScaler(cluster, scaling, say);
        }
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        final LocalScaler scalerToStop = scaler;
        Thread cleanup = new Thread(() -> {
            stopping.set(true);
            if (scalerToStop != null) scalerToStop.stop();
            say.line("stopping ktune local...");
            cluster.close();
            if (mlflowServer != null) mlflowServer.close();
        });
        Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C stops every process we started
        StudyStatus end;
        try (StudyWatcher watcher = new StudyWatcher(cluster.bootstrapServers(), id)) {
            Studies.submit(cluster.bootstrapServers(), file);
            say.line("submitted study " + id);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!watcher.progress().finished() && System.nanoTime() < deadline && !stopping.get()) {
                watcher.poll(Duration.ofMillis(500), say::line);
                for (ServiceProcess s : cluster.services()) {
                    // Ctrl-C reaches the children too: their exit is expected then.
                    if (!s.isAlive() && !stopping.get()) throw new IllegalStateException(s.name() + " exited; see " + s.log());
                }
            }
            end = watcher.progress().status();
            if (scaler != null && end != null && !stopping.get()) awaitScaleToZero(cluster, scaling, say, stopping);
            if (end != null && end.state() == StudyStatus.State.COMPLETED) {
                System.out.println();
                System.out.print(watcher.progress().table());
                System.out.println();
            }
        }
        if (stopping.get()) return 130;
        if (end == null || !finished(end)) {
            say.line("the study did not finish within " + timeout);
            return 1;
        }
        if (end.state() == StudyStatus.State.REJECTED) return 2;
        double minutes = (System.nanoTime() - start) / 6e10;
        if (end.best() != null) {
            System.out.printf(Locale.ROOT, "best trial: %s  %s = %.4f  params %s%n", end.best().trialId(),
                    end.spec().objective().metric(), end.best().value(), Progress.params(end.best().params()));
        } else {
            System.out.println("no trial produced a value for " + end.spec().objective().metric());
        }
        System.out.printf(Locale.ROOT, "%d trials (%d completed, %d stopped early, %d failed) in %.1f minutes%s%n",
                end.trialsFinished(), end.trialsCompleted(), end.trialsStopped(), end.trialsFailed(), minutes,
                tracking.map(t -> "; MLflow experiment '" + id + "' at " + t).orElse(""));
        return 0;
    }

    /** With the study done, the backlog is empty: the scaler brings trainers to zero after its cooldown. */
    private static void awaitScaleToZero(LocalCluster cluster, ScalingSettings scaling, Say say,
                                         java.util.concurrent.atomic.AtomicBoolean stopping) throws InterruptedException {
        if (cluster.trainerCount() == 0) return;
        say.line("study finished; waiting for the scaler to take trainers back to 0 (cooldown " + scaling.cooldownPeriod().toSeconds() + "s)");
        long deadline = System.nanoTime() + scaling.cooldownPeriod().plus(scaling.pollingInterval().multipliedBy(3))
                .plusMinutes(2).toNanos();
        while (cluster.trainerCount() > 0 && System.nanoTime() < deadline && !stopping.get()) Thread.sleep(500);
        if (cluster.trainerCount() == 0) say.line("trainers: 0");
    }

    /** The scaler on its own thread, acting on the cluster's trainers. */
    private static LocalScaler startScaler(LocalCluster cluster, ScalingSettings scaling, Say say) {
        Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
        LocalScaler scaler = new LocalScaler(admin, scaling, new LocalScaler.Trainers() {
            @Override
            public int count() {
                return cluster.trainerCount();
            }

            @Override
            public void add() {
                cluster.startTrainer();
            }

            @Override
            public void removeOne() {
                cluster.removeTrainer();
            }
        }, say::line);
        Thread t = new Thread(scaler, "local-scaler");
        t.setDaemon(true);
        t.start();
        return scaler;
    }

    private static boolean finished(StudyStatus s) {
        return s.state() == StudyStatus.State.COMPLETED || s.state() == StudyStatus.State.REJECTED;
    }

    /** Timestamped output lines. */
    record Say(long start) {
        void line(String text) {
            System.out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, text);
        }
    }
}
