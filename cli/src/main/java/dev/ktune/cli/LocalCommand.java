package dev.ktune.cli;

import dev.ktune.mlflow.MlflowServer;
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

    @Option(names = "--workers", defaultValue = "2", description = "Trainer processes (default ${DEFAULT-VALUE}).")
    int workers;

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
        if (workers < 1) {
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
        LocalCluster.Options options = new LocalCluster.Options(home, work, Optional.empty(), port, workers, data, tracking, Map.of());
        final MlflowServer mlflowServer = mlflow;
        LocalCluster cluster = LocalCluster.start(options, say::line);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread cleanup = new Thread(() -> {
            stopping.set(true);
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
