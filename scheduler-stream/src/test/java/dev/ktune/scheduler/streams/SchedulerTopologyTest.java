package dev.ktune.scheduler.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.protocol.DeadLetter;
import dev.ktune.protocol.Decision;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.StudySpec;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.Topics;
import dev.ktune.scheduler.config.SchedulerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedulerTopologyTest {
    static final Instant T0 = Instant.ofEpochMilli(5_000_000);
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> studies;
    TestInputTopic<String, byte[]> metrics;
    TestOutputTopic<String, Decision> decisions;
    TestOutputTopic<String, byte[]> dlq;

    @BeforeEach
    void start() throws Exception {
        Properties props = new Properties();
        props.put("application.id", "scheduler-test");
        props.put("bootstrap.servers", "unused:9092");
        props.put("state.dir", Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "state").toString());
        driver = new TopologyTestDriver(SchedulerTopology.build(new SchedulerSettings("scheduler-stream")), props, T0);
        studies = driver.createInputTopic(Topics.STUDIES.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        metrics = driver.createInputTopic(Topics.METRICS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        decisions = driver.createOutputTopic(Topics.DECISIONS.name(), Serdes.String().deserializer(), Topics.DECISIONS.valueSerde().deserializer());
        dlq = driver.createOutputTopic(Topics.DLQ.name(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    void accept(String studyId, String scheduler, String mode) {
        StudySpec spec = StudySpec.parse(("""
                {"studyId": "%s", "objective": {"metric": "loss", "mode": "%s"}, "scheduler": %s,
                 "searchSpace": {"lr": {"uniform": [0, 1]}}, "trainer": {"model": "fashion-cnn", "epochs": 10}}""")
                .formatted(studyId, mode, scheduler).getBytes(StandardCharsets.UTF_8));
        StudyStatus status = StudyStatus.accepted(spec, 1);
        studies.pipeInput(studyId, Json.write(status), T0);
    }

    Decision report(String studyId, String trial, int iteration, double loss) {
        metrics.pipeInput(studyId, Json.write(new MetricReport(studyId, trial, iteration, Map.of("loss", loss), 0, 0)), T0);
        return decisions.readValue();
    }

    @Test
    void ashaStopsTheWorseTrialAtTheRungForMinMode() {
        accept("s", "{\"type\": \"asha\", \"maxT\": 4, \"gracePeriod\": 1, \"reductionFactor\": 2}", "min");
        assertThat(report("s", "a", 1, 0.5).action()).isEqualTo(Decision.Action.CONTINUE);
        Decision worse = report("s", "b", 1, 0.9); // higher loss is worse in min mode
        assertThat(worse.action()).isEqualTo(Decision.Action.STOP);
        assertThat(worse.milestone()).isEqualTo(1.0);
        assertThat(worse.cutoff()).isEqualTo(-0.5);
        assertThat(report("s", "c", 1, 0.1).action()).isEqualTo(Decision.Action.CONTINUE);
        assertThat(report("s", "a", 3, 0.4).milestone()).isEqualTo(2.0); // first report past rung 2
        assertThat(report("s", "a", 4, 0.3).action()).isEqualTo(Decision.Action.STOP); // maxT
    }

    @Test
    void studiesNeverSeeEachOthersRungs() {
        accept("s1", "{\"type\": \"asha\", \"maxT\": 4, \"reductionFactor\": 2}", "max");
        accept("s2", "{\"type\": \"asha\", \"maxT\": 4, \"reductionFactor\": 2}", "max");
        report("s1", "a", 1, 100);
        assertThat(report("s2", "b", 1, 1).action()).isEqualTo(Decision.Action.CONTINUE);
        assertThat(report("s1", "c", 1, 1).action()).isEqualTo(Decision.Action.STOP);
    }

    @Test
    void theMedianRuleStopsATrialBelowTheOthersMedian() {
        accept("m", "{\"type\": \"median\", \"gracePeriod\": 1, \"minSamplesRequired\": 2}", "min");
        for (int i = 1; i <= 2; i++) {
            report("m", "a", i, 1.0);
            report("m", "b", i, 2.0);
        }
        // min mode: values are negated; at time 1 the others' means are -1 and -2, median -1.5
        assertThat(report("m", "c", 1, 1.5).action()).isEqualTo(Decision.Action.CONTINUE); // -1.5 is not below
        Decision bad = report("m", "d", 1, 9.0); // -9 is below the median of a, b, c: -1.5
        assertThat(bad.action()).isEqualTo(Decision.Action.STOP);
        assertThat(bad.milestone()).isEqualTo(1.0);
        assertThat(bad.cutoff()).isEqualTo(-1.5);
    }

    @Test
    void fifoNeverStops() {
        accept("f", "{\"type\": \"fifo\"}", "max");
        report("f", "a", 1, 100);
        assertThat(report("f", "b", 1, 1).action()).isEqualTo(Decision.Action.CONTINUE);
    }

    @Test
    void poisonPillsGoToTheDeadLetterTopicAndTheStreamCarriesOn() {
        accept("s", "{\"type\": \"asha\", \"maxT\": 4, \"reductionFactor\": 2}", "max");
        metrics.pipeInput("s", "not json".getBytes(StandardCharsets.UTF_8), T0);
        metrics.pipeInput("s", "{\"studyId\":\"s\",\"trialId\":\"a\",\"iteration\":-1,\"metrics\":{}}".getBytes(StandardCharsets.UTF_8), T0);
        metrics.pipeInput("s", "{\"studyId\":\"s\",\"trialId\":\"a\",\"iteration\":1,\"metrics\":{\"loss\":\"low\"}}"
                .getBytes(StandardCharsets.UTF_8), T0); // a metric of the wrong type
        metrics.pipeInput("nope", Json.write(new MetricReport("nope", "x", 1, Map.of("loss", 1.0), 0, 0)), T0);
        Decision missing = report("s", "a", 1, 0); // fine
        metrics.pipeInput("s", Json.write(new MetricReport("s", "b", 1, Map.of("other", 1.0), 0, 0)), T0);
        List<String> errors = dlq.readRecordsToList().stream().map(r -> DeadLetter.error(r.headers())).toList();
        assertThat(errors).hasSize(5);
        assertThat(errors.get(0)).startsWith("not a valid MetricReport JSON document");
        assertThat(errors.get(1)).isEqualTo("iteration: must be >= 1, got -1");
        assertThat(errors.get(2)).startsWith("metrics.loss: Cannot deserialize value of type `java.lang.Double` from String \"low\"");
        assertThat(errors.get(3)).isEqualTo("unknown study 'nope': no accepted StudyStatus seen");
        assertThat(errors.get(4)).isEqualTo("metric 'loss' missing from the report of b");
        assertThat(missing.action()).isEqualTo(Decision.Action.CONTINUE);
        Decision forB = decisions.readValue();
        assertThat(forB.trialId()).isEqualTo("b");
        assertThat(forB.action()).isEqualTo(Decision.Action.CONTINUE);
    }

    Decision send(MetricReport r) {
        metrics.pipeInput(r.studyId(), Json.write(r), T0);
        return decisions.isEmpty() ? null : decisions.readValue();
    }

    @Test
    void aTrialsLastReportIsRecordedAsItsFinalResultWithoutADecision() {
        accept("s", "{\"type\": \"asha\", \"maxT\": 10, \"reductionFactor\": 2}", "max");
        report("s", "a", 1, 100);
        assertThat(send(new MetricReport("s", "a", 2, Map.of("loss", 500.0), 0, 0, true))).isNull();
        Decision b = report("s", "b", 2, 400); // judged at rung 2 against a's final result
        assertThat(b.action()).isEqualTo(Decision.Action.STOP);
        assertThat(b.cutoff()).isEqualTo(500.0);
    }

    @Test
    void aTrialStoppedAtMaxTIsRecordedAtItsTopRungAsRayCompletesIt() {
        // rungs 1 and 2 below maxT 3: a jumps to 3, is stopped by maxT, and completing it records 9 at rung 2
        accept("s", "{\"type\": \"asha\", \"maxT\": 3, \"reductionFactor\": 2}", "max");
        Decision a = report("s", "a", 3, 9);
        assertThat(a.action()).isEqualTo(Decision.Action.STOP);
        assertThat(a.milestone()).isNull();
        Decision b = report("s", "b", 2, 5);
        assertThat(b.cutoff()).isEqualTo(9.0);
        assertThat(b.action()).isEqualTo(Decision.Action.STOP);
    }

    @Test
    void timeAttrCanBeAnyReportedMetricOrTheTrainingSeconds() {
        accept("s", "{\"type\": \"asha\", \"timeAttr\": \"samples\", \"maxT\": 1000, \"gracePeriod\": 100, "
                + "\"reductionFactor\": 2}", "max");
        assertThat(send(new MetricReport("s", "a", 1, Map.of("loss", 1.0, "samples", 50.0), 0, 0)).milestone()).isNull();
        assertThat(send(new MetricReport("s", "a", 2, Map.of("loss", 1.0, "samples", 120.0), 0, 0)).milestone()).isEqualTo(100.0);
        assertThat(send(new MetricReport("s", "b", 1, Map.of("loss", 0.5, "samples", 130.0), 0, 0)).action())
                .isEqualTo(Decision.Action.STOP);
        Decision noSamples = send(new MetricReport("s", "c", 1, Map.of("loss", 0.5), 0, 0));
        assertThat(noSamples.action()).isEqualTo(Decision.Action.CONTINUE);
        assertThat(DeadLetter.error(dlq.readRecord().headers())).isEqualTo("metric 'samples' missing from the report of c");

        accept("t", "{\"type\": \"asha\", \"timeAttr\": \"time_total_s\", \"maxT\": 60, \"gracePeriod\": 2, "
                + "\"reductionFactor\": 2}", "max");
        assertThat(send(new MetricReport("t", "a", 1, Map.of("loss", 1.0), 1_500, 0)).milestone()).isNull();
        assertThat(send(new MetricReport("t", "a", 2, Map.of("loss", 1.0), 2_500, 0)).milestone()).isEqualTo(2.0);
        assertThat(send(new MetricReport("t", "b", 1, Map.of("loss", 0.5), 3_000, 0)).action()).isEqualTo(Decision.Action.STOP);
        Decision sixty = send(new MetricReport("t", "a", 30, Map.of("loss", 1.0), 60_000, 0));
        assertThat(sixty.action()).isEqualTo(Decision.Action.STOP);
        assertThat(sixty.reason()).isEqualTo("reached maxT 60.0");
    }

    @Test
    void theMedianRuleWithoutHardStopPausesAndThenLetsThePausedTrialRunToTheEnd() {
        accept("m", "{\"type\": \"median\", \"gracePeriod\": 1, \"minSamplesRequired\": 1, \"hardStop\": false}", "max");
        report("m", "a", 1, 10);
        report("m", "a", 2, 10);
        Decision paused = report("m", "b", 1, 1);
        assertThat(paused.action()).isEqualTo(Decision.Action.PAUSE);
        assertThat(paused.cutoff()).isEqualTo(10.0);
        // resumed later, b is never judged again however badly it does, and its results are not recorded
        Decision resumed = report("m", "b", 2, -100);
        assertThat(resumed.action()).isEqualTo(Decision.Action.CONTINUE);
        assertThat(resumed.milestone()).isNull();
        // so c, at time 2, is compared with a alone (b's last recorded time is 1): median 10
        assertThat(report("m", "c", 2, 5).cutoff()).isEqualTo(10.0);
    }

    /** 40 studies reporting at once decide exactly as each does alone: no study sees another's rungs. */
    @Test
    void manyConcurrentStudiesEachDecideAsIfAlone() {
        SplittableRandom random = new SplittableRandom(3);
        String asha = "{\"type\": \"asha\", \"maxT\": 8, \"reductionFactor\": 2}";
        List<List<MetricReport>> scripts = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            accept("mix-" + k, asha, "max");
            accept("solo-" + k, asha, "max");
            int[] next = new int[10];
            List<MetricReport> script = new ArrayList<>();
            while (script.size() < 10 * 8) {
                int t = random.nextInt(10);
                if (next[t] == 8) continue;
                script.add(new MetricReport("s", "t" + t, ++next[t], Map.of("loss", random.nextDouble() * next[t]), 0, 0));
            }
            scripts.add(script);
        }
        // all studies interleaved at random, then each study on its own
        int[] position = new int[scripts.size()];
        for (int left = 40 * 80; left > 0; left--) {
            int k;
            do k = random.nextInt(scripts.size()); while (position[k] == 80);
            pipe("mix-" + k, scripts.get(k).get(position[k]++));
        }
        for (int k = 0; k < scripts.size(); k++) {
            for (MetricReport r : scripts.get(k)) pipe("solo-" + k, r);
        }
        Map<String, String> mixed = new HashMap<>();
        Map<String, String> alone = new HashMap<>();
        for (Decision d : decisions.readValuesToList()) {
            String[] study = d.studyId().split("-");
            (study[0].equals("mix") ? mixed : alone).put(study[1] + "/" + d.trialId() + "/" + d.iteration(),
                    d.action() + " " + d.milestone() + " " + d.cutoff());
        }
        assertThat(mixed).hasSize(40 * 80).isEqualTo(alone);
        assertThat(mixed.values()).anyMatch(v -> v.startsWith("STOP 4.0"));
    }

    void pipe(String studyId, MetricReport r) {
        metrics.pipeInput(studyId, Json.write(new MetricReport(studyId, r.trialId(), r.iteration(), r.metrics(), 0, 0)), T0);
    }
}
