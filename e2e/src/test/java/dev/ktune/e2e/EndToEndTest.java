package dev.ktune.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.cli.LocalCluster;
import dev.ktune.protocol.Decision;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.StudySpec;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.Topics;
import dev.ktune.protocol.TrialConfig;
import dev.ktune.protocol.TrialResult;
import dev.ktune.suggester.sampler.History;
import dev.ktune.suggester.sampler.RandomSampler;
import dev.ktune.testkit.KafkaBroker;
import dev.ktune.testkit.MlflowTracking;
import dev.ktune.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.tracking.MlflowClient;

/**
 * The whole pipeline over a real broker, the four packaged services as processes, real training on real
 * Fashion-MNIST images and a real MLflow server: a good study completes while a bad one is rejected.
 */
@ExtendWith({KafkaBroker.class, MlflowTracking.class})
class EndToEndTest {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    static final double GOOD_LR = 0.003;
    static final double BAD_LR = 1e-6;
    static final int TRIALS = 6;

    /**
     * lr is either good or so small that a trial cannot learn in an epoch. The seed is chosen so that trials 0 and 1
     * are good and trial 2 is bad: trial 2 starts only after a good trial has passed the first rung, so ASHA must
     * stop it there whatever the timing.
     */
    static String goodSpec() {
        String template = """
                {"studyId": "e2e-good", "objective": {"metric": "valAccuracy", "mode": "max"},
                 "searcher": {"type": "random", "seed": %d},
                 "scheduler": {"type": "asha", "maxT": 3, "gracePeriod": 1, "reductionFactor": 2},
                 "numSamples": %d, "maxConcurrentTrials": 2,
                 "searchSpace": {"lr": {"choice": [%s, %s]}, "batchSize": 64, "width": {"choice": [4, 8]}},
                 "trainer": {"model": "fashion-cnn", "epochs": 3}}""";
        for (long seed = 0; ; seed++) {
            StudySpec spec = StudySpec.parse(template.formatted(seed, TRIALS, GOOD_LR, BAD_LR).getBytes(StandardCharsets.UTF_8));
            RandomSampler sampler = new RandomSampler(spec.domains(), spec.seed());
            List<Object> lrs = IntStream.range(0, 3).mapToObj(n -> sampler.suggest(n, History.EMPTY).get("lr")).toList();
            if (lrs.equals(List.of(GOOD_LR, GOOD_LR, BAD_LR))) return template.formatted(seed, TRIALS, GOOD_LR, BAD_LR);
        }
    }

    static final String TPE_SPEC = """
            {"studyId": "e2e-tpe", "searcher": {"type": "tpe", "seed": 5, "nStartupTrials": 2},
             "numSamples": 4, "maxConcurrentTrials": 1,
             "searchSpace": {"lr": {"loguniform": [0.0005, 0.01]}, "width": {"choice": [2, 4]}, "batchSize": 256},
             "trainer": {"model": "fashion-cnn", "epochs": 1}}""";

    static final String BAD_SPEC = """
            {"studyId": "e2e-bad", "numSamples": 0, "searchSpace": {"lr": {"loguniform": [-1, 1]}},
             "trainer": {"model": "resnet-1000", "epochs": 1}}""";

