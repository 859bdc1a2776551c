package io.driftguard.reconcile.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auth.oauth2.GoogleCredentials;
import io.driftguard.core.json.Json;
import io.driftguard.reconcile.RateLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Compute Engine REST API ({@code GET /compute/v1/…}) over the JDK's HTTP client, with OAuth
 * tokens from Google's auth library: Application Default Credentials ({@code
 * GOOGLE_APPLICATION_CREDENTIALS}, gcloud's application-default login, the metadata server on Compute
 * Engine, GKE Workload Identity, Cloud Run), or a credentials file given explicitly. Lists are
 * paginated ({@code maxResults}, {@code nextPageToken}), one rate-limiter permit a page; 429 and 5xx
 * answers are retried with exponential back-off (1 s doubling, 5 tries), as Google's clients do.
 */
final class ComputeApi implements AutoCloseable {

    static final String SCOPE = "https://www.googleapis.com/auth/compute.readonly";
    static final URI PUBLIC = URI.create("https://compute.googleapis.com");
    private static final int TRIES = 5;

    /** A call the API refused or failed, with its HTTP status. */
    static final class ApiException extends RuntimeException {
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final URI endpoint;
    private final Path credentialsFile;
    private final RateLimiter limiter;
    private final long pageSize;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private GoogleCredentials credentials;

    /**
     * @param endpoint the API's root (a Private Service Connect endpoint, a test fake), or null for
     *     {@code https://compute.googleapis.com}
     * @param credentialsFile a service account key or other credentials file, or null for ADC
     */
    ComputeApi(URI endpoint, Path credentialsFile, RateLimiter limiter, long pageSize) {
        this.endpoint = endpoint == null ? PUBLIC : endpoint;
        this.credentialsFile = credentialsFile;
        this.limiter = limiter;
        this.pageSize = pageSize;
    }

    /** Looked up on the first call, so an installation that declares nothing on GCP never needs them. */
    private synchronized GoogleCredentials credentials() {
        if (credentials == null) {
            try {
                GoogleCredentials c;
                if (credentialsFile == null) {
                    c = GoogleCredentials.getApplicationDefault();
                } else {
                    try (InputStream in = Files.newInputStream(credentialsFile)) {
                        c = GoogleCredentials.fromStream(in);
                    }
                }
                credentials = c.createScoped(List.of(SCOPE));
            } catch (IOException e) {
                throw new UncheckedIOException("no GCP credentials: " + e.getMessage(), e);
            }
        }
        return credentials;
    }

    /** Every item of a list call ({@code compute/v1/projects/P/global/firewalls}), every page followed. */
    List<JsonNode> list(String path) {
        List<JsonNode> items = new ArrayList<>();
        String token = null;
        do {
            limiter.acquire();
            String query = "maxResults=" + pageSize
                    + (token == null ? "" : "&pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            JsonNode page = get(endpoint.resolve("/" + path + "?" + query));
            page.path("items").forEach(items::add);
            token = page.path("nextPageToken").asText(null);
        } while (token != null && !token.isEmpty());
        return items;
    }

    private JsonNode get(URI uri) {
        long backOff = 1_000;
        for (int attempt = 1; ; attempt++) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(60))
                        .GET();
                // the auth library refreshes the token when it is about to expire
                for (Map.Entry<String, List<String>> h :
                        credentials().getRequestMetadata(uri).entrySet()) {
                    h.getValue().forEach(v -> request.header(h.getKey(), v));
                }
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 200) {
                    return Json.MAPPER.readTree(response.body());
                }
                if ((status == 429 || status / 100 == 5) && attempt < TRIES) {
                    Thread.sleep(backOff);
                    backOff *= 2;
                    continue;
                }
                throw new ApiException(status, reason(response.body()));
            } catch (IOException e) {
                if (attempt < TRIES) {
                    sleep(backOff);
                    backOff *= 2;
                    continue;
                }
                throw new UncheckedIOException(uri.getPath() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + uri.getPath(), e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }

    /** Google's error body: {@code {"error": {"code": 403, "message": "…"}}}. */
    private static String reason(byte[] body) {
        try {
            String m = Json.MAPPER.readTree(body).path("error").path("message").asText("");
            return m.isEmpty() ? new String(body, StandardCharsets.UTF_8) : m;
        } catch (IOException | RuntimeException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        // the JDK client holds no connection open between calls that needs closing on Java 17
    }
}
