package io.driftguard.models.scenario.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.ingest.Sources;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.driver.Gen;
import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.random.StableIds;
import io.driftguard.models.scenario.world.Actor;
import io.driftguard.models.scenario.world.ActorKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes {@code audit.k8s.io/v1} Events. A write logs {@code RequestReceived} and
 * {@code ResponseComplete} with one {@code auditID}; at level RequestResponse the patch or object
 * sent is in {@code requestObject}.
 */
final class KubernetesAuditEvents {

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** What a call addresses. */
    record Ref(
            String apiGroup, String apiVersion, String resource, String namespace, String name, String subresource) {}

    private KubernetesAuditEvents() {}

    static List<Emitted> call(
            Gen g, Actor a, Instant t, String cluster, String verb, Ref ref, JsonNode requestObject, int code) {
        Rng rng = g.rng();
        String auditId = rng.uuid();
        boolean write = !(verb.equals("get") || verb.equals("list") || verb.equals("watch"));
        List<Emitted> out = new ArrayList<>(2);
        if (write) {
            ObjectNode received = event(a, t, t, auditId, "RequestReceived", verb, ref, rng, write);
            if (requestObject != null) {
                received.set("requestObject", requestObject);
            }
            out.add(new Emitted(Sources.K8S_AUDIT, t, auditId, cluster, received));
        }
        Instant done = t.plusNanos(1_000L * rng.between(1_500, 90_000));
        ObjectNode complete = event(a, t, done, auditId, "ResponseComplete", verb, ref, rng, write);
        if (write && requestObject != null) {
            complete.set("requestObject", requestObject);
        }
        ObjectNode status = complete.putObject("responseStatus");
        status.putObject("metadata");
        if (code >= 400) {
            status.put("status", "Failure");
            status.put(
                    "message",
                    code == 403
                            ? ref.resource() + " \"" + ref.name() + "\" is forbidden: User \"" + user(a) + "\" cannot "
                                    + verb
                                    + " resource \"" + ref.resource() + "\" in API group \"" + ref.apiGroup()
                                    + "\" in the namespace \"" + ref.namespace() + "\""
                            : "Operation cannot be fulfilled on " + ref.resource() + " \"" + ref.name()
                                    + "\": the object has been modified; please apply your changes to the latest version and try again");
            status.put("reason", code == 403 ? "Forbidden" : "Conflict");
            ((ObjectNode) complete.get("annotations"))
                    .put("authorization.k8s.io/decision", code == 403 ? "forbid" : "allow");
        }
        status.put("code", code);
        out.add(new Emitted(Sources.K8S_AUDIT, done, auditId, cluster, complete));
        return out;
    }

    private static ObjectNode event(
            Actor a,
            Instant received,
            Instant stage,
            String auditId,
            String stageName,
            String verb,
            Ref ref,
            Rng rng,
            boolean write) {
        ObjectNode e = IacModel.obj();
        e.put("kind", "Event")
                .put("apiVersion", "audit.k8s.io/v1")
                .put("level", write ? "RequestResponse" : "Metadata")
                .put("auditID", auditId)
                .put("stage", stageName)
                .put("requestURI", uri(ref, verb))
                .put("verb", verb);
        ObjectNode user = e.putObject("user");
        user.put("username", user(a));
        if (a.kind() == ActorKind.HUMAN) {
            user.put(
                    "uid",
                    StableIds.hex(a.email(), 8) + "-" + StableIds.hex(a.email() + "u", 4) + "-4"
                            + StableIds.hex(a.email() + "v", 3) + "-9" + StableIds.hex(a.email() + "w", 3) + "-"
                            + StableIds.hex(a.email() + "q", 12));
            user.set(
                    "groups",
                    IacModel.strings(
                            a.security() ? "oidc:security" : "oidc:platform-engineers", "system:authenticated"));
        } else {
            user.put(
                    "uid",
                    StableIds.hex(a.name(), 8) + "-" + StableIds.hex(a.name() + "u", 4) + "-4"
                            + StableIds.hex(a.name() + "v", 3) + "-a" + StableIds.hex(a.name() + "w", 3) + "-"
                            + StableIds.hex(a.name() + "q", 12));
            String ns = user(a).split(":").length > 2 ? user(a).split(":")[2] : "kube-system";
            user.set(
                    "groups",
                    IacModel.strings("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated"));
        }
        e.set("sourceIPs", IacModel.strings(a.ip()));
        e.put("userAgent", userAgent(a));
        ObjectNode o = e.putObject("objectRef");
        o.put("resource", ref.resource());
        if (ref.namespace() != null) {
            o.put("namespace", ref.namespace());
        }
        if (ref.name() != null) {
            o.put("name", ref.name());
        }
        if (!ref.apiGroup().isEmpty()) {
            o.put("apiGroup", ref.apiGroup());
        }
        o.put("apiVersion", ref.apiVersion());
        if (ref.subresource() != null) {
            o.put("subresource", ref.subresource());
        }
        e.put("requestReceivedTimestamp", MICROS.format(received));
        e.put("stageTimestamp", MICROS.format(stage));
        e.putObject("annotations")
                .put("authorization.k8s.io/decision", "allow")
                .put(
                        "authorization.k8s.io/reason",
                        a.kind() == ActorKind.HUMAN
                                ? "RBAC: allowed by ClusterRoleBinding \"platform-engineers\" of ClusterRole \"cluster-admin\" to Group \"oidc:platform-engineers\""
                                : "RBAC: allowed by ClusterRoleBinding \"system:controller\" of ClusterRole \"edit\" to ServiceAccount");
        return e;
    }

    static String user(Actor a) {
        return switch (a.kind()) {
            case HUMAN -> a.email();
            case ARGOCD, K8S_HPA -> a.name();
            case SCRIPT -> "system:serviceaccount:ops:" + a.name();
            case READER_BOT -> "system:serviceaccount:monitoring:" + a.name();
            default -> a.name();
        };
    }

    private static String userAgent(Actor a) {
        return switch (a.kind()) {
            case HUMAN -> "kubectl/v1.31.2 (darwin/arm64) kubernetes/5864a46";
            case ARGOCD -> "argocd-application-controller/v2.13.1 (linux/amd64) kubernetes/$Format";
            case K8S_HPA ->
                "kube-controller-manager/v1.31.2 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:horizontal-pod-autoscaler";
            case SCRIPT -> "python-requests/2.32.3 kubernetes-python-client/31.0.0";
            default -> "datadog-cluster-agent/7.58.2 (linux/amd64) kubernetes/$Format";
        };
    }

    private static String uri(Ref ref, String verb) {
        StringBuilder b = new StringBuilder(
                ref.apiGroup().isEmpty()
                        ? "/api/" + ref.apiVersion()
                        : "/apis/" + ref.apiGroup() + "/" + ref.apiVersion());
        if (ref.namespace() != null) {
            b.append("/namespaces/").append(ref.namespace());
        }
        b.append('/').append(ref.resource());
        if (ref.name() != null && !verb.equals("list")) {
            b.append('/').append(ref.name());
        }
        if (ref.subresource() != null) {
            b.append('/').append(ref.subresource());
        }
        if (verb.equals("patch")) {
            b.append("?fieldManager=kubectl-patch");
        } else if (verb.equals("list")) {
            b.append("?limit=500");
        }
        return b.toString();
    }
}
