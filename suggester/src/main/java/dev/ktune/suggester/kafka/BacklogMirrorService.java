package dev.ktune.suggester.kafka;

import dev.ktune.protocol.KafkaSecurity;
import dev.ktune.suggester.config.SuggesterConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/** Quarkus adapter: runs the {@link BacklogMirror} every {@code ktune.suggester.backlog-interval}. */
@ApplicationScoped
public class BacklogMirrorService {
    private static final Logger LOG = Logger.getLogger(BacklogMirrorService.class);
    private ScheduledExecutorService timer;
    private Admin admin;

    void onStart(@Observes StartupEvent event, SuggesterConfig config) {
        admin = Admin.create(KafkaSecurity.with(Map.of("bootstrap.servers", config.bootstrapServers())));
        BacklogMirror mirror = new BacklogMirror(admin);
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "backlog-mirror"));
        long every = config.backlogInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                mirror.mirror();
            } catch (Exception e) {
                LOG.warnf("could not mirror the trainers' backlog: %s", e.toString());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) timer.shutdownNow();
        if (admin != null) admin.close();
    }
}
