package dev.ktune.scheduler.asha;

/** The values recorded at each rung of one study: a state store in production, a map in tests. */
public interface Rungs {
    boolean recorded(int rung, String trialId);

    /** Every value recorded at the rung; NaN allowed. */
    SortedValues values(int rung);

    void record(int rung, String trialId, double value);
}
