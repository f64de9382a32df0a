package dev.ktune.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every study in examples/ is valid, so the README's commands work as written. */
class ExamplesTest {
    @Test
    void everyExampleStudyIsValid() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            examples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(examples).extracting(p -> p.getFileName().toString()).contains("quickstart.json", "median.json");
        for (Path p : examples) {
            StudySpec spec = StudySpec.parse(Files.readAllBytes(p));
            assertThat(spec.totalTrials()).as(p.toString()).isPositive();
        }
    }
}
