package dev.ktune.protocol;

/** Seeding shared by the services that must draw the same numbers after a restart (sampler, ASHA brackets). */
public final class Seeds {
    private Seeds() {}

    /** SplitMix64's finaliser: nearby inputs give unrelated outputs. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
