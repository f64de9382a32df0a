package dev.ktune.scheduler.asha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AsyncHyperBandTest {
    @Test
    void bracketSHasFewerRungsStartingHigher() {
        assertThat(Asha.milestones(81, 1, 3, 0)).containsExactly(81, 27, 9, 3, 1);
        assertThat(Asha.milestones(81, 1, 3, 1)).containsExactly(81, 27, 9, 3);
        assertThat(Asha.milestones(81, 1, 3, 2)).containsExactly(81, 27, 9);
    }

    @Test
    void trialsJoinBracketsWithRaysSoftmaxProbabilities() {
        AsyncHyperBand hb = new AsyncHyperBand(81, 1, 3, 2, true, 42);
        double e = Math.exp(-1);
        assertThat(hb.probabilities()).containsExactly(new double[] {1 / (1 + e), e / (1 + e)}, within(1e-12));
        int first = 0;
        for (int i = 0; i < 20_000; i++) if (hb.bracketOf("s-" + i) == 0) first++;
        assertThat(first / 20_000.0).isCloseTo(1 / (1 + e), within(0.015));
    }

    @Test
    void theBracketOfATrialDependsOnlyOnTheStudySeedAndTheTrialId() {
        AsyncHyperBand a = new AsyncHyperBand(81, 1, 3, 3, true, 7);
        AsyncHyperBand again = new AsyncHyperBand(81, 1, 3, 3, true, 7);
        AsyncHyperBand other = new AsyncHyperBand(81, 1, 3, 3, true, 8);
        int differ = 0;
        for (int i = 0; i < 200; i++) {
            assertThat(again.bracketOf("t" + i)).isEqualTo(a.bracketOf("t" + i));
            if (other.bracketOf("t" + i) != a.bracketOf("t" + i)) differ++;
        }
        assertThat(differ).isPositive();
    }

    @Test
    void aTrialInBracketOneIsFirstJudgedAtItsFirstRung() {
        AsyncHyperBand hb = new AsyncHyperBand(81, 1, 3, 2, true, 42);
        String inOne = null;
        for (int i = 0; inOne == null; i++) if (hb.bracketOf("t" + i) == 1) inOne = "t" + i;
        AshaTest.MapRungs rungs = new AshaTest.MapRungs();
        assertThat(hb.onResult(inOne, 1, 0.5, rungs).milestone()).isNull(); // bracket 1 has no rung at 1
        Verdict at3 = hb.onResult(inOne, 3, 0.5, rungs);
        assertThat(at3.milestone()).isEqualTo(3.0);
        // recorded under bracket 1's own rung ids, apart from bracket 0's
        assertThat(rungs.byRung).containsOnlyKeys(Asha.RUNG_ID_STRIDE);
    }
}
