package io.driftguard.ingest.iac.remote;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Terraform's {@code gcs} backend: the state object {@code gs://<bucket>/<prefix>/<workspace>.tfstate}
 * (workspace {@code default} unless named), read through the official client. Each poll is one
 * {@code objects.get} for the object's metadata; the state is downloaded ({@code alt=media}) only when
 * its generation moved, and then that generation exactly, so a write between the two calls is read on
 * the next poll rather than half-seen. Needs {@code storage.objects.get} on the bucket
 * ({@code roles/storage.objectViewer}).
 */
public final class GcsBackendState implements RemoteState {

    /** The settings {@code --tf-gcs} takes: Terraform's gcs keys, and the workspace. */
    public static final Set<String> SETTINGS =
            Set.of("bucket", "prefix", "workspace", "credentials", "storage_custom_endpoint");

    /** A project id is needed to build the client but never used by object reads. */
    private static final String NO_PROJECT = "driftguard-iac-sync";

    private final Storage storage;
    private final String bucket;
    private final String object;
    private long generation = -1;

    public GcsBackendState(Storage storage, String bucket, String object) {
        this.storage = storage;
        this.bucket = bucket;
        this.object = object;
    }

    /**
     * From {@code --tf-gcs} settings: {@code bucket} (required), {@code prefix}, {@code workspace},
     * {@code credentials} (a service account key file or its JSON, as in Terraform; {@code none} for an
     * emulator; Application Default Credentials when absent) and {@code storage_custom_endpoint}.
     */
    public static GcsBackendState of(BackendConfig config) throws IOException {
        String bucket = config.required("bucket");
        StorageOptions.Builder options = StorageOptions.http().setProjectId(NO_PROJECT);
        String endpoint = config.get("storage_custom_endpoint", null);
        if (endpoint != null) {
            // Terraform's value is the JSON API's base (…/storage/v1/); the client wants the host.
            options.setHost(endpoint.replaceFirst("/storage/v1/?$", ""));
        }
        String credentials = config.get("credentials", null);
        if ("none".equals(credentials)) {
            options.setCredentials(NoCredentials.getInstance());
        } else if (credentials != null) {
            try (InputStream in = credentials.strip().startsWith("{")
                    ? new ByteArrayInputStream(credentials.getBytes(StandardCharsets.UTF_8))
                    : Files.newInputStream(Path.of(credentials))) {
                options.setCredentials(GoogleCredentials.fromStream(in)
                        .createScoped("https://www.googleapis.com/auth/devstorage.read_only"));
            }
        } else {
            options.setCredentials(GoogleCredentials.getApplicationDefault()
                    .createScoped("https://www.googleapis.com/auth/devstorage.read_only"));
        }
        return new GcsBackendState(
                options.build().getService(),
                bucket,
                objectName(config.get("prefix", ""), config.get("workspace", "default")));
    }

    /** Where Terraform's gcs backend keeps a workspace's state: {@code <prefix>/<workspace>.tfstate}. */
    static String objectName(String prefix, String workspace) {
        String p = prefix.replaceAll("^/+|/+$", "");
        return (p.isEmpty() ? "" : p + "/") + workspace + ".tfstate";
    }

    @Override
    public String name() {
        return ("gcs-" + bucket + "-" + object).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public String location() {
        return "gs://" + bucket + "/" + object;
    }

    @Override
    public byte[] fetchIfChanged() throws IOException {
        try {
            Blob blob = storage.get(BlobId.of(bucket, object));
            if (blob == null) {
                throw new IOException(location() + ": no such object (wrong bucket, prefix or workspace, "
                        + "or no state written yet)");
            }
            if (blob.getGeneration() != null && blob.getGeneration() == generation) {
                return null;
            }
            byte[] state = storage.readAllBytes(BlobId.of(bucket, object, blob.getGeneration()));
            generation = blob.getGeneration() == null ? -1 : blob.getGeneration();
            return state;
        } catch (StorageException e) {
            throw new IOException(location() + ": HTTP " + e.getCode() + " " + e.getMessage(), e);
        }
    }
}
