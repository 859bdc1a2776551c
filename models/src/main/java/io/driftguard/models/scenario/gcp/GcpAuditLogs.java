package io.driftguard.models.scenario.gcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.ingest.Sources;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.driver.Gen;
import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.world.Actor;
import io.driftguard.models.scenario.world.ActorKind;
import io.driftguard.models.scenario.world.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cloud Audit Logs {@code LogEntry} objects with an {@code AuditLog} protoPayload. Long-running
 * Compute and Cloud SQL operations log a first entry (with the request) and a last entry (same
 * {@code operation.id}); an error on either means the change did not happen.
 */
final class GcpAuditLogs {

    static final String TERRAFORM_UA = "Terraform/1.9.8 (+https://www.terraform.io) Terraform-Plugin-SDK/2.33.0 "
            + "terraform-provider-google/6.10.0";

    /** The parts of a call that differ between APIs. */
    record Api(
            String service,
            String method,
            String permission,
            String resourceName,
            String resourceType,
            ObjectNode resourceLabels,
            boolean longRunning) {}

    private GcpAuditLogs() {}

    static List<Emitted> write(
            Gen g,
            Actor a,
            Instant t,
            String project,
            Api api,
            ObjectNode request,
            ObjectNode serviceData,
            ObjectNode metadata,
            boolean fail) {
        Rng rng = g.rng();
        List<Emitted> out = new ArrayList<>();
        String ua = userAgent(a, api, rng);
        boolean deniedUpfront = fail && (!api.longRunning() || rng.chance(0.5));
        String operationId = api.longRunning()
                ? (api.service().startsWith("compute")
                        ? "operation-" + t.toEpochMilli() + "-" + rng.hex(13) + "-" + rng.hex(8) + "-" + rng.hex(8)
                        : rng.uuid())
                : null;
        ObjectNode first = entry(g, a, t, project, api, ua, "activity");
        ObjectNode pp = (ObjectNode) first.get("protoPayload");
        if (deniedUpfront) {
            pp.putObject("status").put("code", 7).put("message", "PERMISSION_DENIED");
            ((ObjectNode) pp.get("authorizationInfo").get(0)).put("granted", false);
            first.put("severity", "ERROR");
        }
        if (request != null) {
            pp.set("request", request);
        }
        if (serviceData != null) {
            pp.set("serviceData", serviceData);
        }
        if (metadata != null) {
            pp.set("metadata", metadata);
        }
        if (api.longRunning() && !deniedUpfront) {
            ObjectNode response = pp.putObject("response");
            if (api.service().startsWith("compute")) {
                String targetLink = "https://www.googleapis.com/compute/v1/" + api.resourceName();
                response.put("@type", "type.googleapis.com/operation")
                        .put("id", rng.digits(19))
                        .put("name", operationId)
                        .put(
                                "operationType",
                                api.method().substring(api.method().lastIndexOf('.') + 1))
                        .put("progress", "0")
                        .put("status", "RUNNING")
                        .put("targetLink", targetLink)
                        .put("user", principal(a, project))
                        .put("insertTime", t.toString())
                        .put("startTime", t.plusMillis(12).toString())
                        .put(
                                "selfLink",
                                "https://www.googleapis.com/compute/v1/projects/" + project + "/global/operations/"
                                        + operationId);
            } else {
                response.put("@type", "type.googleapis.com/google.cloud.sql.v1beta4.Operation")
                        .put("kind", "sql#operation")
                        .put("name", operationId)
                        .put("operationType", "UPDATE")
                        .put("status", "PENDING")
                        .put("user", principal(a, project))
                        .put("targetProject", project)
                        .put(
                                "targetId",
                                api.resourceName().substring(api.resourceName().lastIndexOf('/') + 1))
                        .put("insertTime", t.toString());
            }
            first.putObject("operation")
                    .put("id", operationId)
                    .put("producer", api.service())
                    .put("first", true);
        }
        out.add(new Emitted(Sources.GCP_AUDIT, t, first.get("insertId").asText(), null, first));
        if (api.longRunning() && !deniedUpfront) {
            Instant end = t.plusMillis(rng.between(2_500, 40_000));
            ObjectNode last = entry(g, a, end, project, api, ua, "activity");
            ObjectNode lp = (ObjectNode) last.get("protoPayload");
            lp.remove("authorizationInfo");
            if (fail) {
                lp.putObject("status")
                        .put("code", 9)
                        .put("message", "FAILED_PRECONDITION: the resource '" + api.resourceName() + "' is not ready");
                last.put("severity", "ERROR");
            }
            last.putObject("operation")
                    .put("id", operationId)
                    .put("producer", api.service())
                    .put("last", true);
            out.add(new Emitted(Sources.GCP_AUDIT, end, last.get("insertId").asText(), null, last));
        }
        return out;
    }

