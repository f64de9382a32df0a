package dev.ktune.scheduler.asha;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AshaTest {
    /** Rungs in memory, as the state store holds them. */
    static final class MapRungs implements Rungs {
        final Map<Integer, Map<String, Double>> byRung = new HashMap<>();

        @Override
        public boolean recorded(int rung, String trialId) {
            return byRung.getOrDefault(rung, Map.of()).containsKey(trialId);
        }

        @Override
        public SortedValues values(int rung) {
            return SortedValues.of(byRung.getOrDefault(rung, Map.of()).values().stream().mapToDouble(Double::doubleValue).toArray());
        }

        @Override
        public void record(int rung, String trialId, double value) {
            byRung.computeIfAbsent(rung, k -> new HashMap<>()).put(trialId, value);
        }
    }

    @ParameterizedTest
    @CsvSource({"10, 1, 2, 4", "1000, 1, 10, 3", "81, 1, 3, 5", "100, 1, 4, 4", "4, 1, 2, 3", "9, 2.5, 3, 2"})
    void rungCountsMatchRay(double maxT, double grace, double rf, int rungs) {
        assertThat(Asha.milestones(maxT, grace, rf, 0)).hasSize(rungs);
    }

    @Test
    void milestonesAreGraceTimesPowersHighestFirst() {
        assertThat(Asha.milestones(10, 1, 2, 0)).containsExactly(8, 4, 2, 1);
        assertThat(Asha.milestones(9, 2.5, 3, 0)).containsExactly(7.5, 2.5);
    }

    @Test
    void judgedOncePerRung() {
        Asha asha = new Asha(10, 1, 2, true);
        MapRungs rungs = new MapRungs();
        asha.onResult("a", 1, 10, rungs);
        assertThat(asha.onResult("b", 1, 5, rungs).stop()).isTrue();
        // b keeps reporting at time 1 (e.g. sub-epoch steps): already recorded, so not judged again
        Verdict again = asha.onResult("b", 1, 5, rungs);
        assertThat(again.stop()).isFalse();
        assertThat(again.milestone()).isNull();
    }

    @Test
    void jumpingPastRungsIsJudgedAtTheHighestReached() {
        Asha asha = new Asha(100, 1, 2, true);
        MapRungs rungs = new MapRungs();
        Verdict v = asha.onResult("a", 5, 1, rungs);
        assertThat(v.milestone()).isEqualTo(4.0);
        assertThat(rungs.byRung).containsOnlyKeys(2);
    }

    @Test
    void nansAreIgnoredInTheCutoffAndAllNanRungContinues() {
        Asha asha = new Asha(10, 1, 2, true);
        MapRungs rungs = new MapRungs();
        asha.onResult("a", 1, Double.NaN, rungs);
        Verdict b = asha.onResult("b", 1, -1e9, rungs);
        assertThat(b.stop()).isFalse();
        assertThat(b.cutoff()).isNaN();
        asha.onResult("c", 1, 10, rungs);
        // rung now holds NaN, -1e9, 10: median of the non-NaN = (-1e9 + 10) / 2
        Verdict d = asha.onResult("d", 1, 0, rungs);
        assertThat(d.cutoff()).isEqualTo((-1e9 + 10) / 2);
        assertThat(d.stop()).isFalse();
        assertThat(asha.onResult("e", 1, Double.NaN, rungs).stop()).isFalse(); // NaN never compares below
    }

    @Test
    void withoutStopLastTrialsARecordedTrialContinuesPastTheTop() {
        Asha asha = new Asha(4, 1, 2, false);
        MapRungs rungs = new MapRungs();
        asha.onResult("a", 4, 100, rungs);
        assertThat(asha.onResult("b", 4, 1, rungs).stop()).isTrue();
        assertThat(asha.onResult("a", 5, 100, rungs).stop()).isFalse();
        assertThat(asha.onResult("a", 6, 0, rungs).reason()).isEqualTo("between rungs");
    }

    @Test
    void fractionalGracePeriod() {
        Asha asha = new Asha(9, 2.5, 3, true);
        MapRungs rungs = new MapRungs();
        assertThat(asha.onResult("a", 2, 1, rungs).milestone()).isNull(); // below 2.5
        assertThat(asha.onResult("a", 3, 1, rungs).milestone()).isEqualTo(2.5);
        assertThat(asha.onResult("b", 3, 2, rungs).stop()).isFalse();
        Verdict c = asha.onResult("c", 3, 1.5, rungs);
        // cutoff = 66.67th percentile of [1, 2] = 1 + 2/3
        assertThat(c.cutoff()).isCloseTo(1 + 2.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.stop()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"50, 2.5", "75, 3.25", "0, 1", "100, 4", "66.66666666666667, 3"})
    void percentileMatchesNumpyLinear(double q, double expected) {
        assertThat(SortedValues.of(4, 1, Double.NaN, 3, 2).percentile(q)).isEqualTo(expected);
    }

    @Test
    void percentileOfOneValueAndOfNothing() {
        assertThat(SortedValues.of(7).percentile(75)).isEqualTo(7);
        assertThat(SortedValues.of(Double.NaN).percentile(75)).isNaN();
    }

    /** Values kept sorted as they arrive give the percentile of the whole rung sorted at once, for any arrival order. */
    @Test
    void sortedValuesMatchTheSortedPercentile() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            double[] values = random.doubles(random.nextInt(1, 60), -5, 5).map(v -> v > 4 ? Double.NaN : Math.rint(v)).toArray();
            SortedValues sorted = SortedValues.of(values);
            for (double q : new double[] {0, 25, 50, 75, 90, 100 * (1 - 1 / 3.0)}) {
                double[] a = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
                assertThat(sorted.percentile(q)).isEqualTo(Percentile.ofSorted(a, a.length, q)); // sorted all at once
            }
            assertThat(sorted.size()).isEqualTo(values.length);
        }
        assertThat(new SortedValues().percentile(50)).isNull();
    }
}
