package io.driftguard.reconcile.azure;

import com.azure.core.util.Configuration;
import io.driftguard.ingest.catalog.Catalog;
import io.driftguard.reconcile.LiveReader;
import io.driftguard.reconcile.RateLimiter;
import java.net.URI;
import java.util.List;

/** The Azure reader: every declared Azure resource, through Azure Resource Manager (see {@link ArmResourceReader}). */
public final class AzureReaders {

    private AzureReaders() {}

    /**
     * @param endpoint ARM's root, or null for {@code https://management.azure.com}
     * @param configuration where {@code DefaultAzureCredential} reads its variables
     *     ({@code Configuration.getGlobalConfiguration()}: the environment and system properties)
     * @param callsPerSecond ARM calls per second (pages and companion reads together)
     */
    public static List<LiveReader> create(URI endpoint, Configuration configuration, double callsPerSecond) {
        ArmApi api = new ArmApi(
                endpoint, () -> AzureCredentials.defaultChain(configuration), new RateLimiter(callsPerSecond));
        return List.of(new ArmResourceReader(api, Catalog.load()));
    }
}
