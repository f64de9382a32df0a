package dev.ktune.sink;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the sink loop runs; an MLflow outage is not a reason to restart (the loop retries), so it stays up. */
@Liveness
@ApplicationScoped
public class SinkHealth implements HealthCheck {
    @Inject
    SinkService service;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sink-loop").status(service.running()).build();
    }
}
