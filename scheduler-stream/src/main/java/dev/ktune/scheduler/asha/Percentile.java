package dev.ktune.scheduler.asha;

/**
 * numpy's {@code nanpercentile} with its default linear interpolation, rounding step for rounding step, over values
 * already sorted with the NaNs left out ({@link SortedValues} keeps them so).
 */
public final class Percentile {
    private Percentile() {}

    /** The percentile of the first {@code n} values of {@code sorted}, which are sorted and not NaN. */
    static double ofSorted(double[] sorted, int n, double percent) {
        if (n == 0) return Double.NaN;
        double index = percent / 100 * (n - 1);
        int below = (int) Math.floor(index);
        int above = Math.min(below + 1, n - 1);
        return lerp(sorted[below], sorted[above], index - below);
    }

    /** numpy's _lerp: from the nearer end, so that t = 1 gives b exactly. */
    static double lerp(double a, double b, double t) {
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
