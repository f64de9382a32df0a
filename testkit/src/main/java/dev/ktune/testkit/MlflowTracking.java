package dev.ktune.testkit;

import dev.ktune.mlflow.MlflowServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real MLflow tracking server. The first use creates a Python virtual environment with a pinned
 * {@code mlflow} from PyPI, cached outside the build directory ({@code $KTUNE_CACHE}, default
 * {@code ~/.cache/ktune}) so later builds reuse it; then it starts {@code mlflow server} with a SQLite backend
 * on a free port. One server per test JVM. Tests take a {@link Tracking} parameter.
 */
public final class MlflowTracking implements ParameterResolver {
    public static final String MLFLOW_VERSION = "2.17.2";
    /** mlflow 2.17 imports a pool class that SQLAlchemy 2.1 removed; keep it on 2.0. */
    static final List<String> REQUIREMENTS = List.of("mlflow==" + MLFLOW_VERSION, "sqlalchemy<2.1");

    /** What a test sees of the server. */
    public interface Tracking {
        String trackingUri();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Tracking.class;
    }

    @Override
    public Tracking resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot().getStore(ExtensionContext.Namespace.create(MlflowTracking.class))
                .getOrComputeIfAbsent("server", k -> start(), Running.class);
    }

    private static Running start() {
        try {
            Path mlflow = installedMlflow();
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ktune-mlflow");
            return new Running(MlflowServer.start(mlflow, dir, Duration.ofMinutes(2)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The venv's {@code mlflow} command, creating the venv on first use. */
    public static Path installedMlflow() throws IOException {
        Path cache = Path.of(System.getenv().getOrDefault("KTUNE_CACHE", System.getProperty("user.home") + "/.cache/ktune"));
        Path venv = cache.resolve("mlflow-" + MLFLOW_VERSION);
        Path mlflow = venv.resolve("bin/mlflow");
        Path done = venv.resolve(".ktune-installed");
        String wanted = String.join(" ", REQUIREMENTS);
        if (Files.exists(done) && Files.isExecutable(mlflow) && Files.readString(done).equals(wanted)) return mlflow;
        String python = findPython();
        Files.createDirectories(cache);
        run(List.of(python, "-m", "venv", venv.toString()), "creating a virtual environment in " + venv);
        List<String> pip = new java.util.ArrayList<>(List.of(venv.resolve("bin/pip").toString(), "install", "--quiet"));
        pip.addAll(REQUIREMENTS);
        run(pip, "installing " + wanted + " from PyPI into " + venv);
        Files.writeString(done, wanted);
        return mlflow;
    }

    private static String findPython() {
        for (String candidate : List.of("python3", "python")) {
            try {
                Process p = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) return candidate;
            } catch (IOException e) {
                // try the next name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new IllegalStateException("The MLflow tests need Python 3.9+ with the venv module (python3 on PATH) "
                + "to install a local MLflow server. Install it, e.g. 'apt-get install python3 python3-venv', and rerun.");
    }

    private static void run(List<String> command, String what) throws IOException {
        System.err.println("[ktune-testkit] " + what + " (once; cached for later runs)");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).inheritIO().start();
        try {
            if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    private record Running(MlflowServer server) implements Tracking, ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public String trackingUri() {
            return server.trackingUri();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
