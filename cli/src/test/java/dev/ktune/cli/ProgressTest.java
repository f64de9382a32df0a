package dev.ktune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.protocol.BestTrial;
import dev.ktune.protocol.Decision;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.Objective;
import dev.ktune.protocol.StudySpec;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.TrainerSpec;
import dev.ktune.protocol.TrialConfig;
import dev.ktune.protocol.TrialResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProgressTest {
    final StudySpec spec = StudySpec.parse("""
            {"studyId": "p", "objective": {"metric": "loss", "mode": "min"}, "numSamples": 3,
             "searchSpace": {"lr": {"uniform": [0, 1]}}, "trainer": {"model": "fashion-cnn", "epochs": 3}}"""
            .getBytes(StandardCharsets.UTF_8));
    final TrainerSpec trainer = new TrainerSpec("fashion-cnn", 3);

    TrialConfig trial(int n, double lr) {
        return new TrialConfig("p", TrialConfig.trialId("p", n), n, Map.of("lr", lr), trainer, spec.objective());
    }

    @Test
    void tableListsTrialsBestFirstForTheObjectivesMode() {
        Progress p = new Progress("p");
        p.on(StudyStatus.accepted(spec, 1));
        p.on(trial(0, 0.1));
        p.on(trial(1, 0.2));
        p.on(trial(2, 0.3));
        assertThat(p.on(new MetricReport("p", "p-00000", 1, Map.of("loss", 0.9), 1, 1))).isEqualTo("p-00000 epoch 1: loss 0.9000");
        p.on(new MetricReport("p", "p-00001", 1, Map.of("loss", 0.3), 1, 1));
        assertThat(p.on(new Decision("p", "p-00000", 1, Decision.Action.STOP, 1.0, -0.3, "below"))).contains("stopped by the scheduler");
        p.on(new TrialResult("p", "p-00000", 0, TrialResult.Status.STOPPED, 1, Map.of("loss", 0.9), Map.of("loss", 0.9), null, 1));
        p.on(new TrialResult("p", "p-00001", 1, TrialResult.Status.COMPLETED, 3, Map.of("loss", 0.2), Map.of("loss", 0.1), null, 1));
        String done = p.on(new StudyStatus("p", StudyStatus.State.COMPLETED, null, spec, 3, 1, 1, 1,
                new BestTrial("p-00001", 1, 0.1, Map.of("lr", 0.2), Map.of()), 2));
        assertThat(done).contains("3/3 trials done (1 completed, 1 stopped, 1 failed)").contains("best loss 0.1000 (p-00001)");
        List<String> lines = p.table().lines().toList();
        assertThat(lines.get(1)).startsWith("p-00001").contains("COMPLETED");
        assertThat(lines.get(2)).startsWith("p-00000").contains("STOPPED").contains("stopped at rung 1.0000");
        assertThat(lines.get(3)).startsWith("p-00002").contains("QUEUED");
        assertThat(p.finished()).isTrue();
    }

    @Test
    void submitRefusesAnInvalidStudyWithEveryProblem() throws Exception {
        Path bad = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "bad", ".json");
        Files.writeString(bad, "{\"studyId\": \"b\", \"numSamples\": 0, \"searchSpace\": {}, \"trainer\": {\"model\": \"fashion-cnn\", \"epochs\": 1}}");
        var cmd = new CommandLine(new Ktune());
        var saved = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = cmd.execute("submit", bad.toString(), "--bootstrap-server", "127.0.0.1:1");
        } finally {
            System.setErr(saved);
        }
        assertThat(code).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("numSamples: must be in [1, 100000], got 0").contains("searchSpace: has no parameters");
    }
}
