package dev.ktune.protocol;

import java.util.List;

/**
 * A study's state on the compacted {@code tune-studies} topic (key: study id). Every state but
 * {@code REJECTED} carries the validated spec, so a consumer that reads only the latest record per key
 * (a KTable) knows the study's settings. {@code trialsPaused} counts trials paused by the median rule and not yet resumed.
 */
public record StudyStatus(String studyId, State state, List<String> problems, StudySpec spec,
                          int trialsIssued, int trialsCompleted, int trialsStopped, int trialsFailed,
                          BestTrial best, long timestamp, int trialsPaused) {
    public enum State { ACCEPTED, REJECTED, RUNNING, COMPLETED }

    public StudyStatus {
        Require.present("studyId", studyId);
        Require.present("state", state);
        problems = problems == null ? List.of() : List.copyOf(problems);
        if (state == State.REJECTED && problems.isEmpty()) throw new IllegalArgumentException("problems: a rejection needs reasons");
        if (state != State.REJECTED) Require.present("spec", spec);
    }

    /** A status with no paused trials. */
    public StudyStatus(String studyId, State state, List<String> problems, StudySpec spec, int trialsIssued,
                       int trialsCompleted, int trialsStopped, int trialsFailed, BestTrial best, long timestamp) {
        this(studyId, state, problems, spec, trialsIssued, trialsCompleted, trialsStopped, trialsFailed, best, timestamp, 0);
    }

    /** A study just accepted: its spec, nothing issued yet. */
    public static StudyStatus accepted(StudySpec spec, long timestamp) {
        return new StudyStatus(spec.studyId(), State.ACCEPTED, null, spec, 0, 0, 0, 0, null, timestamp);
    }

    public static StudyStatus rejected(String studyId, List<String> problems, long timestamp) {
        return new StudyStatus(studyId, State.REJECTED, problems, null, 0, 0, 0, 0, null, timestamp);
    }

    public int trialsFinished() {
        return trialsCompleted + trialsStopped + trialsFailed;
    }

    /** Issued, not finished and not paused: queued or training. */
    public int trialsRunning() {
        return trialsIssued - trialsFinished() - trialsPaused;
    }
}
