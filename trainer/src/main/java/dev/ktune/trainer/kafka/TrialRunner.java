package dev.ktune.trainer.kafka;

import dev.ktune.protocol.Decision;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.Topics;
import dev.ktune.protocol.TrainerSpec;
import dev.ktune.protocol.TrialConfig;
import dev.ktune.protocol.TrialResult;
import dev.ktune.trainer.data.FashionMnist;
import dev.ktune.trainer.train.TrainingParams;
import dev.ktune.trainer.train.TrialTrainer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Trains one trial and reports it: a {@code MetricReport} to {@code tune-metrics} after every epoch (key: study
 * id), then waits for the scheduler's decision on that epoch, so a STOP takes effect at the next epoch boundary.
 * Returns the {@code TrialResult} to publish, or empty when the trainer is shutting down and the trial must go
 * back to the queue.
 */
final class TrialRunner {
    private static final Logger LOG = Logger.getLogger(TrialRunner.class);
    private final FashionMnist data;
    private final KafkaProducer<String, byte[]> producer;
    private final DecisionWatcher decisions;
    private final Duration decisionTimeout;

    TrialRunner(FashionMnist data, KafkaProducer<String, byte[]> producer, DecisionWatcher decisions, Duration decisionTimeout) {
        this.data = data;
        this.producer = producer;
        this.decisions = decisions;
        this.decisionTimeout = decisionTimeout;
    }

    Optional<TrialResult> run(TrialConfig trial, BooleanSupplier shuttingDown) throws InterruptedException {
        long start = System.nanoTime();
        decisions.watch(trial.trialId());
        Decision[] stop = new Decision[1];
        boolean[] released = new boolean[1];
        int epochs = trial.trainer().epochs();
        try {
            if (!TrainerSpec.MODELS.contains(trial.trainer().model())) {
                throw new IllegalArgumentException("trainer.model: unknown model '" + trial.trainer().model()
                        + "', this trainer knows " + TrainerSpec.MODELS);
            }
            TrainingParams params = TrainingParams.from(trial.params());
            LOG.infof("training %s with %s for up to %d epochs", trial.trialId(), params, epochs);
            TrialTrainer.Outcome outcome = TrialTrainer.train(data.train(), data.test(), params, epochs, trial.objective(),
                    trial.trialId().hashCode(), (epoch, metrics) -> {
                        long wallMs = (System.nanoTime() - start) / 1_000_000;
                        send(Topics.METRICS.name(), trial.studyId(), new MetricReport(trial.studyId(), trial.trialId(), epoch,
                                metrics, wallMs, System.currentTimeMillis()));
                        Decision d = decisions.await(epoch, decisionTimeout);
                        if (d == null) LOG.warnf("no decision on %s epoch %d within %s; training on", trial.trialId(), epoch, decisionTimeout);
                        if (d != null && d.action() == Decision.Action.STOP) {
                            stop[0] = d;
                            return true;
                        }
                        if (epoch < epochs && shuttingDown.getAsBoolean()) {
                            released[0] = true;
                            return true;
                        }
                        return false;
                    });
            if (released[0]) return Optional.empty();
            // A STOP at a rung before the last epoch is early stopping; a STOP at maxT is the trial's natural end.
            boolean early = stop[0] != null && stop[0].milestone() != null && outcome.epochs() < epochs;
            return Optional.of(new TrialResult(trial.studyId(), trial.trialId(), trial.number(),
                    early ? TrialResult.Status.STOPPED : TrialResult.Status.COMPLETED, outcome.epochs(), outcome.last(),
                    outcome.best(), null, (System.nanoTime() - start) / 1_000_000));
        } catch (InterruptedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "trial %s failed", trial.trialId());
            return Optional.of(new TrialResult(trial.studyId(), trial.trialId(), trial.number(), TrialResult.Status.FAILED,
                    0, Map.of(), Map.of(), e.getClass().getSimpleName() + ": " + e.getMessage(),
                    (System.nanoTime() - start) / 1_000_000));
        } finally {
            decisions.watch(null);
        }
    }

    /** Synchronous, so that metrics reach the topic in epoch order before the decision is awaited. */
    void send(String topic, String key, Object value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, Json.write(value))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        }
    }
}
