package io.driftguard.reconcile.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.IacRef;
import io.driftguard.ingest.iac.DeclaredResource;
import io.driftguard.ingest.iac.IacMapper;
import io.driftguard.reconcile.LiveReader;
import io.driftguard.reconcile.LiveResource;
import io.driftguard.reconcile.RateLimiter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes objects through the API server: for each cluster, kind and namespace that declares
 * objects, one list call a page ({@code limit}, following {@code continue} to the last page), each
 * page rate-limited. Each live object is mapped by the same catalog rows as its manifest (the live
 * object is a manifest with the server's fields added, and the rows read only what manifests
 * declare), so server defaults and fields nobody declared never count as drift. A declared object
 * the list does not return was deleted outside the IaC.
 */
public final class KubernetesObjectReader implements LiveReader {

    static final String READER = "list";
    /** The whole object is read: a declared path missing from the live object is absent live. */
    private static final List<String> COVERED = List.of(LiveResource.EVERYTHING);

    private static final IacRef LIVE = new IacRef("live", "live", null);

    private final KubernetesClusters clusters;
    private final RateLimiter limiter;
    private final IacMapper mapper;
    private final long pageSize;

    /** @param pageSize objects a list call asks for ({@code limit}) */
    public KubernetesObjectReader(KubernetesClusters clusters, RateLimiter limiter, IacMapper mapper, long pageSize) {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("page size must be positive, was " + pageSize);
        }
        this.clusters = clusters;
        this.limiter = limiter;
        this.mapper = mapper;
        this.pageSize = pageSize;
    }

    @Override
    public Set<String> iacTypes() {
        return KubernetesApis.kinds();
    }

    /** Where a declared object is: its cluster, namespace (null when cluster-scoped), kind and name. */
    record ObjectRef(String cluster, String namespace, String kind, String name) {

        /** {@code <cluster>/<namespace>/<Kind>/<name>} or {@code <cluster>/<Kind>/<name>}; null otherwise. */
        static ObjectRef parse(String resourceId) {
            String[] p = resourceId == null ? new String[0] : resourceId.split("/", -1);
            return switch (p.length) {
                case 4 -> new ObjectRef(p[0], p[1], p[2], p[3]);
                case 3 -> new ObjectRef(p[0], null, p[1], p[2]);
                default -> null;
            };
        }

        String list() {
            return cluster + "/" + (namespace == null ? "" : namespace + "/") + kind;
        }
    }

    @Override
    public List<LiveResource> read(List<DesiredResource> resources, List<String> problems) {
        // cluster → kind and namespace → declared objects
        Map<String, Map<String, List<DesiredResource>>> byCluster = new LinkedHashMap<>();
        Map<DesiredResource, ObjectRef> refs = new HashMap<>();
        for (DesiredResource d : resources) {
            ObjectRef ref = ObjectRef.parse(d.resourceId());
            if (ref == null || KubernetesApis.of(ref.kind()) == null) {
                problems.add(d.resourceId() + ": not a Kubernetes object id this scan reads");
                continue;
            }
            refs.put(d, ref);
            byCluster
                    .computeIfAbsent(ref.cluster(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(ref.list(), l -> new ArrayList<>())
                    .add(d);
        }
        List<LiveResource> out = new ArrayList<>();
        byCluster.forEach((cluster, lists) -> {
            KubernetesClient client;
            try {
                client = clusters.client(cluster);
            } catch (RuntimeException e) {
                lists.values().forEach(ds -> ds.forEach(d -> problems.add(d.resourceId() + ": " + e.getMessage())));
                return;
            }
            lists.forEach((list, declared) -> {
                ObjectRef first = refs.get(declared.get(0));
                Map<String, GenericKubernetesResource> live;
                try {
                    live = list(client, first);
                } catch (KubernetesClientException e) {
                    String why = e.getCode() == 403
                            ? "forbidden (HTTP 403): the scanner's ClusterRole must allow list on "
                                    + KubernetesApis.of(first.kind()).getPlural()
                            : "list failed (HTTP " + e.getCode() + "): " + LiveReader.firstLine(e.getMessage());
                    declared.forEach(d -> problems.add(d.resourceId() + ": " + why));
                    return;
                }
                for (DesiredResource d : declared) {
                    GenericKubernetesResource o = live.get(refs.get(d).name());
                    out.add(
                            o == null
                                    ? LiveResource.deleted(d.key(), READER, COVERED)
                                    : new LiveResource(d.key(), READER, attributes(client, d, o, problems), COVERED));
                }
            });
        });
        return out;
    }

    /** Every page of one kind in one namespace (or cluster-wide), by name. */
    private Map<String, GenericKubernetesResource> list(KubernetesClient client, ObjectRef ref) {
        ResourceDefinitionContext api = KubernetesApis.of(ref.kind());
        var op = client.genericKubernetesResources(api);
        Map<String, GenericKubernetesResource> byName = new HashMap<>();
        String token = null;
        do {
            limiter.acquire();
            var options = new ListOptionsBuilder()
                    .withLimit(pageSize)
                    .withContinue(token)
                    .build();
            GenericKubernetesResourceList page = ref.namespace() == null
                    ? op.list(options)
                    : op.inNamespace(ref.namespace()).list(options);
            for (GenericKubernetesResource r : page.getItems()) {
                byName.put(r.getMetadata().getName(), r);
            }
            token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        return byName;
    }

    private Map<String, String> attributes(
            KubernetesClient client, DesiredResource declared, GenericKubernetesResource live, List<String> problems) {
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(client.getKubernetesSerialization().asJson(live));
        } catch (Exception e) {
            problems.add(declared.resourceId() + ": live object not readable: " + e.getMessage());
            return Map.of();
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (DeclaredResource d : mapper.map(
                "kubernetes",
                declared.resourceType(),
                doc,
                doc,
                declared.resourceId(),
                declared.account(),
                LIVE,
                n -> {})) {
            if (d.resource().key().equals(declared.key())) {
                attrs.putAll(d.resource().attributes());
            }
        }
        return attrs;
    }

    @Override
    public void close() {
        clusters.close();
    }
}
