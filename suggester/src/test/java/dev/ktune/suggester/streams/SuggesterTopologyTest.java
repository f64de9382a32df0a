package dev.ktune.suggester.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.protocol.DeadLetter;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.Topics;
import dev.ktune.protocol.TrialConfig;
import dev.ktune.protocol.TrialResult;
import dev.ktune.suggester.config.SuggesterSettings;
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
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SuggesterTopologyTest {
    static final String SPEC = """
            {"studyId": "%s", "searcher": {"seed": 3}, "numSamples": 4, "maxConcurrentTrials": 2,
             "searchSpace": {"lr": {"loguniform": [1e-4, 1e-1]}, "width": {"choice": [8, 16]}},
             "trainer": {"model": "fashion-cnn", "epochs": 2}}""";
    static final Instant T0 = Instant.ofEpochMilli(1_000_000);

    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> requests;
    TestInputTopic<String, byte[]> results;
    TestOutputTopic<String, StudyStatus> studies;
    TestOutputTopic<String, TrialConfig> trials;
    TestOutputTopic<String, byte[]> dlq;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put("application.id", "suggester-test");
        props.put("bootstrap.servers", "unused:9092");
        props.put("state.dir", tempDir());
        driver = new TopologyTestDriver(SuggesterTopology.build(new SuggesterSettings("suggester")), props, T0);
        requests = driver.createInputTopic(Topics.REQUESTS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        results = driver.createInputTopic(Topics.RESULTS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        studies = driver.createOutputTopic(Topics.STUDIES.name(), Serdes.String().deserializer(), Topics.STUDIES.valueSerde().deserializer());
        trials = driver.createOutputTopic(Topics.TRIALS.name(), Serdes.String().deserializer(), Topics.TRIALS.valueSerde().deserializer());
        dlq = driver.createOutputTopic(Topics.DLQ.name(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    static String tempDir() {
        try {
            return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "state").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    void submit(String id) {
        requests.pipeInput(id, SPEC.formatted(id).getBytes(StandardCharsets.UTF_8), T0);
    }

    void finish(TrialConfig t, TrialResult.Status status, double acc) {
        TrialResult r = new TrialResult(t.studyId(), t.trialId(), t.number(), status, 2, Map.of("valAccuracy", acc),
                Map.of("valAccuracy", acc), status == TrialResult.Status.FAILED ? "boom" : null, 10);
        results.pipeInput(t.studyId(), Json.write(r), T0.plusSeconds(1));
    }

    @Test
    void acceptedStudyKeepsConcurrencyAndCompletesWithTheBestTrial() {
        submit("s1");
        List<StudyStatus> statuses = studies.readValuesToList();
        assertThat(statuses).extracting(StudyStatus::state).containsExactly(StudyStatus.State.ACCEPTED, StudyStatus.State.RUNNING);
        List<TrialConfig> first = trials.readValuesToList();
        assertThat(first).extracting(TrialConfig::trialId).containsExactly("s1-00000", "s1-00001");
        assertThat(first.get(0).params()).containsOnlyKeys("lr", "width");

        finish(first.get(0), TrialResult.Status.COMPLETED, 0.80);
        List<TrialConfig> second = trials.readValuesToList();
        assertThat(second).extracting(TrialConfig::number).containsExactly(2);
        finish(first.get(0), TrialResult.Status.COMPLETED, 0.99); // duplicate: ignored
        assertThat(trials.isEmpty()).isTrue();

        finish(first.get(1), TrialResult.Status.STOPPED, 0.85);
        TrialConfig t3 = trials.readValue();
        assertThat(t3.number()).isEqualTo(3);
        assertThat(trials.isEmpty()).isTrue(); // numSamples reached
        finish(second.get(0), TrialResult.Status.FAILED, 0.99);
        finish(t3, TrialResult.Status.COMPLETED, 0.70);

        List<StudyStatus> after = studies.readValuesToList();
        StudyStatus last = after.get(after.size() - 1);
        assertThat(last.state()).isEqualTo(StudyStatus.State.COMPLETED);
        assertThat(last.trialsCompleted()).isEqualTo(2);
        assertThat(last.trialsStopped()).isEqualTo(1);
        assertThat(last.trialsFailed()).isEqualTo(1);
        assertThat(last.best().trialId()).isEqualTo("s1-00001"); // 0.85, the failed trial's 0.99 does not count
        assertThat(last.best().value()).isEqualTo(0.85);
    }

    /** Ray's median rule without a hard stop: a paused trial runs again, to the end, once nothing new is left to start. */
    @Test
    void aPausedTrialIsIssuedAgainWhenTheStudyHasNoNewTrialLeft() {
        submit("p"); // 4 trials, 2 at a time
        List<TrialConfig> first = trials.readValuesToList();
        finish(first.get(0), TrialResult.Status.PAUSED, 0.5);
        TrialConfig t2 = trials.readValue(); // a paused trial frees its slot for a new one
        assertThat(t2.number()).isEqualTo(2);
        StudyStatus running = last(studies.readValuesToList());
        assertThat(running.trialsPaused()).isEqualTo(1);
        assertThat(running.trialsRunning()).isEqualTo(2);
        finish(first.get(0), TrialResult.Status.PAUSED, 0.5); // a duplicate pause changes nothing
        assertThat(trials.isEmpty()).isTrue();

        finish(first.get(1), TrialResult.Status.PAUSED, 0.6);
        TrialConfig t3 = trials.readValue();
        assertThat(t3.number()).isEqualTo(3); // new trials first
        finish(t2, TrialResult.Status.COMPLETED, 0.7);
        TrialConfig resumed = trials.readValue(); // then paused ones, lowest number first
        assertThat(resumed.trialId()).isEqualTo(first.get(0).trialId());
        assertThat(resumed.params()).isEqualTo(first.get(0).params());
        finish(t3, TrialResult.Status.COMPLETED, 0.8);
        assertThat(trials.readValue().trialId()).isEqualTo(first.get(1).trialId());
        assertThat(trials.isEmpty()).isTrue();
        finish(resumed, TrialResult.Status.COMPLETED, 0.9);
        assertThat(last(studies.readValuesToList()).state()).isEqualTo(StudyStatus.State.RUNNING);
        finish(first.get(1), TrialResult.Status.COMPLETED, 0.65);
        StudyStatus done = last(studies.readValuesToList());
        assertThat(done.state()).isEqualTo(StudyStatus.State.COMPLETED);
        assertThat(done.trialsCompleted()).isEqualTo(4);
        assertThat(done.trialsPaused()).isZero();
        assertThat(done.best().value()).isEqualTo(0.9);
    }

    static StudyStatus last(List<StudyStatus> statuses) {
        return statuses.get(statuses.size() - 1);
    }

    @Test
    void badSpecIsRejectedWithEveryProblemAndOtherStudiesRun() {
        requests.pipeInput("bad", "{\"studyId\": \"bad\", \"numSamples\": -1, \"searchSpace\": {}, \"trainer\": {\"model\": \"x\", \"epochs\": 1}}"
                .getBytes(StandardCharsets.UTF_8), T0);
        requests.pipeInput("garbage", "}{ not json".getBytes(StandardCharsets.UTF_8), T0);
        submit("good");
        List<TestRecord<String, StudyStatus>> statuses = studies.readRecordsToList();
        StudyStatus bad = statuses.get(0).value();
        assertThat(bad.state()).isEqualTo(StudyStatus.State.REJECTED);
        assertThat(bad.problems()).containsExactlyInAnyOrder(
                "numSamples: must be in [1, 100000], got -1",
                "searchSpace: has no parameters",
                "trainer.model: unknown model 'x', expected one of [fashion-cnn]");
        assertThat(statuses.get(1).key()).isEqualTo("garbage");
        assertThat(statuses.get(1).value().state()).isEqualTo(StudyStatus.State.REJECTED);
        assertThat(statuses.get(2).value().state()).isEqualTo(StudyStatus.State.ACCEPTED);
        assertThat(trials.readValuesToList()).hasSize(2);
        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key).containsExactly("bad", "garbage");
        assertThat(DeadLetter.error(dead.get(1).headers())).startsWith("not a valid StudySpec JSON document");
        assertThat(new String(dead.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("}{ not json");
    }

    @Test
    void resubmittingARunningStudyChangesNothing() {
        submit("s1");
        studies.readValuesToList();
        trials.readValuesToList();
        submit("s1");
        assertThat(studies.isEmpty()).isTrue();
        assertThat(trials.isEmpty()).isTrue();
        assertThat(DeadLetter.error(dlq.readRecord().headers())).contains("already exists");
    }

    @Test
    void sameSeedSameTrials() {
        submit("s1");
        List<TrialConfig> a = trials.readValuesToList();
        driver.close();
        start();
        submit("s1");
        assertThat(trials.readValuesToList()).isEqualTo(a);
    }

    @Test
    void gridPointsTimesNumSamplesTrialsWithNestedParams() {
        requests.pipeInput("g", """
                {"studyId": "g", "searcher": {"type": "grid"}, "numSamples": 2, "maxConcurrentTrials": 10,
                 "searchSpace": {"width": {"gridSearch": [4, 8]}, "opt": {"lr": {"loguniform": [1e-4, 1e-2]}, "name": "adam"}},
                 "trainer": {"model": "fashion-cnn", "epochs": 1}}""".getBytes(StandardCharsets.UTF_8), T0);
        List<TrialConfig> issued = trials.readValuesToList();
        assertThat(issued).hasSize(4);
        assertThat(issued).extracting(t -> t.params().get("width")).containsExactly(4, 8, 4, 8);
        assertThat(issued.get(0).params().get("opt")).isInstanceOfSatisfying(Map.class, opt -> {
            assertThat(opt).containsEntry("name", "adam").containsKey("lr");
        });
        issued.forEach(t -> finish(t, TrialResult.Status.COMPLETED, 0.5 + t.number() / 10.0));
        List<StudyStatus> statuses = studies.readValuesToList();
        StudyStatus last = statuses.get(statuses.size() - 1);
        assertThat(last.state()).isEqualTo(StudyStatus.State.COMPLETED);
        assertThat(last.trialsCompleted()).isEqualTo(4);
        assertThat(last.best().params()).containsEntry("width", 8).containsKey("opt");
    }

    @Test
    void keyMustBeTheStudyId() {
        requests.pipeInput("other", SPEC.formatted("s1").getBytes(StandardCharsets.UTF_8), T0);
        assertThat(studies.readValue().problems()).containsExactly("key: the record key must be the study id 's1', got 'other'");
        assertThat(trials.isEmpty()).isTrue();
    }
}
