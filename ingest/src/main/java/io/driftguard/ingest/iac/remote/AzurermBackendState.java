package io.driftguard.ingest.iac.remote;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Terraform's {@code azurerm} backend: the state blob {@code <container_name>/<key>} in the storage
 * account {@code <storage_account_name>} (for a workspace other than {@code default},
 * {@code <key>env:<workspace>}, as Terraform names it), read through the official Blob client. Each
 * poll is one Get Blob Properties; the blob is downloaded only when its ETag moved, with
 * {@code If-Match} on that ETag, so a write between the two calls is read on the next poll rather than
 * half-seen.
 *
 * <p>Authentication as Terraform's backend takes it from the environment: {@code ARM_ACCESS_KEY} (the
 * account's shared key), else {@code ARM_SAS_TOKEN}, else Microsoft Entra ID through
 * {@code DefaultAzureCredential} (environment, workload identity, managed identity, Azure CLI), which
 * needs the {@code Storage Blob Data Reader} role on the container.
 */
public final class AzurermBackendState implements RemoteState {

    /** The settings {@code --tf-azurerm} takes: Terraform's azurerm keys, the workspace and an endpoint. */
    public static final Set<String> SETTINGS =
            Set.of("storage_account_name", "container_name", "key", "workspace", "endpoint", "use_azuread_auth");

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final BlobClient blob;
    private final String location;
    private String etag;

    public AzurermBackendState(BlobClient blob) {
        this.blob = blob;
        this.location = blob.getBlobUrl();
    }

    /**
     * From {@code --tf-azurerm} settings: {@code storage_account_name}, {@code container_name},
     * {@code key} (all required), {@code workspace}, {@code endpoint} (the Blob service's address,
     * {@code https://<account>.blob.core.windows.net} when absent) and {@code use_azuread_auth=true}
     * (ignore the keys in the environment and sign in with Entra ID).
     *
     * @param env the environment ({@code ARM_ACCESS_KEY}, {@code ARM_SAS_TOKEN})
     */
    public static AzurermBackendState of(BackendConfig config, Map<String, String> env) {
        String account = config.required("storage_account_name");
        String container = config.required("container_name");
        String key = config.required("key");
        String workspace = config.get("workspace", "default");
        String blobName = workspace.equals("default") ? key : key + "env:" + workspace;
        String endpoint = config.get("endpoint", "https://" + account + ".blob.core.windows.net");
        BlobClientBuilder b = new BlobClientBuilder()
                .endpoint(endpoint)
                .containerName(container)
                .blobName(blobName)
                .httpClient(new JdkHttpClientBuilder().build());
        boolean entra = Boolean.parseBoolean(config.get("use_azuread_auth", "false"));
        String accessKey = env.get("ARM_ACCESS_KEY");
        String sas = env.get("ARM_SAS_TOKEN");
        if (!entra && accessKey != null && !accessKey.isBlank()) {
            b.credential(new StorageSharedKeyCredential(account, accessKey));
        } else if (!entra && sas != null && !sas.isBlank()) {
            b.sasToken(sas);
        } else {
            b.credential(new DefaultAzureCredentialBuilder().build());
        }
        return new AzurermBackendState(b.buildClient());
    }

    @Override
    public String name() {
        return ("azurerm-" + blob.getAccountName() + "-" + blob.getContainerName() + "-" + blob.getBlobName())
                .replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public byte[] fetchIfChanged() throws IOException {
        try {
            BlobProperties properties = blob.getProperties();
            String seen = properties.getETag();
            if (seen != null && seen.equals(etag)) {
                return null;
            }
            byte[] state = blob.downloadContentWithResponse(
                            null, new BlobRequestConditions().setIfMatch(seen), TIMEOUT, Context.NONE)
                    .getValue()
                    .toBytes();
            etag = seen;
            return state;
        } catch (BlobStorageException e) {
            String code = e.getErrorCode() == null ? "" : " " + e.getErrorCode();
            throw new IOException(location + ": HTTP " + e.getStatusCode() + code + reason(e.getStatusCode()), e);
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 404 -> " (no such blob or container: check container_name, key and workspace)";
            case 403 -> " (access denied: check ARM_ACCESS_KEY or ARM_SAS_TOKEN, or the Storage Blob Data Reader role)";
            case 412 -> " (the state changed while it was read; read again next poll)";
            default -> "";
        };
    }
}
