package dev.ktune.scheduler.asha;

/**
 * A scheduler's answer to one result: continue, stop or pause, and, when the result was judged at a rung (or a time),
 * its milestone and the cutoff it was compared with (NaN when the rung held only NaNs; null when it was empty).
 */
public record Verdict(Action action, Double milestone, Double cutoff, String reason) {
    public enum Action { CONTINUE, STOP, PAUSE }

    public Verdict(boolean stop, Double milestone, Double cutoff, String reason) {
        this(stop ? Action.STOP : Action.CONTINUE, milestone, cutoff, reason);
    }

    public static Verdict proceed(String reason) {
        return new Verdict(Action.CONTINUE, null, null, reason);
    }

    public boolean stop() {
        return action == Action.STOP;
    }
}
