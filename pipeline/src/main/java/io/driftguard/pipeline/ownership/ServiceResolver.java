package io.driftguard.pipeline.ownership;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.config.Glob;
import io.driftguard.core.config.ServiceOwnership;
import io.driftguard.core.event.Cloud;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which service owns a resource (docs/design/architecture.md "service"): config.yaml {@code services} first
 * (resource globs, then tags, then the Kubernetes namespace), then the conventional tag or label
 * keys teams use ({@code service}, {@code app}, {@code app.kubernetes.io/name}, …).
 */
public final class ServiceResolver {

    private static final List<String> CONVENTIONAL_KEYS = List.of(
            "service", "Service", "app.kubernetes.io/name", "app", "application", "Application", "team-service");

    private ServiceResolver() {}

    public static Optional<ServiceOwnership> configured(DriftGuardConfig config, String serviceName) {
        if (serviceName == null) {
            return Optional.empty();
        }
        for (ServiceOwnership s : config.services()) {
            if (s.name().equalsIgnoreCase(serviceName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The owning service's name, or null when nothing says. */
    public static String serviceOf(
            DriftGuardConfig config, Cloud cloud, String resourceId, Map<String, String> labels) {
        String id = resourceId == null ? "" : resourceId;
        String lower = id.toLowerCase(Locale.ROOT);
        for (ServiceOwnership s : config.services()) {
            for (Glob g : s.resources()) {
                if (g.matches(id)
                        || g.matches(lower)
                        || Glob.of(g.pattern().toLowerCase(Locale.ROOT)).matches(lower)) {
                    return s.name();
                }
            }
        }
        for (ServiceOwnership s : config.services()) {
            if (!s.tags().isEmpty()
                    && labels != null
                    && s.tags().entrySet().stream().allMatch(t -> t.getValue().equals(labels.get(t.getKey())))) {
                return s.name();
            }
        }
        if (cloud == Cloud.KUBERNETES) {
            String namespace = namespaceOf(id);
            for (ServiceOwnership s : config.services()) {
                if (namespace != null && namespace.equals(s.kubernetesNamespace())) {
                    return s.name();
                }
            }
        }
        if (labels != null) {
            for (String key : CONVENTIONAL_KEYS) {
                String v = labels.get(key);
                if (v != null && !v.isBlank()) {
                    return v;
                }
            }
        }
        return null;
    }

    /** {@code <cluster>/<namespace>/<Kind>/<name>} → namespace; cluster-scoped ids have none. */
    static String namespaceOf(String kubernetesId) {
        String[] parts = kubernetesId.split("/", -1);
        return parts.length == 4 ? parts[1] : null;
    }
}
