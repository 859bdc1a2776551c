package io.driftguard.models.scenario.kubernetes;

import static io.driftguard.models.scenario.iac.IacModel.m;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.json.Json;
import io.driftguard.models.scenario.driver.Call;
import io.driftguard.models.scenario.driver.CatalogRow;
import io.driftguard.models.scenario.driver.Change;
import io.driftguard.models.scenario.driver.Driver;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.driver.Gen;
import io.driftguard.models.scenario.driver.Intent;
import io.driftguard.models.scenario.driver.Prices;
import io.driftguard.models.scenario.driver.Subject;
import io.driftguard.models.scenario.label.Effect;
import io.driftguard.models.scenario.label.Sizing;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.world.Actor;
import io.driftguard.models.scenario.world.Service;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Drivers of the Kubernetes rows of docs/design/catalog-format.md (manifests applied by Argo CD). */
public final class KubernetesDrivers {

    private KubernetesDrivers() {}

    public static List<Driver> all() {
        return List.of(
                new Workload(), new ConfigMapDriver(), new NetworkPolicyDriver(), new ServiceDriver(), new Rbac());
    }

    abstract static class Base implements Driver {

        Subject subject(
                Gen g, Service svc, String kind, String ns, String name, String path, Map<String, Object> props) {
            String id = svc.cluster() + "/" + (ns == null ? "" : ns) + "/" + kind + "/" + name;
            g.iac().own(svc, id);
            props.put("kind", kind);
            return new Subject(
                    row(),
                    Cloud.KUBERNETES,
                    "kubernetes",
                    kind,
                    path + "#" + kind + "/" + (ns == null ? "" : ns + "/") + name,
                    path,
                    id,
                    name,
                    svc,
                    svc.cluster(),
                    ns,
                    props);
        }

        static Map<String, Object> meta(String name, String ns, Service svc) {
            Map<String, Object> md = m("name", name);
            if (ns != null) {
                md.put("namespace", ns);
            }
            md.put(
                    "labels",
                    m(
                            "app.kubernetes.io/name",
                            name,
                            "app.kubernetes.io/part-of",
                            svc.name(),
                            "app.kubernetes.io/managed-by",
                            "argocd"));
            return md;
        }

        static Call call(Gen g, Subject s, String verb, KubernetesAuditEvents.Ref ref, JsonNode body) {
            return (a, t, fail) -> KubernetesAuditEvents.call(
                    g, a, t, s.account(), verb, ref, body, fail ? (g.rng().chance(0.5) ? 403 : 409) : 200);
        }

        static Change change(String summary, List<Effect> effects, Sizing sizing, Call apply, Call revert) {
            return new Change(summary, effects, sizing, null, apply, revert);
        }

        static ObjectNode json(Object value) {
            return Json.MAPPER.valueToTree(value);
        }

