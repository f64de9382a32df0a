package dev.ktune.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktune.broker.TopicSetup;
import dev.ktune.cli.ServiceProcess;
import dev.ktune.protocol.Decision;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.StudySpec;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.Topics;
import dev.ktune.testkit.KafkaBroker;
import dev.ktune.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scheduler-stream process is killed (SIGKILL) in the middle of two studies and started again: its decision log
 * must be exactly the one an uninterrupted run writes for the same input: no decision lost, none twice, none different.
 * Real broker, the packaged service. The input is a fixed script: an ASHA study with two brackets and a median-rule
 * study that pauses, 30 trials each, reports interleaved, final ({@code done}) reports, reports without the metric and
 * records that do not parse.
 */
@ExtendWith(KafkaBroker.class)
class SchedulerRestartTest {
    static final int TRIALS = 30;
    static final int ITERATIONS = 12;

    /** One record of the script, for the study named {@code <run>-<suffix>}. */
    record Step(String suffix, String trialId, int iteration, String metric, double value, boolean done, boolean garbage) {
        boolean answered() {
            return !garbage && !done;
        }

        byte[] value(String studyId) {
            if (garbage) return "{\"studyId\": \"broken".getBytes(StandardCharsets.UTF_8);
            return Json.write(new MetricReport(studyId, trialId, iteration, Map.of(metric, value), iteration * 1000L, 0, done));
        }
    }

    static final Map<String, String> SCHEDULERS = Map.of(
            "asha", "{\"type\": \"asha\", \"maxT\": 12, \"gracePeriod\": 1, \"reductionFactor\": 2, \"brackets\": 2}",
            "median", "{\"type\": \"median\", \"gracePeriod\": 2, \"minSamplesRequired\": 3, \"hardStop\": false}");

    /** Trials of random quality learning at random speed, 8 at a time, their reports interleaved at random (seeded). */
    static List<Step> script() {
        SplittableRandom random = new SplittableRandom(7);
        List<Step> steps = new ArrayList<>();
        for (String suffix : List.of("asha", "median")) {
            int started = 0;
            List<int[]> running = new ArrayList<>(); // trial number, next iteration
            double[] quality = random.doubles(TRIALS).toArray();
            List<Step> study = new ArrayList<>();
            while (started < TRIALS || !running.isEmpty()) {
                while (running.size() < 8 && started < TRIALS) running.add(new int[] {started++, 1});
                int[] trial = running.get(random.nextInt(running.size()));
                String id = "t-" + trial[0];
                int i = trial[1]++;
                double value = quality[trial[0]] * (1 - Math.exp(-i / 3.0)) + 0.05 * random.nextDouble();
                boolean last = i == ITERATIONS;
                if (last) running.remove(trial);
                if (random.nextInt(40) == 0) study.add(new Step(suffix, id, i, "loss", value, false, false)); // no "acc"
                if (random.nextInt(60) == 0) study.add(new Step(suffix, id, i, "acc", 0, false, true));
                study.add(new Step(suffix, id, i, "acc", random.nextInt(50) == 0 ? Double.NaN : value, last, false));
            }
            steps.addAll(study);
        }
        // interleave the two studies at random, each in its own order
        List<Step> asha = new ArrayList<>(steps.stream().filter(s -> s.suffix.equals("asha")).toList());
        List<Step> median = new ArrayList<>(steps.stream().filter(s -> s.suffix.equals("median")).toList());
        List<Step> out = new ArrayList<>();
        while (!asha.isEmpty() || !median.isEmpty()) {
            List<Step> from = median.isEmpty() || (!asha.isEmpty() && random.nextBoolean()) ? asha : median;
            out.add(from.remove(0));
        }
        return out;
    }

