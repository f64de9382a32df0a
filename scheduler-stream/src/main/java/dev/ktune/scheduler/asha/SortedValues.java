package dev.ktune.scheduler.asha;

import java.util.Arrays;

/**
 * The values recorded at one rung, kept sorted as they arrive (NaNs only counted), so that a cutoff is two array reads
 * instead of a sort of the whole rung: the hot path once a study's rungs hold thousands of trials.
 */
public final class SortedValues {
    private double[] sorted = new double[16];
    private int n;
    private int nans;

    public static SortedValues of(double... values) {
        SortedValues s = new SortedValues();
        for (double v : values) s.add(v);
        return s;
    }

    public void add(double value) {
        if (Double.isNaN(value)) {
            nans++;
            return;
        }
        int i = Arrays.binarySearch(sorted, 0, n, value);
        if (i < 0) i = -i - 1;
        if (n == sorted.length) sorted = Arrays.copyOf(sorted, n * 2);
        System.arraycopy(sorted, i, sorted, i + 1, n - i);
        sorted[i] = value;
        n++;
    }

    /** Every value recorded, NaNs included. */
    public int size() {
        return n + nans;
    }

    /** numpy's {@code nanpercentile} (linear) of the values: null when there are none, NaN when all are NaN. */
    public Double percentile(double percent) {
        if (size() == 0) return null;
        return Percentile.ofSorted(sorted, n, percent);
    }
}
