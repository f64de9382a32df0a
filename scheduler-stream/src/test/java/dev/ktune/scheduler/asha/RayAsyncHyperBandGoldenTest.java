package dev.ktune.scheduler.asha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.scheduler.asha.AshaTest.MapRungs;
import org.junit.jupiter.api.Test;

/**
 * Ray Tune's own AsyncHyperBandScheduler tests (test_trial_scheduler.py, AsyncHyperBandSuite), result for result:
 * {@code result(t, r)} there is a result at time t with reward r (mode max); {@code on_trial_complete} is
 * {@link TrialScheduler#onComplete}.
 */
class RayAsyncHyperBandGoldenTest {
    final MapRungs rungs = new MapRungs();

    static TrialScheduler asha(double maxT, double grace, double rf) {
        return new AsyncHyperBand(maxT, grace, rf, 1, true, 42);
    }

    /** t1 reports (i, 100 i) for i in 0..9, t2 reports (i, 450) for i in 0..4; all of it continues. */
    void basicSetup(TrialScheduler s) {
        for (int i = 0; i < 10; i++) assertThat(s.onResult("t1", i, i * 100, rungs).stop()).isFalse();
        for (int i = 0; i < 5; i++) assertThat(s.onResult("t2", i, 450, rungs).stop()).isFalse();
    }

    /** t1 reports (i, 450), t2 reports (i, NaN), for i in 0..9; all of it continues. */
    void nanSetup(TrialScheduler s) {
        for (int i = 0; i < 10; i++) assertThat(s.onResult("t1", i, 450, rungs).stop()).isFalse();
        for (int i = 0; i < 10; i++) assertThat(s.onResult("t2", i, Double.NaN, rungs).stop()).isFalse();
    }

    @Test
    void usesPercentile() {
        TrialScheduler s = asha(10, 1, 2);
        basicSetup(s);
        s.onComplete("t1", 10, 1000, rungs);
        s.onComplete("t2", 10, 1000, rungs);
        Verdict first = s.onResult("t3", 1, 260, rungs);
        assertThat(first.stop()).isTrue();
        assertThat(first.cutoff()).isEqualTo(275.0); // the median of 100 and 450
        assertThat(s.onResult("t3", 2, 260, rungs).stop()).isTrue();
        // completing recorded t2's final result at the highest rung it reached, rung 8 (id 3), beside t1's 800
        assertThat(rungs.byRung.get(3)).containsEntry("t1", 800.0).containsEntry("t2", 1000.0);
    }

    @Test
    void nanPercentile() {
        TrialScheduler s = asha(10, 1, 2);
        nanSetup(s);
        s.onComplete("t1", 10, 450, rungs);
        s.onComplete("t2", 10, Double.NaN, rungs);
        Verdict first = s.onResult("t3", 1, 260, rungs);
        assertThat(first.stop()).isTrue();
        assertThat(first.cutoff()).isEqualTo(450.0); // NaN left out of the percentile
        assertThat(s.onResult("t3", 2, 260, rungs).stop()).isTrue();
    }

    @Test
    void onComplete() {
        TrialScheduler s = asha(10, 1, 4); // Ray's default grace 1 and reduction factor 4
        basicSetup(s);
        s.onComplete("t3", 10, 1000, rungs);
        assertThat(s.onResult("t2", 101, 0, rungs).stop()).isTrue();
        assertThat(rungs.byRung.get(1)).containsEntry("t3", 1000.0); // rung 4, the highest of [4, 1]
    }

    @Test
    void gracePeriod() {
        TrialScheduler s = asha(100, 2.5, 3); // Ray's default maxT 100
        basicSetup(s);
        s.onComplete("t1", 10, 1000, rungs);
        s.onComplete("t2", 10, 1000, rungs);
        assertThat(s.onResult("t3", 1, 10, rungs).stop()).isFalse();
        assertThat(s.onResult("t3", 2, 10, rungs).stop()).isFalse();
        assertThat(s.onResult("t3", 3, 10, rungs).stop()).isTrue();
    }

    @Test
    void allCompletes() {
        TrialScheduler s = new AsyncHyperBand(10, 1, 4, 10, true, 42);
        for (int t = 0; t < 10; t++) assertThat(s.onResult("t" + t, 10, -2, rungs).stop()).isTrue();
    }

    @Test
    void saveRestore() {
        // Ray saves and restores the scheduler object; here the state is the rung store, handed to a new scheduler
        TrialScheduler s = asha(10, 1, 2);
        for (int t = 0; t < 5; t++) assertThat(s.onResult("t" + t, 1, 10, rungs).stop()).isFalse();
        assertThat(s.onResult("t5", 1, 5, rungs).stop()).isTrue();
        TrialScheduler restored = asha(10, 1, 2);
        assertThat(restored.onResult("t6", 1, 4, rungs).stop()).isTrue();
        assertThat(restored.onResult("new", 1, 2, rungs).stop()).isTrue();
    }

    @Test
    void nonStopTrials() {
        TrialScheduler s = new AsyncHyperBand(3, 1, 2, 1, false, 42);
        assertThat(s.onResult("t0", 2, 10, rungs).stop()).isFalse();
        assertThat(s.onResult("t1", 2, 8, rungs).stop()).isTrue();
        assertThat(s.onResult("t2", 2, 6, rungs).stop()).isTrue();
        assertThat(s.onResult("t3", 2, 4, rungs).stop()).isTrue();
        assertThat(s.onResult("t0", 4, 10, rungs).stop()).isFalse(); // would stop with stopLastTrials
        assertThat(s.onResult("t0", 8, 10, rungs).stop()).isFalse();
        assertThat(s.onResult("t0", 14, 1, rungs).stop()).isFalse(); // even below the cutoff
    }

    /** Ray's _test_metrics (its min-mode twin negates the values, which the stream undoes: SchedulerTopologyTest). */
    @Test
    void metricsCase() {
        TrialScheduler s = new AsyncHyperBand(100, 1, 4, 1, true, 42);
        for (int i = 0; i < 10; i++) assertThat(s.onResult("t1", i, i * 100, rungs).stop()).isFalse();
        for (int i = 0; i < 5; i++) assertThat(s.onResult("t2", i, 450, rungs).stop()).isFalse();
        s.onComplete("t1", 10, 1000, rungs);
        assertThat(s.onResult("t2", 5, 450, rungs).stop()).isFalse();
        assertThat(s.onResult("t2", 6, 0, rungs).stop()).isFalse();
    }
}
