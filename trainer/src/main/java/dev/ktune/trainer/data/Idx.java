package dev.ktune.trainer.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads an unsigned-byte IDX file (the MNIST family's format), gzipped or not. */
public final class Idx {
    /** The dimensions and the bytes, row-major. */
    public record Tensor(int[] dims, byte[] data) {}

    private Idx() {}

    public static Tensor read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            if ((magic >>> 8) != 0x08) {
                throw new IOException(file + ": not an unsigned-byte IDX file (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int[] dims = new int[magic & 0xFF];
            long size = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = in.readInt();
                size *= dims[i];
            }
            if (size > Integer.MAX_VALUE) throw new IOException(file + ": too large (" + size + " bytes)");
            byte[] data = new byte[(int) size];
            in.readFully(data);
            return new Tensor(dims, data);
        }
    }
}
