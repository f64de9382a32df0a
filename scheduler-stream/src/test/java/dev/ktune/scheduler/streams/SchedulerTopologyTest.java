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
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
        StudyStatus status = new StudyStatus(studyId, StudyStatus.State.ACCEPTED, null, spec, 0, 0, 0, 0, null, 1);
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
        metrics.pipeInput("nope", Json.write(new MetricReport("nope", "x", 1, Map.of("loss", 1.0), 0, 0)), T0);
        Decision missing = report("s", "a", 1, 0); // fine
        metrics.pipeInput("s", Json.write(new MetricReport("s", "b", 1, Map.of("other", 1.0), 0, 0)), T0);
        List<String> errors = dlq.readRecordsToList().stream().map(r -> DeadLetter.error(r.headers())).toList();
        assertThat(errors).hasSize(4);
        assertThat(errors.get(0)).startsWith("not a valid MetricReport JSON document");
        assertThat(errors.get(1)).isEqualTo("iteration: must be >= 1, got -1");
        assertThat(errors.get(2)).isEqualTo("unknown study 'nope': no accepted StudyStatus seen");
        assertThat(errors.get(3)).isEqualTo("metric 'loss' missing from the report of b");
        assertThat(missing.action()).isEqualTo(Decision.Action.CONTINUE);
        Decision forB = decisions.readValue();
        assertThat(forB.trialId()).isEqualTo("b");
        assertThat(forB.action()).isEqualTo(Decision.Action.CONTINUE);
    }
}
