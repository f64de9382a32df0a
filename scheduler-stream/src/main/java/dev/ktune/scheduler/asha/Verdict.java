package dev.ktune.scheduler.asha;

/**
 * A scheduler's answer to one result: stop or not, and, when the result was judged at a rung, its milestone
 * and the cutoff it was compared with (NaN when the rung held only NaNs; null when it was empty).
 */
public record Verdict(boolean stop, Double milestone, Double cutoff, String reason) {
    public static Verdict proceed(String reason) {
        return new Verdict(false, null, null, reason);
    }
}
