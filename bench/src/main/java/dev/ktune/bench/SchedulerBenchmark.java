package dev.ktune.bench;

import dev.ktune.broker.EmbeddedKafka;
import dev.ktune.broker.TopicSetup;
import dev.ktune.cli.ServiceProcess;
import dev.ktune.protocol.Decision;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.StudySpec;
import dev.ktune.protocol.StudyStatus;
import dev.ktune.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Metric reports through the real scheduler-stream (the packaged service, exactly-once, on an in-process broker), as
 * trainers send them: each of N concurrent trials has one report outstanding and sends its next epoch when the decision
 * on the last one is readable (read_committed); a stopped trial is replaced by a new one, so N stay running. Measures
 * decisions per second and the latency from sending a report to reading its decision, p50 and p99, per N.
 * Usage: {@code bench/scheduler.sh [N ...]} (default 1 100 1000); {@code -Dseconds=20} to measure longer,
 * {@code -Dscheduler=median} for the median stopping rule instead of ASHA.
 */
public final class SchedulerBenchmark {
    /** {@code -Dscheduler=asha} (the default) or {@code median}. */
    static final Map<String, String> SCHEDULERS = Map.of(
            "asha", "{\"type\": \"asha\", \"maxT\": 64, \"gracePeriod\": 1, \"reductionFactor\": 2}",
            "median", "{\"type\": \"median\", \"gracePeriod\": 1, \"minSamplesRequired\": 3}");

    record Level(int trials, double perSecond, double p50Ms, double p99Ms, long decisions, long stops) {}

    public static void main(String[] args) throws Exception {
        int[] levels = args.length == 0 ? new int[] {1, 100, 1000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.getInteger("seconds", 20);
        Path home = Path.of(System.getProperty("ktune.home", "")).toAbsolutePath();
        Path work = Files.createTempDirectory("ktune-scheduler-bench");
        List<Level> results = new ArrayList<>();
        try (EmbeddedKafka broker = EmbeddedKafka.start(work.resolve("kafka"), 0)) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                TopicSetup.ensure(admin, TopicSetup.ShareGroupSettings.DEFAULT, Duration.ofSeconds(60));
            }
            try (ServiceProcess scheduler = ServiceProcess.startModule(home, "scheduler-stream", "scheduler-stream", "512m",
                    bootstrap, work, Map.of())) {
                System.out.println("scheduler-stream started; log: " + scheduler.log());
                for (int n : levels) {
                    Level level = run(bootstrap, n, seconds);
                    System.out.printf("%d concurrent trials: %.0f decisions/s, p50 %.1f ms, p99 %.1f ms (%d decisions, %d stops)%n",
                            level.trials(), level.perSecond(), level.p50Ms(), level.p99Ms(), level.decisions(), level.stops());
                    results.add(level);
                }
            }
        }
        System.out.println();
        System.out.println("| concurrent trials | decisions/s | p50 latency | p99 latency |");
        System.out.println("|---|---|---|---|");
        for (Level l : results) {
            System.out.printf("| %d | %.0f | %.1f ms | %.1f ms |%n", l.trials(), l.perSecond(), l.p50Ms(), l.p99Ms());
        }
    }

    static Level run(String bootstrap, int trials, int seconds) throws Exception {
        String studyId = "bench-" + trials + "-" + System.currentTimeMillis();
        SplittableRandom random = new SplittableRandom(trials);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap,
                "linger.ms", 1), new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> decisions = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap,
                     "isolation.level", "read_committed", "enable.auto.commit", false), new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = decisions.partitionsFor(Topics.DECISIONS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            decisions.assign(partitions);
            decisions.seekToEnd(partitions);
            partitions.forEach(decisions::position);
            accept(producer, studyId);

            Map<String, long[]> outstanding = new HashMap<>(); // trial id -> {iteration, sent at (ns)}
            int[] nextTrial = {0};
            Runnable startTrial = () -> send(producer, studyId, "t" + nextTrial[0]++, 1, random, outstanding);
            for (int i = 0; i < trials; i++) startTrial.run();
            producer.flush();

            long warmupEnds = Long.MAX_VALUE;
            long ends = Long.MAX_VALUE;
            List<Long> latencies = new ArrayList<>();
            long stops = 0;
            while (System.nanoTime() < ends) {
                for (ConsumerRecord<String, byte[]> r : decisions.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    Decision d = Json.read(r.value(), Decision.class);
                    long[] sent = outstanding.get(d.trialId());
                    if (!d.studyId().equals(studyId) || sent == null || sent[0] != d.iteration()) continue;
                    if (warmupEnds == Long.MAX_VALUE) { // the first answer: the stream is up; warm up for 5 s from here
                        warmupEnds = now + Duration.ofSeconds(5).toNanos();
                        ends = warmupEnds + Duration.ofSeconds(seconds).toNanos();
                    }
                    if (now >= warmupEnds) {
                        latencies.add(now - sent[1]);
                        if (d.action() == Decision.Action.STOP) stops++;
                    }
                    outstanding.remove(d.trialId());
                    if (d.action() == Decision.Action.STOP || d.iteration() >= 64) startTrial.run(); // stopped, or its last epoch
                    else send(producer, studyId, d.trialId(), d.iteration() + 1, random, outstanding);
                }
            }
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Level(trials, sorted.length / (double) seconds, percentile(sorted, 0.50) / 1e6,
                    percentile(sorted, 0.99) / 1e6, sorted.length, stops);
        }
    }

    /** A trial's report: a value that drifts up with the epoch, and noise, so ASHA stops about half at each rung. */
    static void send(KafkaProducer<String, byte[]> producer, String studyId, String trialId, int iteration, SplittableRandom random,
                     Map<String, long[]> outstanding) {
        double value = Math.log1p(iteration) * random.nextDouble();
        byte[] report = Json.write(new MetricReport(studyId, trialId, iteration, Map.of("acc", value), iteration * 1000L,
                System.currentTimeMillis()));
        outstanding.put(trialId, new long[] {iteration, System.nanoTime()});
        producer.send(new ProducerRecord<>(Topics.METRICS.name(), studyId, report));
    }

    static void accept(KafkaProducer<String, byte[]> producer, String studyId) throws Exception {
        StudySpec spec = StudySpec.parse(("""
                {"studyId": "%s", "objective": {"metric": "acc", "mode": "max"},
                 "scheduler": %s,
                 "searchSpace": {"lr": {"uniform": [0, 1]}}, "trainer": {"model": "fashion-cnn", "epochs": 100}}""")
                .formatted(studyId, SCHEDULERS.get(System.getProperty("scheduler", "asha"))).getBytes(StandardCharsets.UTF_8));
        StudyStatus status = StudyStatus.accepted(spec, 1);
        producer.send(new ProducerRecord<>(Topics.STUDIES.name(), studyId, Json.write(status))).get();
    }

    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }
}