    @Test
    void aKilledAndRestartedSchedulerWritesExactlyTheDecisionsOfAnUninterruptedOne(KafkaBroker.TestKafka kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicSetup.ensure(admin, TopicSetup.ShareGroupSettings.DEFAULT, Duration.ofSeconds(60));
        }
        List<Step> script = script();
        long answered = script.stream().filter(Step::answered).count();
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "restart");
        Map<String, List<String>> reference;
        long refDeadLetters;

        try (var producer = producer(bootstrap)) {
            // the reference: one process from start to end
            accept(producer, "ref");
            try (ServiceProcess ref = scheduler(bootstrap, work, "ref")) {
                send(producer, "ref", script);
                awaitDecisions(bootstrap, "ref", answered);
            }
            // read now: the next run's application starts from the topics' beginning and answers "ref" once more
            reference = decisions(bootstrap, "ref");
            refDeadLetters = deadLetters(bootstrap, "ref");
            // the same input, and a SIGKILL while it is being worked through
            accept(producer, "crash");
            int killAt = script.size() * 3 / 5;
            ServiceProcess first = scheduler(bootstrap, work, "crash");
            send(producer, "crash", script.subList(0, script.size() / 3));
            awaitDecisions(bootstrap, "crash", answered / 4);
            send(producer, "crash", script.subList(script.size() / 3, killAt));
            first.kill();
            long beforeRestart = decisions(bootstrap, "crash").values().stream().mapToLong(List::size).sum();
            send(producer, "crash", script.subList(killAt, script.size()));
            try (ServiceProcess restarted = scheduler(bootstrap, work, "crash")) {
                awaitDecisions(bootstrap, "crash", answered);
                Thread.sleep(3000); // anything written twice would show up by now
                System.out.printf("restart: %d of %d decisions were committed at the kill%n", beforeRestart, answered);
            }
        }
        Map<String, List<String>> crashed = decisions(bootstrap, "crash");
        assertThat(reference.values().stream().mapToLong(List::size).sum()).isEqualTo(answered);
        assertThat(crashed).isEqualTo(reference);
        // the script must exercise what it claims: stops at rungs in both brackets, pauses, dead letters
        List<String> all = reference.values().stream().flatMap(List::stream).toList();
        assertThat(all).anyMatch(d -> d.contains("STOP") && d.contains("at rung 1.0"));
        assertThat(all).anyMatch(d -> d.contains("STOP") && d.contains("at rung 2.0"));
        assertThat(all).anyMatch(d -> d.contains("PAUSE"));
        assertThat(deadLetters(bootstrap, "crash")).isEqualTo(refDeadLetters).isPositive();
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "linger.ms", 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    static ServiceProcess scheduler(String bootstrap, Path work, String run) {
        return ServiceProcess.startModule(EndToEndTest.HOME, "scheduler-stream", "scheduler-" + run, "256m", bootstrap, work,
                Map.of("QUARKUS_KAFKA_STREAMS_APPLICATION_ID", "restart-test-" + run));
    }

    static void accept(KafkaProducer<String, byte[]> producer, String run) throws Exception {
        for (var e : SCHEDULERS.entrySet()) {
            String id = run + "-" + e.getKey();
            StudySpec spec = StudySpec.parse(("""
                    {"studyId": "%s", "objective": {"metric": "acc", "mode": "max"}, "scheduler": %s,
                     "searcher": {"type": "random", "seed": 11},
                     "searchSpace": {"lr": {"uniform": [0, 1]}}, "trainer": {"model": "fashion-cnn", "epochs": %d}}""")
                    .formatted(id, e.getValue(), ITERATIONS).getBytes(StandardCharsets.UTF_8));
            StudyStatus status = StudyStatus.accepted(spec, 1);
            producer.send(new ProducerRecord<>(Topics.STUDIES.name(), id, Json.write(status))).get();
        }
    }

    /** Sends the steps in order, in small bursts, as trainers would. */
    static void send(KafkaProducer<String, byte[]> producer, String run, List<Step> steps) throws Exception {
        int n = 0;
        for (Step s : steps) {
            String id = run + "-" + s.suffix();
            producer.send(new ProducerRecord<>(Topics.METRICS.name(), id, s.value(id)));
            if (++n % 25 == 0) Thread.sleep(20);
        }
        producer.flush();
    }

    /** Per trial of the run's studies, its decisions in order, each as one comparable line. */
    static Map<String, List<String>> decisions(String bootstrap, String run) {
        Map<String, List<String>> out = new TreeMap<>();
        TopicReader.readAll(bootstrap, Topics.DECISIONS.name()).forEach(r -> {
            Decision d = Json.read(r.value(), Decision.class);
            if (!d.studyId().startsWith(run + "-")) return;
            String study = d.studyId().substring(run.length() + 1);
            out.computeIfAbsent(study + "/" + d.trialId(), k -> new ArrayList<>())
                    .add(d.iteration() + " " + d.action() + " " + d.milestone() + " " + d.cutoff() + " " + d.reason());
        });
        return out;
    }

    static long deadLetters(String bootstrap, String run) {
        return TopicReader.readAll(bootstrap, Topics.DLQ.name()).stream()
                .filter(r -> r.key() != null && r.key().startsWith(run + "-")).count();
    }

    static void awaitDecisions(String bootstrap, String run, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            long n = decisions(bootstrap, run).values().stream().mapToLong(List::size).sum();
            if (n >= count) return;
            assertThat(System.nanoTime()).as("%d decisions for %s, %d so far", count, run, n).isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}
