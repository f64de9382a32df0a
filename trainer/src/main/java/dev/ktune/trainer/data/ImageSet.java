package dev.ktune.trainer.data;

/**
 * Labelled images in memory: pixels scaled to [0, 1], channel-first, {@code count × channels × height × width}.
 */
public record ImageSet(float[] pixels, float[] labels, int count, int channels, int height, int width) {
    public ImageSet {
        if (pixels.length != (long) count * channels * height * width) {
            throw new IllegalArgumentException("pixels: expected " + (long) count * channels * height * width + " values, got " + pixels.length);
        }
        if (labels.length != count) throw new IllegalArgumentException("labels: expected " + count + ", got " + labels.length);
    }

    public int imageSize() {
        return channels * height * width;
    }

    /** The first {@code n} images, for quick runs and tests. */
    public ImageSet head(int n) {
        int k = Math.min(n, count);
        return new ImageSet(java.util.Arrays.copyOf(pixels, k * imageSize()), java.util.Arrays.copyOf(labels, k),
                k, channels, height, width);
    }
}
