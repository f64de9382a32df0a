package dev.ktune.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The published JSON Schema and the Java validation agree on the examples and on typical mistakes. */
class StudySpecSchemaTest {
    static JsonSchema schema() throws Exception {
        try (InputStream in = StudySpec.class.getResourceAsStream("/ktune/study-spec.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @Test
    void everyExampleStudyIsValidForTheSchemaAndTheValidator() throws Exception {
        JsonSchema schema = schema();
        try (var files = Files.list(Path.of("../examples")).filter(p -> p.toString().endsWith(".json"))) {
            for (Path file : files.toList()) {
                byte[] json = Files.readAllBytes(file);
                assertThat(schema.validate(Json.MAPPER.readTree(json))).as(file.toString()).isEmpty();
                assertThat(StudySpec.parse(json).studyId()).isNotBlank();
            }
        }
    }

    @Test
    void everyDomainAndGroupIsInTheSchema() throws Exception {
        JsonNode space = Json.MAPPER.readTree("""
                {"studyId": "all", "numSamples": 2, "searchSpace": {"opt": "adam", "bs": {"choice": [32, 64]}, "seed": {"gridSearch": [1, 2]},
                 "drop": {"uniform": [0, 0.5]}, "mom": {"quniform": [0.8, 0.99, 0.01]}, "lr": {"loguniform": [1e-4, 1e-1]},
                 "wd": {"qloguniform": [1e-5, 1e-2, 1e-5]}, "layers": {"randint": [1, 5]}, "width": {"qrandint": [8, 64, 8]},
                 "hidden": {"lograndint": [16, 1025]}, "net": {"depth": {"randint": [2, 4]}, "inner": {"k": 3}}},
                 "trainer": {"model": "fashion-cnn", "epochs": 1}}""");
        assertThat(schema().validate(space)).isEmpty();
        assertThat(StudySpec.parse(Json.write(space)).totalTrials()).isEqualTo(4);
    }

    @Test
    void theSchemaRejectsWhatTheValidatorRejects() throws Exception {
        JsonNode bad = Json.MAPPER.readTree("""
                {"studyId": "x y", "numSamples": 0, "searchSpace": {"lr": {"loguniform": [-1, 1]}, "c": {"choice": []}},
                 "trainer": {"model": "resnet-1000", "epochs": 1}, "maxConcurentTrials": 3}""");
        Set<ValidationMessage> errors = schema().validate(bad);
        assertThat(errors).extracting(ValidationMessage::getInstanceLocation).map(Object::toString)
                .contains("$.studyId", "$.numSamples", "$.trainer.model", "$.searchSpace.lr", "$.searchSpace.c");
    }
}
