package io.driftguard.ingest.iac.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A Terraform Cloud / HCP Terraform (or Terraform Enterprise) workspace's current state, through its
 * REST API: {@code GET /api/v2/workspaces/<id>/current-state-version} names the state version, its
 * serial and lineage and its {@code hosted-state-download-url}; the state is downloaded only when
 * the state version changed. The token (a team or user token with read access to state versions) is
 * sent as a bearer token to the API and to the download URL, which the API serves.
 */
public final class TerraformCloudState implements RemoteState {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI api;
    private final String token;
    private final String workspaceId;
    private String version;

    /**
     * @param api the API's base, {@code https://app.terraform.io} for HCP Terraform
     * @param workspaceId {@code ws-…}
     */
    public TerraformCloudState(HttpClient http, URI api, String token, String workspaceId) {
        this.http = http;
        this.api = api;
        this.token = token;
        this.workspaceId = workspaceId;
    }

    @Override
    public String name() {
        return ("tfc-" + workspaceId).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public String location() {
        return api.resolve("/api/v2/workspaces/" + workspaceId).toString();
    }

    @Override
    public byte[] fetchIfChanged() throws IOException {
        URI current = api.resolve("/api/v2/workspaces/" + workspaceId + "/current-state-version");
        JsonNode data = Json.MAPPER.readTree(get(current)).path("data");
        JsonNode attrs = data.path("attributes");
        String seen = data.path("id").asText() + "/" + attrs.path("lineage").asText() + "/"
                + attrs.path("serial").asText();
        if (seen.equals(version)) {
            return null;
        }
        String download = attrs.path("hosted-state-download-url").asText(null);
        if (download == null || download.isEmpty()) {
            throw new IOException(workspaceId + ": the current state version has no hosted-state-download-url yet");
        }
        byte[] state = get(api.resolve(download));
        version = seen;
        return state;
    }

    private byte[] get(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.api+json")
                .GET()
                .build();
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + uri, e);
        }
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + ": HTTP " + r.statusCode());
        }
        return r.body();
    }
}