    static List<Emitted> read(Gen g, Actor a, Instant t, String project, Api api) {
        ObjectNode e = entry(g, a, t, project, api, userAgent(a, api, g.rng()), "data_access");
        e.put("severity", "INFO");
        return List.of(new Emitted(Sources.GCP_AUDIT, t, e.get("insertId").asText(), null, e));
    }

    private static ObjectNode entry(Gen g, Actor a, Instant t, String project, Api api, String ua, String log) {
        Rng rng = g.rng();
        ObjectNode e = IacModel.obj();
        ObjectNode pp = e.putObject("protoPayload");
        pp.put("@type", "type.googleapis.com/google.cloud.audit.AuditLog");
        pp.putObject("status");
        ObjectNode auth = pp.putObject("authenticationInfo");
        String principal = principal(a, project);
        auth.put("principalEmail", principal);
        auth.put("principalSubject", (principal.contains("gserviceaccount") ? "serviceAccount:" : "user:") + principal);
        ObjectNode rm = pp.putObject("requestMetadata");
        rm.put("callerIp", a.kind() == ActorKind.GCP_SERVICE_AGENT ? "private" : a.ip());
        if (ua != null) {
            rm.put("callerSuppliedUserAgent", ua);
        }
        rm.putObject("requestAttributes").put("time", t.toString()).putObject("auth");
        rm.putObject("destinationAttributes");
        pp.put("serviceName", api.service());
        pp.put("methodName", api.method());
        ObjectNode authz = pp.putArray("authorizationInfo").addObject();
        authz.put("resource", api.resourceName())
                .put("permission", api.permission())
                .put("granted", true);
        authz.putObject("resourceAttributes")
                .put("service", api.service().replace(".googleapis.com", ""))
                .put("name", api.resourceName())
                .put("type", api.permission().substring(0, api.permission().lastIndexOf('.')));
        pp.put("resourceName", api.resourceName());
        e.put("insertId", (rng.chance(0.4) ? "-" : "") + rng.lowerAlnum(12));
        ObjectNode res = e.putObject("resource");
        res.put("type", api.resourceType());
        res.set("labels", api.resourceLabels().deepCopy());
        e.put("timestamp", t.toString());
        e.put("severity", "NOTICE");
        e.put("logName", "projects/" + project + "/logs/cloudaudit.googleapis.com%2F" + log);
        e.put("receiveTimestamp", t.plusMillis(rng.between(300, 2500)).toString());
        return e;
    }

    static String principal(Actor a, String project) {
        return switch (a.kind()) {
            case HUMAN -> a.email();
            case TERRAFORM -> "terraform-deployer@" + project + ".iam.gserviceaccount.com";
            case GCP_SERVICE_AGENT ->
                (project.equals(World.GCP_PROD) ? World.GCP_PROD_NUMBER : World.GCP_DATA_NUMBER)
                        + "@cloudservices.gserviceaccount.com";
            case SCRIPT -> a.name() + "@" + project + ".iam.gserviceaccount.com";
            default -> a.name() + "@" + project + ".iam.gserviceaccount.com";
        };
    }

    private static String userAgent(Actor a, Api api, Rng rng) {
        return switch (a.kind()) {
            case HUMAN ->
                rng.chance(0.5)
                        ? "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
                                + "Chrome/130.0.0.0 Safari/537.36,gzip(gfe),gzip(gfe)"
                        : "google-cloud-sdk gcloud/498.0.0 command/gcloud." + gcloudCommand(api) + " invocation-id/"
                                + rng.hex(32) + " environment/None environment-version/None client-os/MACOSX "
                                + "client-os-ver/23.6.0 client-pltf-arch/arm interactive/True from-script/False "
                                + "python/3.12.6 term/xterm-256color (Macintosh; Intel Mac OS X 23.6.0),gzip(gfe)";
            case TERRAFORM -> TERRAFORM_UA + ",gzip(gfe)";
            case GCP_SERVICE_AGENT -> null;
            case SCRIPT -> "google-api-python-client/2.149.0 (gzip),gzip(gfe)";
            default -> "google-cloud-sdk gcloud/498.0.0,gzip(gfe)";
        };
    }

    private static String gcloudCommand(Api api) {
        String m = api.method();
        if (m.contains("firewalls")) {
            return "compute.firewall-rules.update";
        }
        if (m.contains("instanceGroupManagers")) {
            return "compute.instance-groups.managed.resize";
        }
        if (m.contains("instances")) {
            return m.startsWith("cloudsql") ? "sql.instances.patch" : "compute.instances.set-machine-type";
        }
        if (m.startsWith("storage")) {
            return "storage.buckets.update";
        }
        return "projects.add-iam-policy-binding";
    }
}
