package dev.ktune.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One ktune service as a child process, started from the same packaged Quarkus app that runs in a pod
 * ({@code MODULE/target/quarkus-app/quarkus-run.jar}) and configured through environment variables, as the Helm
 * chart configures it. Output goes to a log file.
 */
public final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static Path artifact(Path home, String module) {
        Path jar = home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with './mvnw -DskipTests package' (./ktune does this for you)");
        }
        return jar;
    }

    public static ServiceProcess start(String name, Path jar, List<String> jvmOptions, Map<String, String> env, Path logDir) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            return new ServiceProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + name, e);
        }
    }

    /**
     * Starts the packaged service {@code module} as {@code ktune local} and the Helm chart run it: Kafka at
     * {@code bootstrap}, state, temporary files and the log under {@code workDir}, health on a free port (several
     * services share one host), a small serial-GC heap; {@code env} adds to or overrides that.
     */
    public static ServiceProcess startModule(Path home, String module, String name, String heap, String bootstrap,
                                             Path workDir, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>();
        all.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        all.put("QUARKUS_HTTP_PORT", "0");
        all.put("KTUNE_STATE_DIR", workDir.resolve("state").resolve(name).toString());
        all.putAll(env);
        Path tmp = workDir.resolve("tmp");
        tmp.toFile().mkdirs();
        return start(name, artifact(home, module), List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmp), all,
                workDir.resolve("logs"));
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, so the service shuts down cleanly (a trainer releases its trial); SIGKILL after the grace period. */
    public void stop(long graceSeconds) {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, and wait for the process to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(60);
    }
}
