package dev.ktune.trainer.busy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.logging.Logger;

/**
 * Kubernetes' signal: patches this pod's {@code controller.kubernetes.io/pod-deletion-cost} annotation (high while
 * training, low while idle), so that the ReplicaSet controller deletes idle trainers first when KEDA scales down.
 * Talks to the API server with the pod's service account; the chart's Role allows exactly {@code patch} on pods.
 */
public final class PodDeletionCost implements BusySignal {
    public static final String ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";
    static final int BUSY = 10_000;
    static final int IDLE = -10_000;
    private static final Logger LOG = Logger.getLogger(PodDeletionCost.class);

    private final HttpClient http;
    private final URI pod;
    private final String token;

    PodDeletionCost(HttpClient http, URI pod, String token) {
        this.http = http;
        this.pod = pod;
        this.token = token;
    }

    /** The signal for this pod when running in Kubernetes (service account mounted, POD_NAME set), else empty. */
    public static Optional<BusySignal> inCluster(Path serviceAccount, String podName, String apiHost, String apiPort) {
        Path token = serviceAccount.resolve("token");
        if (podName == null || apiHost == null || !Files.isReadable(token)) return Optional.empty();
        try {
            String namespace = Files.readString(serviceAccount.resolve("namespace")).trim();
            HttpClient http = HttpClient.newBuilder().sslContext(trusting(serviceAccount.resolve("ca.crt")))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = URI.create("https://" + apiHost + ":" + apiPort + "/api/v1/namespaces/" + namespace + "/pods/" + podName);
            return Optional.of(new PodDeletionCost(http, uri, Files.readString(token).trim()));
        } catch (Exception e) {
            LOG.warnf("pod-deletion-cost disabled: %s", e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void busy(String trialId) {
        patch(BUSY);
    }

    @Override
    public void idle() {
        patch(IDLE);
    }

    /** A JSON merge patch of the one annotation. */
    static String body(int cost) {
        return "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":\"" + cost + "\"}}}";
    }

    private void patch(int cost) {
        HttpRequest request = HttpRequest.newBuilder(pod)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/merge-patch+json")
                .timeout(Duration.ofSeconds(5))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body(cost)))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) LOG.warnf("patching %s to %d: HTTP %d %s", ANNOTATION, cost, r.statusCode(), r.body());
        } catch (IOException e) {
            LOG.warnf("patching %s to %d failed: %s", ANNOTATION, cost, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, (X509Certificate) cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
