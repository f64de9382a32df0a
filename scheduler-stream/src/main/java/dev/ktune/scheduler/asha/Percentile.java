package dev.ktune.scheduler.asha;

import java.util.Arrays;

/** numpy's {@code nanpercentile} with its default linear interpolation, rounding step for rounding step. */
public final class Percentile {
    private Percentile() {}

    /** The {@code percent}-th percentile of the non-NaN values; NaN when there are none. */
    public static double nanPercentile(double[] values, double percent) {
        double[] a = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (a.length == 0) return Double.NaN;
        double q = percent / 100;
        double index = q * (a.length - 1);
        int below = (int) Math.floor(index);
        int above = Math.min(below + 1, a.length - 1);
        return lerp(a[below], a[above], index - below);
    }

    /** numpy's _lerp: from the nearer end, so that t = 1 gives b exactly. */
    static double lerp(double a, double b, double t) {
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
