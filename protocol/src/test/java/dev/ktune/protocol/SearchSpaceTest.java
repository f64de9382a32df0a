package dev.ktune.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    static Map<String, Domain> parse(String json, List<String> problems) throws Exception {
        return SearchSpace.parse(Json.MAPPER.readTree(json), problems);
    }

    @Test
    void everyDomainOfRayTunesLanguage() throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, Domain> d = parse("""
                {"opt": "adam", "bs": {"choice": [32, 64]}, "seed": {"gridSearch": [1, 2, 3]},
                 "drop": {"uniform": [0, 0.5]}, "mom": {"quniform": [0.8, 0.99, 0.01]},
                 "lr": {"loguniform": [1e-4, 1e-1]}, "wd": {"qloguniform": [1e-5, 1e-2, 1e-5]},
                 "layers": {"randint": [1, 5]}, "width": {"qrandint": [8, 64, 8]}, "hidden": {"lograndint": [16, 1025]},
                 "net": {"depth": {"randint": [2, 4]}, "act": {"choice": ["relu", "gelu"]}, "inner": {"k": 3}}}""", problems);
        assertThat(problems).isEmpty();
        assertThat(d).containsExactly(
                Map.entry("opt", new Domain.Constant("adam")),
                Map.entry("bs", new Domain.Choice(List.of(32, 64))),
                Map.entry("seed", new Domain.GridSearch(List.of(1, 2, 3))),
                Map.entry("drop", new Domain.Uniform(0, 0.5)),
                Map.entry("mom", new Domain.QUniform(0.8, 0.99, 0.01)),
                Map.entry("lr", new Domain.LogUniform(1e-4, 1e-1)),
                Map.entry("wd", new Domain.QLogUniform(1e-5, 1e-2, 1e-5)),
                Map.entry("layers", new Domain.RandInt(1, 5)),
                Map.entry("width", new Domain.QRandInt(8, 64, 8)),
                Map.entry("hidden", new Domain.LogRandInt(16, 1025)),
                Map.entry("net/depth", new Domain.RandInt(2, 4)),
                Map.entry("net/act", new Domain.Choice(List.of("relu", "gelu"))),
                Map.entry("net/inner/k", new Domain.Constant(3)));
    }

    @Test
    void everyBadDomainNamesItsField() throws Exception {
        List<String> problems = new ArrayList<>();
        parse("""
                {"a": {"choice": []}, "b": {"gridSearch": 3}, "c": {"uniform": [1, 1]}, "d": {"quniform": [0, 1, 0]},
                 "e": {"loguniform": [0, 1]}, "f": {"qloguniform": [-1, 1, -2]}, "g": {"randint": [3, 3]},
                 "h": {"qrandint": [5, 1, 0]}, "i": {"lograndint": [0, 10]}, "j": {"randint": [1.5, 4]},
                 "k": {"uniform": [1]}, "l": {"normal": [0, 1]}, "m": null, "n": {}, "o": {"choice": [1], "uniform": [0, 1]}}""", problems);
        assertThat(problems).containsExactlyInAnyOrder(
                "searchSpace.a.choice: must be a non-empty list of values",
                "searchSpace.b.gridSearch: must be a non-empty list of values",
                "searchSpace.c.uniform: lower bound must be < upper bound, got [1, 1]",
                "searchSpace.d.quniform: q must be > 0, got 0",
                "searchSpace.e.loguniform: lower bound must be > 0, got 0",
                "searchSpace.f.qloguniform: lower bound must be > 0, got -1",
                "searchSpace.f.qloguniform: q must be > 0, got -2",
                "searchSpace.g.randint: lower bound must be < upper bound (which is exclusive), got [3, 3]",
                "searchSpace.h.qrandint: lower bound must be <= upper bound (which is inclusive), got [5, 1]",
                "searchSpace.h.qrandint: q must be > 0, got 0",
                "searchSpace.i.lograndint: lower bound must be >= 1, got 0",
                "searchSpace.j.randint: bounds must be integers, got [1.5,4]",
                "searchSpace.k.uniform: must be [lower, upper], 2 numbers, got [1]",
                "searchSpace.l: unknown domain 'normal', expected one of " + SearchSpace.DOMAINS,
                "searchSpace.m: must not be null",
                "searchSpace.n: an empty group",
                "searchSpace.o: must be a constant, a group, or an object with exactly one of " + SearchSpace.DOMAINS);
    }

    @Test
    void flatNamesNestBackForTheTrainer() {
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("lr", 0.1);
        flat.put("net/depth", 3);
        flat.put("net/inner/k", 5);
        assertThat(SearchSpace.nest(flat)).isEqualTo(Map.of("lr", 0.1, "net", Map.of("depth", 3, "inner", Map.of("k", 5))));
    }

    @Test
    void gridPointsAreRepeatedNumSamplesTimes() {
        StudySpec spec = StudySpec.parse("""
                {"studyId": "g", "searcher": {"type": "grid"}, "numSamples": 2,
                 "searchSpace": {"a": {"gridSearch": [1, 2, 3]}, "b": {"gridSearch": ["x", "y"]}, "lr": {"uniform": [0, 1]}},
                 "trainer": {"model": "fashion-cnn", "epochs": 1}}""".getBytes());
        assertThat(spec.totalTrials()).isEqualTo(12);
    }

    @Test
    void theGridSearcherNeedsAGrid() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StudySpec.parse("""
                {"studyId": "g", "searcher": {"type": "grid"}, "searchSpace": {"lr": {"uniform": [0, 1]}},
                 "trainer": {"model": "fashion-cnn", "epochs": 1}}""".getBytes()))
                .hasMessage("searcher.type: 'grid' needs at least one gridSearch parameter in searchSpace");
    }
}
