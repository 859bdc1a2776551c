package io.driftguard.ingest.iac.remote;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A backend block's settings given on the command line as {@code key=value,key=value}, with
 * Terraform's own keys ({@code bucket=acme-tf,prefix=prod/network} for {@code gcs},
 * {@code storage_account_name=acme,container_name=tfstate,key=prod.terraform.tfstate} for
 * {@code azurerm}), so a team copies them from its {@code backend} block or its
 * {@code -backend-config} flags. Secrets never go here: they come from the environment, as for Terraform.
 */
public final class BackendConfig {

    private final String backend;
    private final Map<String, String> values;

    private BackendConfig(String backend, Map<String, String> values) {
        this.backend = backend;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * @param backend the backend's name, for messages
     * @param spec {@code key=value} pairs separated by commas
     * @param allowed the keys this backend reads; any other is refused, so a typo is not silently ignored
     * @throws IllegalArgumentException naming what is wrong
     */
    public static BackendConfig parse(String backend, String spec, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(backend + ": expected key=value, got '" + part.strip() + "'");
            }
            String key = part.substring(0, eq).strip();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(
                        backend + ": unknown setting '" + key + "' (known: " + String.join(", ", allowed) + ")");
            }
            if (values.put(key, part.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException(backend + ": '" + key + "' given twice");
            }
        }
        return new BackendConfig(backend, values);
    }

    /** A setting the backend cannot do without. */
    public String required(String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(backend + ": '" + key + "' is required");
        }
        return v;
    }

    /** A setting, or {@code otherwise} when absent. */
    public String get(String key, String otherwise) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? otherwise : v;
    }
}
