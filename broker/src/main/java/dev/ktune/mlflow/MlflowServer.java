package dev.ktune.mlflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local MLflow tracking server ({@code mlflow server} with a SQLite backend on 127.0.0.1), run as a child
 * process. Used by {@code ktune local} and by the tests. Its output goes to {@code server.log} in its directory.
 */
public final class MlflowServer implements AutoCloseable {
    private final Process process;
    private final String uri;

    private MlflowServer(Process process, String uri) {
        this.process = process;
        this.uri = uri;
    }

    /** Starts {@code mlflowCommand server} storing runs under {@code dir}, and waits until it answers. */
    public static MlflowServer start(Path mlflowCommand, Path dir, Duration timeout) {
        try {
            Files.createDirectories(dir.resolve("artifacts"));
            int port = dev.ktune.broker.EmbeddedKafka.freePort();
            ProcessBuilder pb = new ProcessBuilder(List.of(mlflowCommand.toString(), "server",
                    "--backend-store-uri", "sqlite:///" + dir.toAbsolutePath().resolve("mlflow.db"),
                    "--default-artifact-root", dir.toAbsolutePath().resolve("artifacts").toString(),
                    "--host", "127.0.0.1", "--port", Integer.toString(port), "--workers", "1"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile());
            // The venv's bin must come first so gunicorn and friends resolve to the venv's copies.
            pb.environment().put("PATH", mlflowCommand.toAbsolutePath().getParent() + ":" + System.getenv("PATH"));
            Process process = pb.start();
            MlflowServer server = new MlflowServer(process, "http://127.0.0.1:" + port);
            try {
                server.awaitHealthy(timeout, dir.resolve("server.log"));
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + mlflowCommand + " server", e);
        }
    }

    private void awaitHealthy(Duration timeout, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mlflow server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(uri + "/health")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for mlflow", e);
            }
            sleep(250);
        }
        throw new IllegalStateException("mlflow server did not answer within " + timeout + "; see " + log);
    }

    public String trackingUri() {
        return uri;
    }

    @Override
    public void close() {
        // gunicorn forks workers: stop the whole tree, not just the parent.
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
