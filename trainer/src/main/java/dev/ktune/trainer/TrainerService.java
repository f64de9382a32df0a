package dev.ktune.trainer;

import dev.ktune.protocol.Topics;
import dev.ktune.trainer.config.TrainerConfig;
import dev.ktune.trainer.kafka.TrialWorkers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Quarkus adapter: starts the trial loop with the app and stops it, releasing the trial in hand, on shutdown. */
@ApplicationScoped
public class TrainerService {
    private TrialWorkers workers;

    void onStart(@Observes StartupEvent event, TrainerConfig config) throws Exception {
        workers = TrialWorkers.start(config, Topics.TRAINERS_GROUP);
    }

    boolean running() {
        return workers != null && workers.running();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (workers != null) workers.close();
    }
}
