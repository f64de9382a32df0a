package dev.ktune.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds an {@code mlflow} command: on PATH, or the virtual environment the test kit installs. */
final class Mlflow {
    private Mlflow() {}

    static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "mlflow");
            if (!dir.isBlank() && Files.isExecutable(p)) return Optional.of(p);
        }
        Path cache = Path.of(System.getenv().getOrDefault("KTUNE_CACHE", System.getProperty("user.home") + "/.cache/ktune"));
        Path venv = cache.resolve("mlflow-2.17.2/bin/mlflow");
        return Files.isExecutable(venv) && Files.exists(venv.getParent().getParent().resolve(".ktune-installed"))
                ? Optional.of(venv) : Optional.empty();
    }
}
