package dev.ktune.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StudySpecTest {
    static final String VALID = """
            {"studyId": "s1",
             "objective": {"metric": "valAccuracy", "mode": "max"},
             "searcher": {"type": "random", "seed": 7},
             "scheduler": {"type": "asha", "maxT": 4, "gracePeriod": 1, "reductionFactor": 2},
             "numSamples": 6, "maxConcurrentTrials": 2,
             "searchSpace": {"lr": {"loguniform": [1e-4, 1e-1]}, "batchSize": {"choice": [32, 64]},
                             "width": {"randint": [8, 33]}, "dropout": {"uniform": [0, 0.5]}, "optimizer": "adam"},
             "trainer": {"model": "fashion-cnn", "epochs": 4}}""";

    static StudySpec parse(String json) {
        return StudySpec.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void validSpecGetsDefaultsAndDomains() {
        StudySpec spec = parse(VALID);
        assertThat(spec.scheduler().metric()).isEqualTo("valAccuracy");
        assertThat(spec.scheduler().mode()).isEqualTo("max");
        assertThat(spec.scheduler().timeAttr()).isEqualTo("iteration");
        assertThat(spec.scheduler().stopLastTrials()).isTrue();
        assertThat(spec.domains()).containsOnlyKeys("lr", "batchSize", "width", "dropout", "optimizer");
        assertThat(spec.domains().get("lr")).isEqualTo(new Domain.LogUniform(1e-4, 1e-1));
        assertThat(spec.domains().get("width")).isEqualTo(new Domain.RandInt(8, 33));
        assertThat(spec.domains().get("optimizer")).isEqualTo(new Domain.Constant("adam"));
        assertThat(spec.seed()).isEqualTo(7L);
    }

    @Test
    void specRoundTripsThroughJson() {
        StudySpec spec = parse(VALID);
        StudySpec again = Json.read(Json.write(spec), StudySpec.class);
        assertThat(again).isEqualTo(spec);
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsField() {
        String bad = """
                {"studyId": "bad id!", "objective": {"mode": "up"},
                 "scheduler": {"type": "asha", "reductionFactor": 1, "gracePeriod": 0},
                 "numSamples": 0, "maxConcurrentTrials": 2,
                 "searchSpace": {"lr": {"loguniform": [-1, 1]}, "bs": {"choice": []},
                                 "u": {"uniform": [2, 1]}, "n": {"randint": [1.5, 3]}, "x": {"normal": [0, 1]}},
                 "trainer": {"model": "resnet-1000", "epochs": 0}}""";
        assertThatThrownBy(() -> parse(bad))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "studyId: must match [A-Za-z0-9][A-Za-z0-9._-]{0,99} (letters, digits, '.', '_', '-'; at most 100), got 'bad id!'",
                        "objective.mode: must be 'max' or 'min', got 'up'",
                        "scheduler.mode: must be 'max' or 'min', got 'up'",
                        "scheduler.gracePeriod: must be > 0, got 0.0",
                        "scheduler.reductionFactor: must be > 1, got 1.0",
                        "numSamples: must be in [1, 100000], got 0",
                        "searchSpace.lr.loguniform: lower bound must be > 0, got -1",
                        "searchSpace.bs.choice: must be a non-empty list of values",
                        "searchSpace.u.uniform: lower bound must be < upper bound, got [2, 1]",
                        "searchSpace.n.randint: bounds must be integers, got [1.5,3]",
                        "searchSpace.x: unknown domain 'normal', expected one of " + SearchSpace.DOMAINS,
                        "trainer.model: unknown model 'resnet-1000', expected one of [fashion-cnn]",
                        "trainer.epochs: must be in [1, 10000], got 0"));
    }

    @Test
    void misspeltFieldIsNamed() {
        assertThatThrownBy(() -> parse(VALID.replace("maxConcurrentTrials", "maxConcurentTrials")))
                .isInstanceOfSatisfying(InvalidMessageException.class,
                        e -> assertThat(e.problems()).singleElement().asString().startsWith("maxConcurentTrials: "));
    }

    @Test
    void wrongTypeIsNamed() {
        assertThatThrownBy(() -> parse(VALID.replace("\"numSamples\": 6", "\"numSamples\": \"six\"")))
                .isInstanceOfSatisfying(InvalidMessageException.class,
                        e -> assertThat(e.problems()).singleElement().asString().startsWith("numSamples: "));
    }

    @Test
    void notJsonAtAll() {
        assertThatThrownBy(() -> parse("this is not json"))
                .isInstanceOfSatisfying(InvalidMessageException.class,
                        e -> assertThat(e.problems()).singleElement().asString().startsWith("not a valid StudySpec JSON document"));
    }

    @Test
    void missingSearchSpaceAndTrainer() {
        assertThatThrownBy(() -> parse("{\"studyId\": \"x\"}"))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.problems()).containsExactly(
                        "searchSpace: is required, an object of parameter name to domain",
                        "trainer: is required, e.g. {\"model\": \"fashion-cnn\", \"epochs\": 4}"));
    }
}
