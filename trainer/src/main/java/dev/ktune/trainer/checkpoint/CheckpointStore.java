package dev.ktune.trainer.checkpoint;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.ktune.protocol.Json;
import dev.ktune.trainer.train.ResumableAdam;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Trial checkpoints in a directory that every trainer can reach (a shared volume in Kubernetes, the run directory
 * in {@code ktune local}): per trial, {@code progress.json}, {@code model.params} and {@code optimizer.bin}. A
 * checkpoint is written whole into a fresh directory and then swapped in, so a trainer killed while writing leaves
 * the previous checkpoint intact.
 */
public final class CheckpointStore {
    private static final String PROGRESS = "progress.json";
    private final Path root;

    public CheckpointStore(Path root) {
        this.root = root;
    }

    public Optional<Progress> progress(String trialId) {
        Path file = latest(trialId).resolve(PROGRESS);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(Json.read(Files.readAllBytes(file), Progress.class));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** Restores the model's parameters and the optimizer's state saved with the trial's latest progress. */
    public void restore(String trialId, Block block, NDManager manager, ResumableAdam optimizer) throws IOException {
        Path dir = latest(trialId);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve("model.params"))))) {
            ModelState.load(block, manager, in);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve("optimizer.bin"))))) {
            optimizer.load(in);
        }
    }

    public void save(String trialId, Progress progress, Block block, ResumableAdam optimizer) throws IOException {
        Path next = Files.createDirectories(root).resolve(trialId + ".next");
        delete(next);
        Files.createDirectories(next);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(next.resolve("model.params"))))) {
            ModelState.save(block, out);
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(next.resolve("optimizer.bin"))))) {
            optimizer.save(out);
        }
        Files.write(next.resolve(PROGRESS), Json.write(progress)); // last: its presence marks the checkpoint complete
        Path current = root.resolve(trialId);
        delete(current);
        Files.move(next, current, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Updates only the progress record (e.g. that an epoch's report was sent), atomically. */
    public void update(String trialId, Progress progress) throws IOException {
        Path dir = latest(trialId);
        Path tmp = dir.resolve(PROGRESS + ".tmp");
        Files.write(tmp, Json.write(progress));
        Files.move(tmp, dir.resolve(PROGRESS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public void delete(String trialId) {
        try {
            delete(root.resolve(trialId));
            delete(root.resolve(trialId + ".next"));
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the checkpoint of " + trialId, e);
        }
    }

    /** The complete checkpoint: the current one, or a finished next one if the swap was interrupted. */
    private Path latest(String trialId) {
        Path current = root.resolve(trialId);
        Path next = root.resolve(trialId + ".next");
        return Files.isRegularFile(current.resolve(PROGRESS)) || !Files.isRegularFile(next.resolve(PROGRESS)) ? current : next;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
