package dev.ktune.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST from a directory holding the four original IDX files ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
 * optionally {@code .gz}): the full dataset or the repository's small subset alike.
 */
public record FashionMnist(ImageSet train, ImageSet test) {
    public static FashionMnist load(Path dir) throws IOException {
        return new FashionMnist(load(dir, "train"), load(dir, "t10k"));
    }

    private static ImageSet load(Path dir, String split) throws IOException {
        Idx.Tensor images = Idx.read(find(dir, split + "-images-idx3-ubyte"));
        Idx.Tensor labels = Idx.read(find(dir, split + "-labels-idx1-ubyte"));
        if (images.dims().length != 3 || labels.dims().length != 1 || images.dims()[0] != labels.dims()[0]) {
            throw new IOException(dir + ": " + split + " images and labels do not match");
        }
        float[] pixels = new float[images.data().length];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (images.data()[i] & 0xFF) / 255f;
        float[] y = new float[labels.data().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.data()[i] & 0xFF;
            if (y[i] > 9) throw new IOException(dir + ": label " + (int) y[i] + " out of range 0..9 at " + i);
        }
        return new ImageSet(pixels, y, images.dims()[0], 1, images.dims()[1], images.dims()[2]);
    }

    private static Path find(Path dir, String name) throws IOException {
        for (Path p : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
            if (Files.isRegularFile(p)) return p;
        }
        throw new IOException("Fashion-MNIST file " + name + "[.gz] not found in " + dir.toAbsolutePath()
                + " (set ktune.trainer.data-dir / KTUNE_TRAINER_DATA_DIR to a directory with the four IDX files)");
    }
}
