package dev.ktune.scheduler.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ktune.protocol.Decision;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.StudySpec;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.Topics;
import dev.ktune.scheduler.config.SchedulerSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * ktune's scheduler-stream against Ray Tune itself: {@code ray-parity.json} holds random result sequences (ties, NaN,
 * ±inf, time jumps and stalls, 1 to 3 brackets, both modes, hard and soft median stops) and the action Ray Tune's own
 * AsyncHyperBandScheduler or MedianStoppingRule returned for each, written by {@code bench/ray_parity.sh}. Every
 * report goes through the real topology; every decision must be Ray's, and a final ({@code done}) report gets none.
 */
class RayParityTest {
    static final Instant T0 = Instant.ofEpochMilli(5_000_000);

    @Test
    void everyDecisionIsTheOneRayTuneMade() throws Exception {
        JsonNode fixture;
        try (InputStream in = RayParityTest.class.getResourceAsStream("/ray-parity.json")) {
            fixture = Json.MAPPER.readTree(in);
        }
        Properties props = new Properties();
        props.put("application.id", "ray-parity");
        props.put("bootstrap.servers", "unused:9092");
        props.put("state.dir", Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "state").toString());
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> checked = new LinkedHashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(SchedulerTopology.build(new SchedulerSettings("scheduler-stream")), props, T0)) {
            TestInputTopic<String, byte[]> studies = driver.createInputTopic(Topics.STUDIES.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestInputTopic<String, byte[]> metrics = driver.createInputTopic(Topics.METRICS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, Decision> decisions = driver.createOutputTopic(Topics.DECISIONS.name(), Serdes.String().deserializer(),
                    Topics.DECISIONS.valueSerde().deserializer());
            for (JsonNode scenario : fixture.get("scenarios")) {
                String studyId = scenario.get("studyId").asText();
                StudySpec spec = StudySpec.parse(("""
                        {"studyId": "%s", "objective": {"metric": "m", "mode": "%s"}, "searcher": {"type": "random", "seed": %d},
                         "scheduler": %s, "searchSpace": {"lr": {"uniform": [0, 1]}}, "trainer": {"model": "fashion-cnn", "epochs": 100}}""")
                        .formatted(studyId, scenario.get("mode").asText(), scenario.get("seed").asLong(), scenario.get("scheduler"))
                        .getBytes(StandardCharsets.UTF_8));
                studies.pipeInput(studyId, Json.write(StudyStatus.accepted(spec, 1)), T0);
                Map<String, Integer> iterations = new HashMap<>();
                int n = 0;
                for (JsonNode e : scenario.get("events")) {
                    String trial = e.get(0).asText();
                    boolean done = e.get(1).asText().equals("done");
                    double t = Double.parseDouble(e.get(2).asText());
                    double m = Double.parseDouble(e.get(3).asText());
                    int iteration = iterations.merge(trial, 1, Integer::sum);
                    metrics.pipeInput(studyId, Json.write(new MetricReport(studyId, trial, iteration, Map.of("t", t, "m", m), 0, 0, done)), T0);
                    String expected = done ? "no decision" : e.get(4).asText();
                    String actual = decisions.isEmpty() ? "no decision" : decisions.readValue().action().name();
                    if (!expected.equals(actual)) {
                        mismatches.add(studyId + " " + spec.scheduler() + " event " + n + " " + trial + " t=" + t + " m=" + m
                                + ": Ray " + expected + ", ktune " + actual);
                    }
                    checked.merge(expected, 1, Integer::sum);
                    n++;
                }
            }
        }
        System.out.printf("Ray Tune %s (numpy %s): %s%n", fixture.get("ray").asText(), fixture.get("numpy").asText(), checked);
        assertThat(mismatches).as("decisions that differ from Ray Tune's").isEmpty();
        // the fixture must exercise every kind of decision
        assertThat(checked).containsKeys("CONTINUE", "STOP", "PAUSE", "no decision");
    }
}
