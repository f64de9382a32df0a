package dev.ktune.cli;

import dev.ktune.protocol.Decision;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.Objective;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.TrialConfig;
import dev.ktune.protocol.TrialResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a user watching one study sees, folded from its topics: each trial's params, latest epoch and outcome,
 * and the study's counts. Pure: it renders lines and a table, the caller prints them.
 */
public final class Progress {
    /** One trial as seen so far. */
    public static final class Row {
        final String trialId;
        Map<String, Object> params = Map.of();
        int iteration;
        Double value;
        String status = "PENDING";
        String note = "";

        Row(String trialId) {
            this.trialId = trialId;
        }
    }

    private final String studyId;
    private Objective objective = Objective.DEFAULT;
    private final Map<String, Row> rows = new TreeMap<>();
    private StudyStatus status;

    public Progress(String studyId) {
        this.studyId = studyId;
    }

    private Row row(String trialId) {
        return rows.computeIfAbsent(trialId, Row::new);
    }

    /** Folds a status in; returns a line to print, or null. */
    public String on(StudyStatus s) {
        status = s;
        if (s.spec() != null) objective = s.spec().objective();
        return switch (s.state()) {
            case ACCEPTED -> "study " + studyId + " accepted: " + s.spec().totalTrials() + " trials, up to "
                    + s.spec().maxConcurrentTrials() + " at a time, " + s.spec().searcher().type() + " search, "
                    + s.spec().scheduler().type() + " scheduler";
            case REJECTED -> "study " + studyId + " rejected:\n  - " + String.join("\n  - ", s.problems());
            case RUNNING -> summary();
            case COMPLETED -> "study " + studyId + " completed: " + summary();
        };
    }

    public String on(TrialConfig t) {
        Row r = row(t.trialId());
        r.params = t.params();
        boolean resumed = r.status.equals("PAUSED");
        if (r.status.equals("PENDING") || resumed) r.status = "QUEUED";
        return t.trialId() + (resumed ? " queued again, to resume from its checkpoint" : " queued: " + params(t.params()));
    }

    public String on(MetricReport m) {
        Row r = row(m.trialId());
        r.iteration = m.iteration();
        r.value = m.metrics().get(objective.metric());
        if (!r.status.equals("COMPLETED") && !r.status.equals("STOPPED") && !r.status.equals("FAILED")) r.status = "RUNNING";
        Double ips = m.metrics().get("imagesPerSecond");
        return String.format(Locale.ROOT, "%s epoch %d: %s %s%s", m.trialId(), m.iteration(), objective.metric(),
                fmt(r.value), ips == null ? "" : String.format(Locale.ROOT, " (%.0f images/s)", ips));
    }

    public String on(Decision d) {
        if (d.action() == Decision.Action.PAUSE) {
            row(d.trialId()).note = "paused at " + fmt(d.milestone()) + ", median " + fmt(d.cutoff());
            return d.trialId() + " paused by the median rule after epoch " + d.iteration() + ": " + d.reason();
        }
        if (d.action() != Decision.Action.STOP || d.milestone() == null) return null;
        row(d.trialId()).note = "stopped at rung " + fmt(d.milestone()) + ", cutoff " + fmt(d.cutoff());
        return d.trialId() + " stopped by the scheduler after epoch " + d.iteration() + ": " + d.reason();
    }

    public String on(TrialResult r) {
        Row row = row(r.trialId());
        row.status = r.status().name();
        row.iteration = r.iterations();
        Double best = r.bestMetrics().get(objective.metric());
        if (best != null) row.value = best;
        if (r.error() != null) row.note = r.error();
        return r.trialId() + " " + r.status() + " after " + r.iterations() + " epoch(s)"
                + (best == null ? "" : ", best " + objective.metric() + " " + fmt(best));
    }

    public StudyStatus status() {
        return status;
    }

    public boolean finished() {
        return status != null && (status.state() == StudyStatus.State.COMPLETED || status.state() == StudyStatus.State.REJECTED);
    }

    public String summary() {
        long running = rows.values().stream().filter(r -> r.status.equals("RUNNING")).count();
        long queued = rows.values().stream().filter(r -> r.status.equals("QUEUED")).count();
        StringBuilder sb = new StringBuilder();
        if (status != null && status.spec() != null) {
            sb.append(String.format(Locale.ROOT, "%d/%d trials done (%d completed, %d stopped, %d failed), %d running, %d queued",
                    status.trialsFinished(), status.spec().totalTrials(), status.trialsCompleted(), status.trialsStopped(),
                    status.trialsFailed(), running, queued));
            if (status.trialsPaused() > 0) sb.append(", ").append(status.trialsPaused()).append(" paused");
            if (status.best() != null) {
                sb.append(" | best ").append(objective.metric()).append(' ').append(fmt(status.best().value()))
                        .append(" (").append(status.best().trialId()).append(')');
            }
        }
        return sb.toString();
    }

    /** All trials, best first by the objective. */
    public String table() {
        List<Row> sorted = new ArrayList<>(rows.values());
        Comparator<Row> byValue = Comparator.comparingDouble(r -> r.value == null || r.value.isNaN()
                ? Double.NEGATIVE_INFINITY : objective.sign() * r.value);
        sorted.sort(byValue.reversed());
        List<String> keys = new ArrayList<>();
        sorted.forEach(r -> r.params.keySet().forEach(k -> { if (!keys.contains(k)) keys.add(k); }));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-24s %-10s %6s %12s", "trial", "status", "epochs", objective.metric()));
        keys.forEach(k -> sb.append(String.format(Locale.ROOT, " %12s", k)));
        sb.append('\n');
        for (Row r : sorted) {
            sb.append(String.format(Locale.ROOT, "%-24s %-10s %6d %12s", r.trialId, r.status, r.iteration, fmt(r.value)));
            keys.forEach(k -> sb.append(String.format(Locale.ROOT, " %12s", value(r.params.get(k)))));
            if (!r.note.isEmpty()) sb.append("  ").append(r.note);
            sb.append('\n');
        }
        return sb.toString();
    }

    static String params(Map<String, Object> params) {
        Map<String, String> shown = new LinkedHashMap<>();
        params.forEach((k, v) -> shown.put(k, value(v)));
        return shown.toString();
    }

    static String value(Object v) {
        if (v instanceof Double d) return fmt(d);
        return v == null ? "" : String.valueOf(v);
    }

    static String fmt(Double v) {
        if (v == null) return "-";
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
