package dev.ktune.scheduler.asha;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MedianStoppingRuleTest {
    static final class MapResults implements MedianStoppingRule.Results {
        final Map<String, List<double[]>> byTrial = new LinkedHashMap<>();

        @Override
        public void add(String trialId, double time, double value) {
            byTrial.computeIfAbsent(trialId, t -> new ArrayList<>()).add(new double[] {time, value});
        }

        @Override
        public void addFinal(String trialId, double time, double value) {
            add(trialId, time, value);
        }

        @Override
        public Map<String, List<double[]>> byTrial() {
            return byTrial;
        }

        final Set<String> stopped = new HashSet<>();

        @Override
        public boolean stopped(String trialId) {
            return stopped.contains(trialId);
        }

        @Override
        public void markStopped(String trialId) {
            stopped.add(trialId);
        }
    }

    @Test
    void stopsATrialWhoseBestIsBelowTheMedianOfTheOthersRunningMeans() {
        MedianStoppingRule rule = new MedianStoppingRule(1, 3, true); // 3: no trial is judged while the others report
        MapResults r = new MapResults();
        for (int t = 1; t <= 3; t++) {
            rule.onResult("a", t, 10 * t, r); // running means at 2: (10 + 20) / 2 = 15
            rule.onResult("b", t, 2 * t, r); // (2 + 4) / 2 = 3
            rule.onResult("c", t, t, r); // (1 + 2) / 2 = 1.5
        }
        // at time 1 the others' means over [1, 1] are 10, 2 and 1: median 2; d's best 2.5 is not below
        Verdict d1 = rule.onResult("d", 1, 2.5, r);
        assertThat(d1.stop()).isFalse();
        assertThat(d1.cutoff()).isEqualTo(2.0);
        // at time 2 their means over [1, 2] are 15, 3 and 1.5: median 3; d's best is still 2.5, now below
        Verdict d2 = rule.onResult("d", 2, 1, r);
        assertThat(d2.stop()).isTrue();
        assertThat(d2.cutoff()).isEqualTo(3.0);
        assertThat(d2.milestone()).isEqualTo(2.0);
    }

    @Test
    void withinTheGracePeriodOrWithTooFewOthersItContinues() {
        MedianStoppingRule rule = new MedianStoppingRule(2, 2, true);
        MapResults r = new MapResults();
        rule.onResult("a", 1, 10, r);
        rule.onResult("a", 2, 10, r);
        assertThat(rule.onResult("b", 1, -100, r).reason()).isEqualTo("within the grace period");
        Verdict b2 = rule.onResult("b", 2, -100, r);
        assertThat(b2.stop()).isFalse(); // only one other trial reached time 2
        assertThat(r.byTrial.get("b")).hasSize(2); // results are recorded even when not judged
    }

    @Test
    void aTrialsBestValueCountsNotItsLast() {
        MedianStoppingRule rule = new MedianStoppingRule(0, 1, true);
        MapResults r = new MapResults();
        rule.onResult("a", 1, 5, r);
        rule.onResult("a", 2, 5, r);
        rule.onResult("b", 1, 9, r);
        assertThat(rule.onResult("b", 2, 1, r).stop()).isFalse(); // best 9 >= median 5
    }

    @Test
    void numpyMedian() {
        assertThat(MedianStoppingRule.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(MedianStoppingRule.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
        assertThat(MedianStoppingRule.median(new double[] {1, Double.NaN})).isNaN();
    }

    /** Ray (2.60) leaves NaN and infinite means out of the median; a NaN best is below any median, so it stops. */
    @Test
    void nanAndInfiniteMeansAreLeftOutAndANanBestStops() {
        MedianStoppingRule rule = new MedianStoppingRule(1, 1, true);
        MapResults r = new MapResults();
        rule.onResult("a", 1, Double.NaN, r);
        rule.onResult("b", 1, Double.POSITIVE_INFINITY, r);
        assertThat(rule.onResult("c", 1, -5, r).stop()).isFalse(); // no finite mean: too few samples
        MapResults r2 = new MapResults();
        rule.onResult("a", 1, 5, r2);
        assertThat(rule.onResult("b", 1, Double.NaN, r2).stop()).isTrue(); // b's best is NaN
        // Python's max keeps the first value unless a later one is greater: [1, NaN, 7] gives 7, [NaN, 7] gives NaN
        assertThat(MedianStoppingRule.best(List.of(new double[] {0, 1}, new double[] {0, Double.NaN}, new double[] {0, 7}))).isEqualTo(7);
        assertThat(MedianStoppingRule.best(List.of(new double[] {0, Double.NaN}, new double[] {0, 7}))).isNaN();
    }

    /** A trial equal to the median continues (Ray stops only when strictly worse). */
    @Test
    void aTrialAtTheMedianContinues() {
        MedianStoppingRule rule = new MedianStoppingRule(1, 1, true);
        MapResults r = new MapResults();
        rule.onResult("a", 1, 4, r);
        assertThat(rule.onResult("b", 1, 4, r).stop()).isFalse();
    }

    @Test
    void withoutHardStopItPausesOnceAndThePausedTrialIsNeverJudgedAgain() {
        MedianStoppingRule rule = new MedianStoppingRule(1, 1, false);
        MapResults r = new MapResults();
        rule.onResult("a", 1, 10, r);
        assertThat(rule.onResult("b", 1, 1, r).action()).isEqualTo(Verdict.Action.PAUSE);
        assertThat(rule.onResult("b", 2, 0, r).action()).isEqualTo(Verdict.Action.CONTINUE);
        assertThat(r.byTrial.get("b")).hasSize(1); // Ray does not record a paused trial's later results
        rule.onComplete("b", 3, 0, r);
        assertThat(r.byTrial.get("b")).hasSize(2); // but it does record its final one
    }
}
