package dev.ktune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Renders the chart with Helm (as a library: no helm binary here) and checks the objects it makes. */
class ChartTest {
    static final Path CHART = Path.of("helm/ktune");
    static final Path ROOT = Path.of("..");
    /** The module whose application.properties each Deployment's container runs. */
    static final Map<String, String> MODULES = Map.of("suggester", "suggester", "scheduler-stream", "scheduler-stream",
            "mlflow-sink", "mlflow-sink", "trainer", "trainer");

    static List<HasMetadata> render(Object... sets) {
        var template = new Helm(CHART).template().withName("t").withNamespace("tune");
        for (int i = 0; i < sets.length; i += 2) template.set((String) sets[i], sets[i + 1]);
        String yaml = template.call();
        return Arrays.stream(yaml.split("(?m)^---\\s*$")).map(String::trim)
                .filter(doc -> doc.lines().anyMatch(l -> l.startsWith("kind:")))
                .map(doc -> (HasMetadata) Serialization.unmarshal(doc)).toList();
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static JsonNode values() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(CHART.resolve("values.yaml").toFile());
    }

    @Test
    void lintPasses() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void everyDeploymentsSelectorMatchesItsPodLabels() {
        List<Deployment> deployments = all(render(), Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("t-suggester", "t-scheduler-stream", "t-mlflow-sink", "t-trainer");
        for (Deployment d : deployments) {
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).as(d.getMetadata().getName())
                    .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        }
    }

    /** Every ${ENV_VAR} a service's application.properties reads is set on its container. */
    @Test
    void everyEnvironmentVariableAServiceReadsIsSet() throws Exception {
        List<HasMetadata> objects = render("mlflow.existingSecret", "mlflow-token", "kafka.securityProtocol", "SASL_SSL",
                "kafka.sasl.existingSecret", "kafka-user", "kafka.tls.existingSecret", "kafka-ca");
        for (Deployment d : all(objects, Deployment.class)) {
            String component = d.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/name");
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            Set<String> set = c.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
            assertThat(set).as(component).containsAll(readEnv(ROOT.resolve(MODULES.get(component)).resolve("src/main/resources/application.properties")));
            // Kafka security, read by every client through KafkaSecurity
            assertThat(set).as(component).contains("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG",
                    "KAFKA_SSL_TRUSTSTORE_LOCATION");
            assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("KAFKA_SASL_PASSWORD")).singleElement()
                    .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("kafka-user"));
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true");
        }
    }

    static Set<String> readEnv(Path properties) throws Exception {
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(Files.readString(properties));
        Set<String> names = new LinkedHashSet<>();
        while (m.find()) names.add(m.group(1));
        assertThat(names).as("env vars in " + properties).isNotEmpty();
        return names;
    }

    @Test
    void theScaledObjectTriggerIsRenderedFromTheValues() throws Exception {
        JsonNode a = values().path("trainer").path("autoscaling");
        GenericKubernetesResource so = all(render(), GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("ScaledObject")).findFirst().orElseThrow();
        Map<String, Object> spec = so.get("spec");
        assertThat(spec).containsEntry("minReplicaCount", a.get("minReplicaCount").asInt())
                .containsEntry("maxReplicaCount", a.get("maxReplicaCount").asInt())
                .containsEntry("pollingInterval", a.get("pollingInterval").asInt())
                .containsEntry("cooldownPeriod", a.get("cooldownPeriod").asInt());
        assertThat((Map<String, Object>) spec.get("scaleTargetRef")).containsEntry("name", "t-trainer");
        Map<String, Object> trigger = ((List<Map<String, Object>>) spec.get("triggers")).get(0);
        assertThat(trigger).containsEntry("type", "kafka");
        assertThat((Map<String, Object>) trigger.get("metadata"))
                .containsEntry("topic", "tune-trials")
                .containsEntry("consumerGroup", "tune-trials-backlog")
                .containsEntry("lagThreshold", a.get("lagThreshold").asText())
                .containsEntry("activationLagThreshold", a.get("activationLagThreshold").asText())
                .containsEntry("allowIdleConsumers", a.get("allowIdleConsumers").asText());
        assertThat(a.get("minReplicaCount").asInt()).isZero();
        assertThat(a.get("maxReplicaCount").asInt()).isEqualTo(5);
        assertThat(a.get("lagThreshold").asInt()).isEqualTo(1);
    }

    @Test
    void trainersAskForAGpuOnGpuNodesAndMayPatchOnlyPods() throws Exception {
        List<HasMetadata> objects = render();
        Deployment trainer = all(objects, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals("t-trainer"))
                .findFirst().orElseThrow();
        var pod = trainer.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers().get(0).getResources().getLimits()).containsKey("nvidia.com/gpu");
        assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(pod.getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(values().path("trainer").path("terminationGracePeriodSeconds").asLong());
        assertThat(pod.getServiceAccountName()).isEqualTo("t-trainer");
        Role role = all(objects, Role.class).get(0);
        assertThat(role.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getResources()).containsExactly("pods");
            assertThat(r.getVerbs()).containsExactly("patch");
        });
    }

    @Test
    void aJobCreatesTheTopicsWithTheValuesSettings() {
        Job job = all(render(), Job.class).get(0);
        assertThat(job.getMetadata().getName()).isEqualTo("t-topics-1");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("topics", "--study-partitions=3", "--replication-factor=3", "--delivery-count-limit=5");
        assertThat(all(render("topics.create", false), Job.class)).isEmpty();
    }
}