        abstract KubernetesAuditEvents.Ref ref(Subject s, String subresource);

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            return KubernetesAuditEvents.call(g, a, t, s.account(), "get", ref(s, null), null, 200);
        }
    }

    // ---------------------------------------------------------------- workloads

    static final class Workload extends Base {
        public CatalogRow row() {
            return CatalogRow.K8S_WORKLOADS;
        }

        public Set<Intent> intents() {
            return EnumSet.of(
                    Intent.EMERGENCY,
                    Intent.AUTOMATE,
                    Intent.MISCONFIGURE,
                    Intent.TROUBLESHOOT,
                    Intent.IGNORED,
                    Intent.NOOP);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String kind = r.chance(0.75) ? "Deployment" : "StatefulSet";
            String name = svc.name() + "-"
                    + (kind.equals("Deployment") ? r.pickOf("api", "web", "worker") : r.pickOf("db", "cache", "queue"))
                    + "-" + g.uid();
            String ns = svc.namespace();
            int replicas = r.between(3, 5);
            String image = "registry.acme-corp.com/" + svc.name() + "/" + name + ":v1." + r.between(10, 60) + "."
                    + r.between(0, 9);
            Map<String, Object> container = m(
                    "name",
                    "app",
                    "image",
                    image,
                    "ports",
                    List.of(m("containerPort", 8080, "name", "http")),
                    "env",
                    List.of(m("name", "LOG_LEVEL", "value", "info"), m("name", "SERVICE_NAME", "value", svc.name())),
                    "resources",
                    m("requests", m("cpu", "250m", "memory", "512Mi"), "limits", m("memory", "1Gi")));
            Map<String, Object> spec = m("replicas", replicas);
            if (kind.equals("StatefulSet")) {
                spec.put("serviceName", name);
            }
            spec.put("selector", m("matchLabels", m("app.kubernetes.io/name", name)));
            spec.put(
                    "template",
                    m(
                            "metadata",
                            m("labels", m("app.kubernetes.io/name", name)),
                            "spec",
                            m("serviceAccountName", name, "containers", List.of(container))));
            Map<String, Object> manifest =
                    m("apiVersion", "apps/v1", "kind", kind, "metadata", meta(name, ns, svc), "spec", spec);
            String path = g.iac().kubernetes(svc.cluster(), ns, name + ".yaml", manifest);
            return subject(g, svc, kind, ns, name, path, m("replicas", replicas, "image", image));
        }

        KubernetesAuditEvents.Ref ref(Subject s, String sub) {
            return new KubernetesAuditEvents.Ref(
                    "apps",
                    "v1",
                    s.str("kind").equals("Deployment") ? "deployments" : "statefulsets",
                    s.region(),
                    s.name(),
                    sub);
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            int replicas = s.num("replicas");
            return switch (intent) {
                // Capacity is replicas x memory limit (GiB) for Deployments and StatefulSets alike,
                // so the second emergency change (more memory on the doubled replicas) combines
                // with the first into one measure; each replica is priced as the policy's typical
                // pod, whatever its limit.
                case EMERGENCY ->
                    step == 0
                            ? change(
                                    "replicas " + replicas + " -> " + replicas * 2,
                                    List.of(),
                                    Prices.pods(replicas, replicas * 2),
                                    replicasPatch(g, s, replicas * 2),
                                    replicasPatch(g, s, replicas))
                            : change(
                                    "memory limit 1Gi -> 2Gi",
                                    List.of(),
                                    new Sizing(
                                            replicas * 2,
                                            replicas * 2 * 2,
                                            Prices.POD_MONTHLY * replicas * 2,
                                            Prices.POD_MONTHLY * replicas * 2),
                                    containerPatch(
                                            g, s, m("name", "app", "resources", m("limits", m("memory", "2Gi")))),
                                    containerPatch(
                                            g, s, m("name", "app", "resources", m("limits", m("memory", "1Gi")))));
                case AUTOMATE ->
                    new Change(
                            "replicas " + replicas + " -> " + (replicas + 3 + step) + " by the HPA",
                            List.of(),
                            Prices.pods(replicas, replicas + 3 + step),
                            g.world().hpa(),
                            scale(g, s, replicas + 3 + step),
                            scale(g, s, replicas));
                case MISCONFIGURE ->
                    change(
                            "replicas " + replicas + " -> 0",
                            List.of(),
                            Prices.pods(replicas, 0),
                            replicasPatch(g, s, 0),
                            replicasPatch(g, s, replicas));
                case TROUBLESHOOT ->
                    change(
                            "env LOG_LEVEL info -> debug",
                            List.of(),
                            null,
                            containerPatch(
                                    g, s, m("name", "app", "env", List.of(m("name", "LOG_LEVEL", "value", "debug")))),
                            containerPatch(
                                    g, s, m("name", "app", "env", List.of(m("name", "LOG_LEVEL", "value", "info")))));
                case IGNORED -> {
                    // an image updater (Keel-style) rolls tags on the live Deployment; the config's
                    // ignore rule gives it the containers' images
                    String image = s.str("image");
                    String rolled = image.substring(0, image.lastIndexOf(':') + 1) + "v2."
                            + g.rng().between(0, 9) + "." + g.rng().between(0, 9);
                    yield change(
                            "image rolled on a workload whose images an image updater owns",
                            List.of(),
                            null,
                            containerPatch(g, s, m("name", "app", "image", rolled)),
                            containerPatch(g, s, m("name", "app", "image", image)));
                }
                case NOOP ->
                    change(
                            "replicas set to the declared value",
                            List.of(),
                            null,
                            replicasPatch(g, s, replicas),
                            replicasPatch(g, s, replicas));
                default -> null;
            };
        }

        private Call replicasPatch(Gen g, Subject s, int replicas) {
            return call(g, s, "patch", ref(s, null), json(m("spec", m("replicas", replicas))));
        }

        private Call containerPatch(Gen g, Subject s, Map<String, Object> container) {
            return call(
                    g,
                    s,
                    "patch",
                    ref(s, null),
                    json(m("spec", m("template", m("spec", m("containers", List.of(container)))))));
        }

        private Call scale(Gen g, Subject s, int replicas) {
            ObjectNode body = json(m(
                    "kind",
                    "Scale",
                    "apiVersion",
                    "autoscaling/v1",
                    "metadata",
                    m("name", s.name(), "namespace", s.region()),
                    "spec",
                    m("replicas", replicas)));
            return call(g, s, "update", ref(s, "scale"), body);
        }
    }

    // ---------------------------------------------------------------- config maps

    static final class ConfigMapDriver extends Base {
        public CatalogRow row() {
            return CatalogRow.K8S_CONFIGMAPS;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.TROUBLESHOOT, Intent.EMERGENCY, Intent.NOOP, Intent.UNDECLARED);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            String name = svc.name() + "-config-" + g.uid();
            Map<String, Object> manifest = m(
                    "apiVersion",
                    "v1",
                    "kind",
                    "ConfigMap",
                    "metadata",
                    meta(name, svc.namespace(), svc),
                    "data",
                    m(
                            "LOG_LEVEL",
                            "info",
                            "RATE_LIMIT_RPS",
                            "200",
                            "CACHE_TTL_SECONDS",
                            "300",
                            "FEATURE_ASYNC_CHECKOUT",
                            "false"));
            String path = g.iac().kubernetes(svc.cluster(), svc.namespace(), name + ".yaml", manifest);
            return subject(g, svc, "ConfigMap", svc.namespace(), name, path, m());
        }

        KubernetesAuditEvents.Ref ref(Subject s, String sub) {
            return new KubernetesAuditEvents.Ref("", "v1", "configmaps", s.region(), s.name(), sub);
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            return switch (intent) {
                case TROUBLESHOOT ->
                    change(
                            "LOG_LEVEL info -> debug",
                            List.of(),
                            null,
                            data(g, s, "LOG_LEVEL", "debug"),
                            data(g, s, "LOG_LEVEL", "info"));
                case EMERGENCY ->
                    change(
                            "RATE_LIMIT_RPS 200 -> 1000",
                            List.of(),
                            null,
                            data(g, s, "RATE_LIMIT_RPS", "1000"),
                            data(g, s, "RATE_LIMIT_RPS", "200"));
                case NOOP ->
                    change(
                            "CACHE_TTL_SECONDS written with its declared value",
                            List.of(),
                            null,
                            data(g, s, "CACHE_TTL_SECONDS", "300"),
                            data(g, s, "CACHE_TTL_SECONDS", "300"));
                case UNDECLARED ->
                    change(
                            "annotation added (not declared)",
                            List.of(),
                            null,
                            call(
                                    g,
                                    s,
                                    "patch",
                                    ref(s, null),
                                    json(m(
                                            "metadata",
                                            m("annotations", m("debug.acme-corp.com/touched-by", actor.name()))))),
                            call(
                                    g,
                                    s,
                                    "patch",
                                    ref(s, null),
                                    json(m("metadata", m("annotations", m("debug.acme-corp.com/touched-by", null))))));
                default -> null;
            };
        }

        private Call data(Gen g, Subject s, String key, String value) {
            return call(g, s, "patch", ref(s, null), json(m("data", m(key, value))));
        }
    }

    // ---------------------------------------------------------------- network policies

    static final class NetworkPolicyDriver extends Base {
        public CatalogRow row() {
            return CatalogRow.K8S_NETWORK_POLICIES;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.TIGHTEN, Intent.TROUBLESHOOT);
        }

        private static Map<String, Object> spec(String name, Map<String, Object> from) {
            return m(
                    "podSelector",
                    m("matchLabels", m("app.kubernetes.io/name", name.replace("-ingress", ""))),
                    "policyTypes",
                    List.of("Ingress"),
                    "ingress",
                    List.of(m("from", List.of(from), "ports", List.of(m("protocol", "TCP", "port", 8080)))));
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            String name = svc.name() + "-api-" + g.uid() + "-ingress";
            Map<String, Object> from = intent == Intent.TIGHTEN
                    ? m("namespaceSelector", m())
                    : m("namespaceSelector", m("matchLabels", m("kubernetes.io/metadata.name", "ingress-nginx")));
            Map<String, Object> manifest = m(
                    "apiVersion",
                    "networking.k8s.io/v1",
                    "kind",
                    "NetworkPolicy",
                    "metadata",
                    meta(name, svc.namespace(), svc),
                    "spec",
                    spec(name, from));
            String path = g.iac().kubernetes(svc.cluster(), svc.namespace(), name + ".yaml", manifest);
            return subject(g, svc, "NetworkPolicy", svc.namespace(), name, path, m("open", intent == Intent.TIGHTEN));
        }

        KubernetesAuditEvents.Ref ref(Subject s, String sub) {
            return new KubernetesAuditEvents.Ref(
                    "networking.k8s.io", "v1", "networkpolicies", s.region(), s.name(), sub);
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            boolean open = Boolean.TRUE.equals(s.props().get("open"));
            Map<String, Object> declaredFrom = open
                    ? m("namespaceSelector", m())
                    : m("namespaceSelector", m("matchLabels", m("kubernetes.io/metadata.name", "ingress-nginx")));
            Call restore = specUpdate(g, s, declaredFrom);
            return switch (intent) {
                case MISCONFIGURE ->
                    open
                            ? null
                            : change(
                                    "network policy deleted",
                                    List.of(Effect.INGRESS_WIDENED),
                                    null,
                                    call(
                                            g,
                                            s,
                                            "delete",
                                            ref(s, null),
                                            json(m(
                                                    "kind",
                                                    "DeleteOptions",
                                                    "apiVersion",
                                                    "meta.k8s.io/v1",
                                                    "propagationPolicy",
                                                    "Background"))),
                                    createCall(g, s, declaredFrom));
                case TROUBLESHOOT ->
                    open
                            ? null
                            : change(
                                    "ingress opened to all namespaces",
                                    List.of(Effect.INGRESS_WIDENED),
                                    null,
                                    specUpdate(g, s, m("namespaceSelector", m())),
                                    restore);
                case TIGHTEN ->
                    open
                            ? change(
                                    "ingress restricted to the ingress-nginx namespace",
                                    List.of(Effect.TIGHTENED),
                                    null,
                                    specUpdate(
                                            g,
                                            s,
                                            m(
                                                    "namespaceSelector",
                                                    m(
                                                            "matchLabels",
                                                            m("kubernetes.io/metadata.name", "ingress-nginx")))),
                                    restore)
                            : null;
                default -> null;
            };
        }

        private Call specUpdate(Gen g, Subject s, Map<String, Object> from) {
            return call(g, s, "patch", ref(s, null), json(m("spec", spec(s.name(), from))));
        }

        private Call createCall(Gen g, Subject s, Map<String, Object> from) {
            return call(
                    g,
                    s,
                    "create",
                    new KubernetesAuditEvents.Ref("networking.k8s.io", "v1", "networkpolicies", s.region(), null, null),
                    json(m(
                            "apiVersion",
                            "networking.k8s.io/v1",
                            "kind",
                            "NetworkPolicy",
                            "metadata",
                            m("name", s.name(), "namespace", s.region()),
                            "spec",
                            spec(s.name(), from))));
        }
    }

    // ---------------------------------------------------------------- services

    static final class ServiceDriver extends Base {
        public CatalogRow row() {
            return CatalogRow.K8S_SERVICES;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.TROUBLESHOOT);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            String name = svc.name() + "-" + g.rng().pickOf("api", "web", "grpc") + "-" + g.uid();
            Map<String, Object> manifest = m(
                    "apiVersion",
                    "v1",
                    "kind",
                    "Service",
                    "metadata",
                    meta(name, svc.namespace(), svc),
                    "spec",
                    m(
                            "type",
                            "ClusterIP",
                            "selector",
                            m("app.kubernetes.io/name", name),
                            "ports",
                            List.of(m("name", "http", "port", 80, "targetPort", 8080, "protocol", "TCP"))));
            String path = g.iac().kubernetes(svc.cluster(), svc.namespace(), name + "-svc.yaml", manifest);
            return subject(g, svc, "Service", svc.namespace(), name, path, m());
        }

        KubernetesAuditEvents.Ref ref(Subject s, String sub) {
            return new KubernetesAuditEvents.Ref("", "v1", "services", s.region(), s.name(), sub);
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            Call restore = call(g, s, "patch", ref(s, null), json(m("spec", m("type", "ClusterIP"))));
            return switch (intent) {
                case MISCONFIGURE ->
                    change(
                            "type ClusterIP -> LoadBalancer",
                            List.of(Effect.INGRESS_WIDENED),
                            null,
                            call(g, s, "patch", ref(s, null), json(m("spec", m("type", "LoadBalancer")))),
                            restore);
                case TROUBLESHOOT ->
                    change(
                            "type ClusterIP -> NodePort",
                            List.of(Effect.INGRESS_WIDENED),
                            null,
                            call(g, s, "patch", ref(s, null), json(m("spec", m("type", "NodePort")))),
                            restore);
                default -> null;
            };
        }
    }

    // ---------------------------------------------------------------- RBAC

    static final class Rbac extends Base {
        public CatalogRow row() {
            return CatalogRow.K8S_RBAC;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.TIGHTEN);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String kind =
                    intent == Intent.TIGHTEN ? "RoleBinding" : r.pickOf("RoleBinding", "ClusterRoleBinding", "Role");
            String ns = kind.equals("ClusterRoleBinding") ? null : svc.namespace();
            String name = switch (kind) {
                case "ClusterRoleBinding" -> svc.name() + "-platform-admins-" + g.uid();
                case "Role" -> svc.name() + "-deployer-" + g.uid();
                default -> svc.name() + "-developers-" + g.uid();
            };
            Map<String, Object> manifest;
            if (kind.equals("Role")) {
                manifest = m(
                        "apiVersion",
                        "rbac.authorization.k8s.io/v1",
                        "kind",
                        "Role",
                        "metadata",
                        meta(name, ns, svc),
                        "rules",
                        List.of(m(
                                "apiGroups",
                                List.of("apps"),
                                "resources",
                                List.of("deployments"),
                                "verbs",
                                List.of("get", "list", "watch", "patch"))));
            } else {
                String role = kind.equals("ClusterRoleBinding") ? "cluster-admin" : "edit";
                manifest = m(
                        "apiVersion",
                        "rbac.authorization.k8s.io/v1",
                        "kind",
                        kind,
                        "metadata",
                        meta(name, ns, svc),
                        "roleRef",
                        m("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole", "name", role),
                        "subjects",
                        subjects(svc, false));
            }
            String path = g.iac().kubernetes(svc.cluster(), ns == null ? "cluster" : ns, name + ".yaml", manifest);
            return subject(g, svc, kind, ns, name, path, m());
        }

        private static List<Object> subjects(Service svc, boolean withExtra) {
            List<Object> out = new ArrayList<>();
            out.add(m("kind", "Group", "apiGroup", "rbac.authorization.k8s.io", "name", "oidc:" + svc.team()));
            out.add(m("kind", "User", "apiGroup", "rbac.authorization.k8s.io", "name", "contractor.sam@acme-corp.com"));
            return out;
        }

        KubernetesAuditEvents.Ref ref(Subject s, String sub) {
            String kind = s.str("kind");
            String resource = switch (kind) {
                case "ClusterRoleBinding" -> "clusterrolebindings";
                case "Role" -> "roles";
                default -> "rolebindings";
            };
            return new KubernetesAuditEvents.Ref(
                    "rbac.authorization.k8s.io", "v1", resource, s.region(), s.name(), sub);
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            String kind = s.str("kind");
            List<Object> declared = subjects(s.service(), false);
            if (kind.equals("Role")) {
                if (intent != Intent.MISCONFIGURE) {
                    return null;
                }
                return change(
                        "role rules widened to * verbs on * resources",
                        List.of(Effect.ADMIN_ACCESS_GRANTED),
                        null,
                        call(
                                g,
                                s,
                                "patch",
                                ref(s, null),
                                json(m(
                                        "rules",
                                        List.of(m(
                                                "apiGroups",
                                                List.of("*"),
                                                "resources",
                                                List.of("*"),
                                                "verbs",
                                                List.of("*")))))),
                        call(
                                g,
                                s,
                                "patch",
                                ref(s, null),
                                json(m(
                                        "rules",
                                        List.of(m(
                                                "apiGroups",
                                                List.of("apps"),
                                                "resources",
                                                List.of("deployments"),
                                                "verbs",
                                                List.of("get", "list", "watch", "patch")))))));
            }
            Call restore = call(g, s, "patch", ref(s, null), json(m("subjects", declared)));
            return switch (intent) {
                case MISCONFIGURE -> {
                    List<Object> more = new ArrayList<>(declared);
                    String user = actor.email() != null ? actor.email() : "ci-bot";
                    more.add(m(
                            "kind",
                            "User",
                            "apiGroup",
                            "rbac.authorization.k8s.io",
                            "name",
                            step == 0 ? user : "system:serviceaccount:default:default"));
                    boolean admin = kind.equals("ClusterRoleBinding");
                    yield change(
                            "subject added to " + kind + (admin ? " of cluster-admin" : " of edit"),
                            List.of(admin ? Effect.ADMIN_ACCESS_GRANTED : Effect.PRINCIPAL_GRANTED),
                            null,
                            call(g, s, "patch", ref(s, null), json(m("subjects", more))),
                            restore);
                }
                case TIGHTEN ->
                    change(
                            "contractor removed from " + kind,
                            List.of(Effect.TIGHTENED),
                            null,
                            call(g, s, "patch", ref(s, null), json(m("subjects", List.of(declared.get(0))))),
                            restore);
                default -> null;
            };
        }
    }
}
