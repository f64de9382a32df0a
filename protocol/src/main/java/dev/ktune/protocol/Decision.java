package dev.ktune.protocol;

/**
 * The scheduler's answer to one {@link MetricReport}, on {@code tune-decisions} (key: trial id).
 * {@code milestone} and {@code cutoff} are set when the report was judged at an ASHA rung.
 */
public record Decision(String studyId, String trialId, int iteration, Action action, Double milestone,
                       Double cutoff, String reason) {
    /** PAUSE: checkpoint and give the trial back; the suggester runs it again, to the end, when the study has no new trial. */
    public enum Action { CONTINUE, STOP, PAUSE }

    public Decision {
        Require.id("studyId", studyId);
        Require.id("trialId", trialId);
        Require.present("action", action);
    }
}
