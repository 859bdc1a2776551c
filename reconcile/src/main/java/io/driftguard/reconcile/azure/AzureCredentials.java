package io.driftguard.reconcile.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Configuration;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * The scan's Azure credentials: Azure Identity's {@code DefaultAzureCredential}, the chain every Azure
 * SDK uses: a service principal in the environment ({@code AZURE_CLIENT_ID} with {@code AZURE_TENANT_ID}
 * and {@code AZURE_CLIENT_SECRET} or a certificate), workload identity (AKS), a managed identity (VMs,
 * App Service, Container Apps), then the developer tools' sign-ins (Azure CLI, PowerShell, azd).
 * {@code AZURE_AUTHORITY_HOST} moves sign-in to a sovereign cloud's authority; one that is not a known
 * Microsoft Entra host (Azure Stack Hub, a private authority) is used without instance discovery,
 * which would ask the public cloud about it.
 */
final class AzureCredentials {

    /** The Entra ID authorities of the public and sovereign clouds, which instance discovery knows. */
    private static final Set<String> KNOWN_AUTHORITIES = Set.of(
            "login.microsoftonline.com",
            "login.microsoftonline.us",
            "login.chinacloudapi.cn",
            "login.partner.microsoftonline.cn");

    private AzureCredentials() {}

    /** @param configuration where the chain reads its variables: the environment, or a test's own */
    static TokenCredential defaultChain(Configuration configuration) {
        DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder()
                .configuration(configuration)
                .httpClient(new JdkHttpClientBuilder().build());
        String authority = configuration.get(Configuration.PROPERTY_AZURE_AUTHORITY_HOST);
        if (authority != null && !authority.isBlank() && !KNOWN_AUTHORITIES.contains(host(authority))) {
            b.authorityHost(authority).disableInstanceDiscovery();
        }
        return b.build();
    }

    private static String host(String url) {
        String h = URI.create(url.trim()).getHost();
        return h == null ? "" : h.toLowerCase(Locale.ROOT);
    }
}
