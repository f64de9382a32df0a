package dev.ktune.trainer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the trial loop runs: a trainer whose loop died can take no trial and should be restarted. */
@Liveness
@ApplicationScoped
public class TrainerHealth implements HealthCheck {
    @Inject
    TrainerService service;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("trial-loop").status(service.running()).build();
    }
}
