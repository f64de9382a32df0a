package dev.ktune.trainer.kafka;

import dev.ktune.protocol.Decision;
import dev.ktune.protocol.Json;
import dev.ktune.protocol.MetricReport;
import dev.ktune.protocol.Topics;
import dev.ktune.protocol.TrainerSpec;
import dev.ktune.protocol.TrialConfig;
import dev.ktune.protocol.TrialResult;
import dev.ktune.trainer.checkpoint.CheckpointStore;
import dev.ktune.trainer.data.FashionMnist;
import dev.ktune.trainer.train.TrainingParams;
import dev.ktune.trainer.train.TrialTrainer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Trains one trial and reports it: a {@code MetricReport} to {@code tune-metrics} after every epoch (key: study id),
 * then waits for the scheduler's decision on that epoch, so a STOP takes effect at the next epoch boundary. The last
 * epoch's report is marked {@code done} and gets no decision.
 * Training resumes from the trial's checkpoint when an earlier trainer left one.
 */
final class TrialRunner {
    /** What to do with the trial's record: publish a result, or release it for another attempt. */
    record Outcome(TrialResult result, String releaseReason) {
        static Outcome release(String reason) {
            return new Outcome(null, reason);
        }
    }

    private static final Logger LOG = Logger.getLogger(TrialRunner.class);
    private final FashionMnist data;
    private final KafkaProducer<String, byte[]> producer;
    private final DecisionWatcher decisions;
    private final Duration decisionTimeout;
    private final CheckpointStore checkpoints;
    private final int deliveryLimit;

    TrialRunner(FashionMnist data, KafkaProducer<String, byte[]> producer, DecisionWatcher decisions, Duration decisionTimeout,
                CheckpointStore checkpoints, int deliveryLimit) {
        this.data = data;
        this.producer = producer;
        this.decisions = decisions;
        this.decisionTimeout = decisionTimeout;
        this.checkpoints = checkpoints;
        this.deliveryLimit = deliveryLimit;
    }

    /**
     * @param delivery     which attempt this is (the share group's delivery count)
     * @param shuttingDown true once this trainer must give the trial back: it checkpoints at the next batch
     */
    Outcome run(TrialConfig trial, int delivery, BooleanSupplier shuttingDown) throws InterruptedException {
        if (delivery >= deliveryLimit) {
            // The earlier deliveries all ended without a result: their trainers were killed (out of memory, SIGKILL) or
            // stopped. This last one is kept for reporting: were it to die too, the share group would archive the trial
            // with nobody to say so, and its study would wait forever.
            return lost(trial, delivery);
        }
        decisions.watch(trial.trialId());
        Decision[] stop = new Decision[1];
        int epochs = trial.trainer().epochs();
        try {
            if (!TrainerSpec.MODELS.contains(trial.trainer().model())) {
                throw new IllegalArgumentException("trainer.model: unknown model '" + trial.trainer().model()
                        + "', this trainer knows " + TrainerSpec.MODELS);
            }
            TrainingParams params = TrainingParams.from(trial.params());
            LOG.infof("training %s (attempt %d) with %s for up to %d epochs", trial.trialId(), delivery, params, epochs);
            TrialTrainer.Outcome outcome = TrialTrainer.train(data.train(), data.test(), params, epochs, trial.objective(),
                    trial.trialId().hashCode(), new TrialTrainer.Checkpoints(checkpoints, trial.trialId()), shuttingDown,
                    (epoch, metrics, wallMs) -> {
                        boolean last = epoch == epochs;
                        send(Topics.METRICS.name(), trial.studyId(), new MetricReport(trial.studyId(), trial.trialId(), epoch,
                                metrics, wallMs, System.currentTimeMillis(), last));
                        if (last) return false; // the final result: the scheduler records it and does not answer
                        Decision d = decisions.await(epoch, decisionTimeout);
                        if (d == null) LOG.warnf("no decision on %s epoch %d within %s; training on", trial.trialId(), epoch, decisionTimeout);
                        if (d != null && d.action() != Decision.Action.CONTINUE) stop[0] = d; // STOP or PAUSE
                        return stop[0] != null;
                    });
            if (outcome.preempted()) return Outcome.release("this trainer is stopping; checkpoint at epoch "
                    + outcome.epochs() + " saved");
            // A STOP at a rung before the last epoch is early stopping; a STOP at maxT is the trial's natural end.
            // A PAUSE keeps the epoch's checkpoint: the suggester issues the trial again later and it resumes there.
            boolean early = stop[0] != null && stop[0].milestone() != null && outcome.epochs() < epochs;
            TrialResult.Status status = !early ? TrialResult.Status.COMPLETED
                    : stop[0].action() == Decision.Action.PAUSE ? TrialResult.Status.PAUSED : TrialResult.Status.STOPPED;
            return new Outcome(new TrialResult(trial.studyId(), trial.trialId(), trial.number(),
                    status, outcome.epochs(), outcome.last(),
                    outcome.best(), null, outcome.wallTimeMs()), null);
        } catch (InterruptedException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // the trial itself is wrong (params, model): another attempt would fail the same way
            return failed(trial, e);
        } catch (Exception e) {
            if (delivery < deliveryLimit - 1) {
                LOG.errorf(e, "trial %s failed on attempt %d of %d; releasing it for another attempt", trial.trialId(), delivery,
                        deliveryLimit - 1);
                return Outcome.release("attempt " + delivery + " failed: " + e);
            }
            return failed(trial, e);
        } finally {
            decisions.watch(null);
        }
    }

    private static Outcome lost(TrialConfig trial, int delivery) {
        String error = "lost: delivered " + delivery + " times, and the " + (delivery - 1) + " attempt(s) before this one ended"
                + " without a result (the trainer was killed, ran out of memory, or was stopped each time)";
        LOG.errorf("trial %s: %s", trial.trialId(), error);
        return failed(trial, error);
    }

    private static Outcome failed(TrialConfig trial, Exception e) {
        LOG.errorf(e, "trial %s failed", trial.trialId());
        return failed(trial, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static Outcome failed(TrialConfig trial, String error) {
        return new Outcome(new TrialResult(trial.studyId(), trial.trialId(), trial.number(), TrialResult.Status.FAILED,
                0, Map.of(), Map.of(), error, 0), null);
    }

    /** After the result is published the checkpoint has served its purpose. */
    void finished(String trialId) {
        checkpoints.delete(trialId);
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