    @Test
    void aStudyRunsEndToEndWhileABadOneIsRejected(KafkaBroker.TestKafka kafka, MlflowTracking.Tracking mlflow) throws Exception {
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "e2e");
        LocalCluster.Options options = new LocalCluster.Options(HOME, work, Optional.of(kafka.bootstrapServers()), 0, 2,
                HOME.resolve("examples/data/fashion-mnist-small"), Optional.of(mlflow.trackingUri()), Map.of());
        try (LocalCluster cluster = LocalCluster.start(options, System.out::println);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), "e2e-bad", BAD_SPEC.getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), "e2e-good", goodSpec().getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), "e2e-tpe", TPE_SPEC.getBytes(StandardCharsets.UTF_8))).get();

            StudyStatus done = awaitStatus(kafka.bootstrapServers(), "e2e-good", StudyStatus.State.COMPLETED, Duration.ofMinutes(10), cluster);
            // TPE after two random trials, over the same services and broker
            StudyStatus tpe = awaitStatus(kafka.bootstrapServers(), "e2e-tpe", StudyStatus.State.COMPLETED, Duration.ofMinutes(5), cluster);
            assertThat(tpe.trialsFinished()).isEqualTo(4);
            assertThat(tpe.best()).isNotNull();
            StudyStatus rejected = awaitStatus(kafka.bootstrapServers(), "e2e-bad", StudyStatus.State.REJECTED, Duration.ofSeconds(30), cluster);
            assertThat(rejected.problems()).containsExactlyInAnyOrder(
                    "numSamples: must be in [1, 100000], got 0",
                    "searchSpace.lr.loguniform: lower bound must be > 0, got -1",
                    "trainer.model: unknown model 'resnet-1000', expected one of [fashion-cnn]");

            List<TrialConfig> trials = read(kafka, Topics.TRIALS.name(), TrialConfig.class).stream()
                    .filter(t -> t.studyId().equals("e2e-good")).toList();
            List<TrialResult> results = read(kafka, Topics.RESULTS.name(), TrialResult.class).stream()
                    .filter(r -> r.studyId().equals("e2e-good")).toList();
            List<MetricReport> reports = read(kafka, Topics.METRICS.name(), MetricReport.class).stream()
                    .filter(r -> r.studyId().equals("e2e-good")).toList();
            List<Decision> decisions = read(kafka, Topics.DECISIONS.name(), Decision.class).stream()
                    .filter(d -> d.studyId().equals("e2e-good")).toList();

            // every trial reaches a terminal state exactly once
            assertThat(trials).hasSize(TRIALS);
            assertThat(results).extracting(TrialResult::trialId)
                    .containsExactlyInAnyOrderElementsOf(trials.stream().map(TrialConfig::trialId).toList());
            assertThat(results).noneMatch(r -> r.status() == TrialResult.Status.FAILED);

            // ASHA stopped the bad trial 2, and every stopped trial's reports end at the rung that stopped it
            Map<String, TrialResult> byTrial = results.stream().collect(Collectors.toMap(TrialResult::trialId, Function.identity()));
            assertThat(byTrial.get("e2e-good-00002").status()).isEqualTo(TrialResult.Status.STOPPED);
            for (TrialResult r : results) {
                List<Integer> iterations = reports.stream().filter(m -> m.trialId().equals(r.trialId()))
                        .map(MetricReport::iteration).toList();
                assertThat(iterations).as("reports of %s", r.trialId()).isEqualTo(IntStream.rangeClosed(1, r.iterations()).boxed().toList());
                if (r.status() == TrialResult.Status.STOPPED) {
                    Decision stop = decisions.stream().filter(d -> d.trialId().equals(r.trialId()) && d.action() == Decision.Action.STOP)
                            .findFirst().orElseThrow();
                    assertThat(stop.milestone()).isEqualTo((double) r.iterations());
                    assertThat(r.iterations()).isLessThan(3);
                } else {
                    assertThat(r.iterations()).isEqualTo(3);
                }
            }

            // the study's best trial is the best valAccuracy among the results
            TrialResult best = results.stream().max(Comparator.comparingDouble(r -> r.bestMetrics().get("valAccuracy"))).orElseThrow();
            assertThat(done.best().trialId()).isEqualTo(best.trialId());
            assertThat(done.best().value()).isEqualTo(best.bestMetrics().get("valAccuracy"));
            assertThat(done.trialsFinished()).isEqualTo(TRIALS);

            assertMlflowHoldsTheStudy(mlflow.trackingUri(), trials, results, reports);
        }
    }

    void assertMlflowHoldsTheStudy(String uri, List<TrialConfig> trials, List<TrialResult> results, List<MetricReport> reports)
            throws InterruptedException {
        MlflowClient client = new MlflowClient(uri);
        String experiment = awaitValue(() -> client.getExperimentByName("e2e-good").map(e -> e.getExperimentId()).orElse(null));
        // the sink trails the study: wait until every trial's run has ended
        List<RunInfo> runs = awaitValue(() -> {
            List<RunInfo> all = client.searchRuns(List.of(experiment), "");
            long ended = all.stream().filter(r -> !r.getRunName().equals("e2e-good") && r.getStatus() != RunStatus.RUNNING).count();
            boolean parentDone = all.stream().anyMatch(r -> r.getRunName().equals("e2e-good") && r.getStatus() == RunStatus.FINISHED);
            return ended == TRIALS && parentDone ? all : null;
        });
        assertThat(runs).hasSize(TRIALS + 1);
        String parentId = runs.stream().filter(r -> r.getRunName().equals("e2e-good")).findFirst().orElseThrow().getRunId();
        for (TrialConfig trial : trials) {
            RunInfo info = runs.stream().filter(r -> r.getRunName().equals(trial.trialId())).findFirst().orElseThrow();
            Run run = client.getRun(info.getRunId());
            assertThat(run.getData().getTagsList()).anySatisfy(t -> {
                assertThat(t.getKey()).isEqualTo("mlflow.parentRunId");
                assertThat(t.getValue()).isEqualTo(parentId);
            });
            Map<String, String> params = run.getData().getParamsList().stream()
                    .collect(Collectors.toMap(p -> p.getKey(), p -> p.getValue()));
            assertThat(params).containsEntry("lr", String.valueOf(trial.params().get("lr")))
                    .containsEntry("batchSize", String.valueOf(trial.params().get("batchSize")))
                    .containsEntry("width", String.valueOf(trial.params().get("width")));
            List<Metric> history = client.getMetricHistory(info.getRunId(), "valAccuracy");
            List<String> expected = reports.stream().filter(m -> m.trialId().equals(trial.trialId()))
                    .map(m -> m.iteration() + ":" + m.metrics().get("valAccuracy")).toList();
            assertThat(history.stream().sorted(Comparator.comparingLong(Metric::getStep)).map(m -> m.getStep() + ":" + m.getValue()))
                    .containsExactlyElementsOf(expected);
            TrialResult result = results.stream().filter(r -> r.trialId().equals(trial.trialId())).findFirst().orElseThrow();
            assertThat(info.getStatus()).isEqualTo(result.status() == TrialResult.Status.STOPPED ? RunStatus.KILLED : RunStatus.FINISHED);
        }
    }

    static <T> List<T> read(KafkaBroker.TestKafka kafka, String topic, Class<T> type) {
        return TopicReader.readAll(kafka.bootstrapServers(), topic).stream().map(r -> Json.read(r.value(), type)).toList();
    }

    static StudyStatus awaitStatus(String bootstrap, String studyId, StudyStatus.State state, Duration timeout, LocalCluster cluster)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (var s : cluster.services()) assertThat(s.isAlive()).as(s.name() + " is running; see " + s.log()).isTrue();
            Optional<StudyStatus> found = TopicReader.readAll(bootstrap, Topics.STUDIES.name()).stream()
                    .filter(r -> studyId.equals(r.key())).map(r -> Json.read(r.value(), StudyStatus.class))
                    .filter(s -> s.state() == state).findFirst();
            if (found.isPresent()) return found.get();
            Thread.sleep(1000);
        }
        throw new AssertionError("study " + studyId + " did not reach " + state + " within " + timeout);
    }

    static <T> T awaitValue(java.util.function.Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) return value;
            Thread.sleep(500);
        }
        throw new AssertionError("MLflow did not reach the expected state within 90 s");
    }
}
