package dev.ktune.trainer.busy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jboss.logging.Logger;

/** {@code ktune local}'s signal: a file holding {@code busy <trial>} or {@code idle}, replaced atomically. */
public final class StatusFile implements BusySignal {
    private static final Logger LOG = Logger.getLogger(StatusFile.class);
    private final Path file;

    public StatusFile(Path file) {
        this.file = file;
        idle();
    }

    @Override
    public void busy(String trialId) {
        write("busy " + trialId);
    }

    @Override
    public void idle() {
        write("idle");
    }

    private void write(String status) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, status);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warnf("could not write the status file %s: %s", file, e.toString());
        }
    }
}
