package dev.ktune.suggester.model;

import dev.ktune.protocol.BestTrial;
import dev.ktune.protocol.StudySpec;
import dev.ktune.protocol.StudyStatus;

/**
 * One study's counters in the suggester's store. It stays small whatever the study's size: per-trial data
 * lives in {@link TrialState} entries, one per (study, trial). {@code paused} counts trials the median rule set aside
 * that have not been resumed yet: neither running nor finished.
 */
public record StudyState(StudySpec spec, int issued, int completed, int stopped, int failed, int paused, BestTrial best) {
    public int finished() {
        return completed + stopped + failed;
    }

    public boolean done() {
        return finished() >= spec.totalTrials();
    }

    public int running() {
        return issued - finished() - paused;
    }

    public StudyState issuedOne() {
        return new StudyState(spec, issued + 1, completed, stopped, failed, paused, best);
    }

    public StudyState withPaused(int delta) {
        return new StudyState(spec, issued, completed, stopped, failed, paused + delta, best);
    }

    public StudyStatus status(StudyStatus.State state, long timestamp) {
        return new StudyStatus(spec.studyId(), state, null, spec, issued, completed, stopped, failed, best, timestamp, paused);
    }
}
