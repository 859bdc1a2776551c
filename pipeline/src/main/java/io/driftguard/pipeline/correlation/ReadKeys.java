package io.driftguard.pipeline.correlation;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.state.ResourceKey;
import java.util.Objects;

/**
 * The same string for the same scope or resource of a read, from a small cache of recent ones, so a
 * read's keys are not concatenated afresh for every read and the bundle's dictionary ({@link
 * ReadBundle}) finds them by identity with their hash already computed. Reads of one file share
 * their account and API namespace and often their resource. A direct-mapped cache: a slot holds the
 * parts of the last key that fell into it; a miss makes the key and takes the slot. One per parse
 * operator instance; not thread-safe.
 */
public final class ReadKeys {

    private static final int SLOTS = 1 << 10;

    private final Cloud[] scopeClouds = new Cloud[SLOTS];
    private final String[] scopeAccounts = new String[SLOTS];
    private final String[] scopeApis = new String[SLOTS];
    private final String[] scopes = new String[SLOTS];

    private final Cloud[] resourceClouds = new Cloud[SLOTS];
    private final String[] resourceIds = new String[SLOTS];
    private final String[] resources = new String[SLOTS];

    /** {@link ReadEvent#scope(String, String, String)} of the cloud's wire name, the same string as last time. */
    public String scope(Cloud cloud, String account, String api) {
        int h = slot(31 * (31 * cloud.ordinal() + Objects.hashCode(account)) + Objects.hashCode(api));
        if (cloud == scopeClouds[h] && Objects.equals(account, scopeAccounts[h]) && Objects.equals(api, scopeApis[h])) {
            return scopes[h];
        }
        String scope = ReadEvent.scope(cloud.wireName(), account, api);
        scopeClouds[h] = cloud;
        scopeAccounts[h] = account;
        scopeApis[h] = api;
        scopes[h] = scope;
        return scope;
    }

    /** {@link ResourceKey#of(Cloud, String)}, the same string as last time. */
    public String resource(Cloud cloud, String resourceId) {
        int h = slot(31 * cloud.ordinal() + resourceId.hashCode());
        if (cloud == resourceClouds[h] && resourceId.equals(resourceIds[h])) {
            return resources[h];
        }
        String key = ResourceKey.of(cloud, resourceId);
        resourceClouds[h] = cloud;
        resourceIds[h] = resourceId;
        resources[h] = key;
        return key;
    }

    private static int slot(int hash) {
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }
}
