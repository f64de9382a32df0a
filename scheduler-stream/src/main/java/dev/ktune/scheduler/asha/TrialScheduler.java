package dev.ktune.scheduler.asha;

/** Decides on each result of a trial. Pure code: the caller supplies the study's rung state. */
public interface TrialScheduler {
    /**
     * @param time  the trial's progress (the {@code timeAttr} value)
     * @param value the objective, sign-normalised so that larger is better (NaN when unusable)
     */
    Verdict onResult(String trialId, double time, double value, Rungs rungs);

    /** The trial's final result, recorded without a decision (Ray's {@code on_trial_complete}). */
    default void onComplete(String trialId, double time, double value, Rungs rungs) {}

    /** FIFO: every trial runs to the end. */
    TrialScheduler FIFO = (trialId, time, value, rungs) -> Verdict.proceed("fifo");
}
