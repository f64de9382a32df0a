package dev.ktune.protocol;

/** What a study optimises: a metric the trainer reports, and whether higher ({@code max}) or lower is better. */
public record Objective(String metric, String mode) {
    public static final Objective DEFAULT = new Objective("valAccuracy", "max");

    /** +1 for max, -1 for min: multiply a value by this and larger is always better. */
    public double sign() {
        return "min".equals(mode) ? -1 : 1;
    }

    public boolean better(double candidate, double incumbent) {
        return sign() * candidate > sign() * incumbent;
    }
}
