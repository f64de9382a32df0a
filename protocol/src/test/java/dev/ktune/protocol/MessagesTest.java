package dev.ktune.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagesTest {
    final TrainerSpec trainer = new TrainerSpec("fashion-cnn", 3);

    <T> T roundTrip(T value, Class<T> type) {
        return new JsonSerde<>(type).deserializer().deserialize("t", new JsonSerde<>(type).serializer().serialize("t", value));
    }

    @Test
    void everyMessageRoundTrips() {
        TrialConfig trial = new TrialConfig("s", "s-00001", 1, Map.of("lr", 0.01, "width", 16, "opt", "adam"), trainer, Objective.DEFAULT);
        assertThat(roundTrip(trial, TrialConfig.class)).isEqualTo(trial);
        MetricReport report = new MetricReport("s", "s-00001", 2, Map.of("valAccuracy", 0.8, "trainLoss", Double.NaN), 1234, 99);
        assertThat(roundTrip(report, MetricReport.class)).isEqualTo(report);
        Decision decision = new Decision("s", "s-00001", 2, Decision.Action.STOP, 2.0, 0.85, "below cutoff");
        assertThat(roundTrip(decision, Decision.class)).isEqualTo(decision);
        TrialResult result = new TrialResult("s", "s-00001", 1, TrialResult.Status.STOPPED, 2,
                Map.of("valAccuracy", 0.8), Map.of("valAccuracy", 0.81), null, 5000);
        assertThat(roundTrip(result, TrialResult.class)).isEqualTo(result);
        StudyStatus rejected = StudyStatus.rejected("s", List.of("numSamples: must be in [1, 100000], got 0"), 5);
        assertThat(roundTrip(rejected, StudyStatus.class)).isEqualTo(rejected);
        StudyStatus done = new StudyStatus("s1", StudyStatus.State.COMPLETED, List.of(),
                StudySpecTest.parse(StudySpecTest.VALID), 6, 4, 2, 0,
                new BestTrial("s1-00003", 3, 0.9, Map.of("lr", 0.001), Map.of("valAccuracy", 0.9)), 10);
        assertThat(roundTrip(done, StudyStatus.class)).isEqualTo(done);
    }

    @Test
    void constructorsNameTheBadField() {
        assertThatThrownBy(() -> new MetricReport("s", "t", 0, Map.of(), 0, 0)).hasMessage("iteration: must be >= 1, got 0");
        assertThatThrownBy(() -> new TrialConfig("", "t", 0, Map.of(), trainer, Objective.DEFAULT)).hasMessage("studyId: must not be blank");
        assertThatThrownBy(() -> new TrialResult("s", "t", 0, TrialResult.Status.FAILED, 0, null, null, null, 0))
                .hasMessage("error: a FAILED result needs the error");
    }

    @Test
    void aBadInternalMessageNamesTheField() {
        byte[] bytes = "{\"studyId\":\"s\",\"trialId\":\"t\",\"iteration\":0,\"metrics\":{}}".getBytes();
        assertThatThrownBy(() -> Json.read(bytes, MetricReport.class))
                .isInstanceOfSatisfying(InvalidMessageException.class,
                        e -> assertThat(e.problems()).containsExactly("iteration: must be >= 1, got 0"));
    }

    @Test
    void trialIdsSortByNumber() {
        assertThat(TrialConfig.trialId("s", 7)).isEqualTo("s-00007");
        assertThat(TrialConfig.trialId("s", 12).compareTo(TrialConfig.trialId("s", 9))).isPositive();
    }
}
