package io.driftguard.models.scenario.gcp;

import static io.driftguard.models.scenario.iac.IacModel.m;
import static io.driftguard.models.scenario.iac.IacModel.obj;
import static io.driftguard.models.scenario.iac.IacModel.strings;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.event.Cloud;
import io.driftguard.models.scenario.driver.Call;
import io.driftguard.models.scenario.driver.CatalogRow;
import io.driftguard.models.scenario.driver.Change;
import io.driftguard.models.scenario.driver.Driver;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.driver.Gen;
import io.driftguard.models.scenario.driver.Intent;
import io.driftguard.models.scenario.driver.Prices;
import io.driftguard.models.scenario.driver.Subject;
import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.label.Effect;
import io.driftguard.models.scenario.label.Sizing;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.world.Actor;
import io.driftguard.models.scenario.world.Service;
import io.driftguard.models.scenario.world.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Drivers of the GCP rows of docs/design/catalog-format.md (Terraform google provider). */
public final class GcpDrivers {

    private GcpDrivers() {}

    public static List<Driver> all() {
        return List.of(
                new Firewall(),
                new ComputeInstance(),
                new StorageBucket(),
                new ProjectIam(),
                new CloudSql(),
                new InstanceGroupManager());
    }

    abstract static class Base implements Driver {

        Subject subject(
                Gen g,
                Service svc,
                String type,
                String address,
                String resourceId,
                String name,
                String project,
                String location,
                Map<String, Object> props) {
            g.iac().own(svc, resourceId);
            return new Subject(
                    row(),
                    Cloud.GCP,
                    "terraform",
                    type,
                    address,
                    IacModel.terraformPath(env(project), svc),
                    resourceId,
                    name,
                    svc,
                    project,
                    location,
                    props);
        }

        static String env(String project) {
            return project.equals(World.GCP_PROD) ? "gcp-prod" : "gcp-analytics";
        }

        static String project(Gen g) {
            return g.rng().pick(World.GCP_PROJECTS);
        }

        static ObjectNode labels(Service svc) {
            return obj().put("service", svc.name())
                    .put("env", "prod")
                    .put("team", svc.team())
                    .put("scan-schedule", "weekly");
        }

        static Change change(String summary, List<Effect> effects, Sizing sizing, Call apply, Call revert) {
            return new Change(summary, effects, sizing, null, apply, revert);
        }
    }

    // ---------------------------------------------------------------- firewall

    static final class Firewall extends Base {
        public CatalogRow row() {
            return CatalogRow.GCP_COMPUTE_FIREWALL;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.EMERGENCY, Intent.TROUBLESHOOT, Intent.TIGHTEN, Intent.NOOP);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String project = project(g);
            boolean internal = intent == Intent.TROUBLESHOOT || intent == Intent.NOOP;
            String name = svc.name() + (internal ? "-allow-ssh-iap-" : "-allow-web-") + g.uid();
            List<String> ports = internal ? List.of("22") : List.of("80", "443");
            List<String> ranges = internal ? List.of("35.235.240.0/20", "10.128.0.0/9") : List.of("0.0.0.0/0");
            String self = "https://www.googleapis.com/compute/v1/projects/" + project + "/global/firewalls/" + name;
            ObjectNode a = obj();
            ObjectNode allow = a.putArray("allow").addObject();
            allow.set("ports", strings(ports.toArray(String[]::new)));
            allow.put("protocol", "tcp");
            a.put("creation_timestamp", "2024-09-14T02:45:33.796-07:00");
            a.putArray("deny");
            a.put("description", internal ? "SSH through IAP and from the VPC" : "Public HTTP(S) to " + svc.name());
            a.putArray("destination_ranges");
            a.put("direction", "INGRESS")
                    .put("disabled", false)
                    .putNull("enable_logging")
                    .put("id", "projects/" + project + "/global/firewalls/" + name);
            a.putArray("log_config");
            a.put("name", name)
                    .put(
                            "network",
                            "https://www.googleapis.com/compute/v1/projects/" + project + "/global/networks/prod-vpc")
                    .put("priority", 1000)
                    .put("project", project)
                    .put("self_link", self);
            a.set("source_ranges", strings(ranges.toArray(String[]::new)));
            a.putNull("source_service_accounts");
            a.putNull("source_tags");
            a.putNull("target_service_accounts");
            a.set("target_tags", strings(svc.name()));
            a.putNull("timeouts");
            String address = g.iac()
                    .terraform(
                            env(project),
                            svc,
                            "google_compute_firewall",
                            name.replace('-', '_'),
                            "google",
                            1,
                            a,
                            List.of());
            return subject(
                    g,
                    svc,
                    "google_compute_firewall",
                    address,
                    "projects/" + project + "/global/firewalls/" + name,
                    name,
                    project,
                    "global",
                    m(
                            "ports",
                            String.join(",", ports),
                            "ranges",
                            String.join(",", ranges),
                            "firewallId",
                            r.digits(19)));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            List<String> ports = List.of(s.str("ports").split(","));
            List<String> ranges = List.of(s.str("ranges").split(","));
            Call restore = patch(g, s, ports, ranges);
            return switch (intent) {
                case MISCONFIGURE -> {
                    String admin = step == 0 ? "22" : "3389";
                    List<String> p = new ArrayList<>(ports);
                    p.add(admin);
                    yield change(
                            "tcp/" + admin + " opened to 0.0.0.0/0",
                            List.of(Effect.ADMIN_PORT_OPEN_TO_WORLD),
                            null,
                            patch(g, s, p, List.of("0.0.0.0/0")),
                            restore);
                }
                case EMERGENCY -> {
                    List<String> p = new ArrayList<>(ports);
                    p.add(step == 0 ? "8443" : "9443");
                    yield change(
                            "tcp/" + p.get(p.size() - 1) + " opened for failover",
                            List.of(Effect.INGRESS_WIDENED),
                            null,
                            patch(g, s, p, ranges),
                            restore);
                }
                case TROUBLESHOOT -> {
                    List<String> rr = new ArrayList<>(ranges);
                    rr.add(actor.ip() + "/32");
                    yield change(
                            "actor's own IP added to source ranges",
                            List.of(Effect.INGRESS_WIDENED),
                            null,
                            patch(g, s, ports, rr),
                            restore);
                }
                case TIGHTEN ->
                    change(
                            "source ranges narrowed from 0.0.0.0/0 to the load balancer ranges",
                            List.of(Effect.TIGHTENED),
                            null,
                            patch(g, s, ports, List.of("130.211.0.0/22", "35.191.0.0/16")),
                            restore);
                case NOOP ->
                    change(
                            "same ports and ranges, listed in another order",
                            List.of(),
                            null,
                            patch(g, s, reversed(ports), reversed(ranges)),
                            restore);
                default -> null;
            };
        }

        private static List<String> reversed(List<String> in) {
            List<String> out = new ArrayList<>(in);
            Collections.reverse(out);
            return out;
        }

        private Call patch(Gen g, Subject s, List<String> ports, List<String> ranges) {
            return (a, t, fail) -> {
                ObjectNode req = obj();
                req.put("@type", "type.googleapis.com/compute.firewalls.patch").put("name", s.name());
                ObjectNode allowed = req.putArray("alloweds").addObject();
                allowed.put("IPProtocol", "tcp");
                allowed.set("ports", strings(ports.toArray(String[]::new)));
                req.set("sourceRanges", strings(ranges.toArray(String[]::new)));
                return GcpAuditLogs.write(
                        g,
                        a,
                        t,
                        s.account(),
                        api(s, "v1.compute.firewalls.patch", "compute.firewalls.update"),
                        req,
                        null,
                        null,
                        fail);
            };
        }

        private static GcpAuditLogs.Api api(Subject s, String method, String permission) {
            return new GcpAuditLogs.Api(
                    "compute.googleapis.com",
                    method,
                    permission,
                    s.resourceId(),
                    "gce_firewall_rule",
                    obj().put("firewall_rule_id", s.str("firewallId")).put("project_id", s.account()),
                    true);
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            GcpAuditLogs.Api api = api(s, "v1.compute.firewalls.get", "compute.firewalls.get");
            return GcpAuditLogs.read(
                    g,
                    a,
                    t,
                    s.account(),
                    new GcpAuditLogs.Api(
                            api.service(),
                            api.method(),
                            api.permission(),
                            api.resourceName(),
                            api.resourceType(),
                            api.resourceLabels(),
                            false));
        }
    }

    // ---------------------------------------------------------------- instances

    static final class ComputeInstance extends Base {
        private static final String[][] LADDERS = {
            {"e2-standard-2", "e2-standard-4"},
            {"n2-standard-2", "n2-standard-4", "n2-standard-8"},
            {"n2-standard-4", "n2-standard-8", "n2-standard-16"}
        };

        public CatalogRow row() {
            return CatalogRow.GCP_COMPUTE_INSTANCE;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.EMERGENCY, Intent.TROUBLESHOOT, Intent.IGNORED, Intent.NOOP);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String project = project(g);
            String zone = r.pickOf("europe-west1-b", "europe-west1-c", "us-central1-a");
            String name = svc.name() + "-" + r.pickOf("vm", "worker", "indexer") + "-" + g.uid();
            String[] ladder = LADDERS[r.nextInt(LADDERS.length)];
            String id = "projects/" + project + "/zones/" + zone + "/instances/" + name;
            ObjectNode a = obj();
            a.putArray("advanced_machine_features");
            a.putNull("allow_stopping_for_update");
            a.putArray("attached_disk");
            ObjectNode boot = a.putArray("boot_disk").addObject();
            boot.put("auto_delete", true)
                    .put("device_name", "persistent-disk-0")
                    .put("disk_encryption_key_raw", "")
                    .put("disk_encryption_key_sha256", "");
            boot.putArray("initialize_params")
                    .addObject()
                    .put(
                            "image",
                            "https://www.googleapis.com/compute/v1/projects/debian-cloud/global/images/debian-12-bookworm-v20250212")
                    .put("size", 50)
                    .put("type", "pd-balanced")
                    .putObject("labels");
            boot.put("kms_key_self_link", "")
                    .put("mode", "READ_WRITE")
                    .put(
                            "source",
                            "https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + zone + "/disks/"
                                    + name);
            a.put("can_ip_forward", false)
                    .put("cpu_platform", "Intel Cascade Lake")
                    .put("current_status", "RUNNING")
                    .put("deletion_protection", true)
                    .put("description", "")
                    .putNull("desired_status")
                    .put("enable_display", false)
                    .put("hostname", "")
                    .put("id", id)
                    .put("instance_id", r.digits(19))
                    .put("label_fingerprint", r.lowerAlnum(11) + "=");
            a.set("labels", labels(svc));
            a.put("machine_type", ladder[0]);
            // Hardened like CIS GCP 4.5 asks: serial port access declared off, so turning it on is drift
            // (an undeclared metadata key never is, docs/design/taxonomy.md).
            a.putObject("metadata").put("enable-oslogin", "TRUE").put("serial-port-enable", "FALSE");
            a.put("metadata_fingerprint", r.lowerAlnum(11) + "=")
                    .put("metadata_startup_script", "")
                    .put("min_cpu_platform", "")
                    .put("name", name);
            ObjectNode nic = a.putArray("network_interface").addObject();
            nic.putArray("access_config");
            nic.put("name", "nic0")
                    .put(
                            "network",
                            "https://www.googleapis.com/compute/v1/projects/" + project + "/global/networks/prod-vpc")
                    .put("network_ip", "10.132." + r.between(0, 250) + "." + r.between(2, 250));
            a.put("project", project).put("self_link", "https://www.googleapis.com/compute/v1/" + id);
            a.putArray("service_account")
                    .addObject()
                    .put("email", svc.name() + "-vm@" + project + ".iam.gserviceaccount.com")
                    .set("scopes", strings("https://www.googleapis.com/auth/cloud-platform"));
            a.set("tags", strings(svc.name(), "allow-health-checks"));
            a.put("tags_fingerprint", r.lowerAlnum(11) + "=")
                    .putNull("timeouts")
                    .put("zone", zone);
            String address = g.iac()
                    .terraform(
                            env(project),
                            svc,
                            "google_compute_instance",
                            name.replace('-', '_'),
                            "google",
                            6,
                            a,
                            List.of());
            return subject(
                    g,
                    svc,
                    "google_compute_instance",
                    address,
                    id,
                    name,
                    project,
                    zone,
                    m(
                            "ladder",
                            String.join(",", ladder),
                            "zone",
                            zone,
                            "instanceId",
                            a.get("instance_id").asText()));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            String[] ladder = s.str("ladder").split(",");
            return switch (intent) {
                case EMERGENCY -> {
                    String to = ladder[Math.min(step + 1, ladder.length - 1)];
                    yield change(
                            "machine type " + ladder[0] + " -> " + to,
                            List.of(),
                            Prices.resize(ladder[0], to, 1),
                            machineType(g, s, to),
                            machineType(g, s, ladder[0]));
                }
                case MISCONFIGURE ->
                    change(
                            "machine type " + ladder[0] + " -> e2-micro",
                            List.of(),
                            Prices.resize(ladder[0], "e2-micro", 1),
                            machineType(g, s, "e2-micro"),
                            machineType(g, s, ladder[0]));
                case TROUBLESHOOT ->
                    change(
                            "serial port access enabled in metadata",
                            List.of(),
                            null,
                            metadata(g, s, true),
                            metadata(g, s, false));
                case IGNORED ->
                    change(
                            "label scan-schedule weekly -> daily (ignored)",
                            List.of(Effect.TAG_CHANGED),
                            null,
                            labels(g, s, "daily"),
                            labels(g, s, "weekly"));
                case NOOP ->
                    change(
                            "machine type set to its declared value",
                            List.of(),
                            null,
                            machineType(g, s, ladder[0]),
                            machineType(g, s, ladder[0]));
                default -> null;
            };
        }

        private GcpAuditLogs.Api api(Subject s, String method, String permission) {
            return new GcpAuditLogs.Api(
                    "compute.googleapis.com",
                    method,
                    permission,
                    s.resourceId(),
                    "gce_instance",
                    obj().put("instance_id", s.str("instanceId"))
                            .put("project_id", s.account())
                            .put("zone", s.str("zone")),
                    true);
        }

        private Call machineType(Gen g, Subject s, String type) {
            return (a, t, fail) -> {
                ObjectNode req = obj().put("@type", "type.googleapis.com/compute.instances.setMachineType")
                        .put(
                                "machineType",
                                "projects/" + s.account() + "/zones/" + s.str("zone") + "/machineTypes/" + type);
                return GcpAuditLogs.write(
                        g,
                        a,
                        t,
                        s.account(),
                        api(s, "v1.compute.instances.setMachineType", "compute.instances.setMachineType"),
                        req,
                        null,
                        null,
                        fail);
            };
        }

        /** Serial port access on or back off: the declared key {@code serial-port-enable} modified. */
        private Call metadata(Gen g, Subject s, boolean enable) {
            return (a, t, fail) -> {
                ObjectNode req = obj().put("@type", "type.googleapis.com/compute.instances.setMetadata")
                        .put("fingerprint", g.rng().lowerAlnum(11) + "=");
                ArrayNode items = req.putArray("items");
                items.addObject().put("key", "enable-oslogin").put("value", "TRUE");
                items.addObject().put("key", "serial-port-enable").put("value", enable ? "TRUE" : "FALSE");
                ObjectNode md = obj().put("@type", "type.googleapis.com/google.cloud.audit.GceInstanceAuditMetadata");
                md.putObject("instanceMetadataDelta").set("modifiedMetadataKeys", strings("serial-port-enable"));
                return GcpAuditLogs.write(
                        g,
                        a,
                        t,
                        s.account(),
                        api(s, "v1.compute.instances.setMetadata", "compute.instances.setMetadata"),
                        req,
                        null,
                        md,
                        fail);
            };
        }

        private Call labels(Gen g, Subject s, String scan) {
            return (a, t, fail) -> {
                ObjectNode req = obj().put("@type", "type.googleapis.com/compute.instances.setLabels")
                        .put("labelFingerprint", g.rng().lowerAlnum(11) + "=");
                ArrayNode labels = req.putArray("labels");
                labels(s.service())
                        .put("scan-schedule", scan)
                        .fields()
                        .forEachRemaining(e -> labels.addObject()
                                .put("key", e.getKey())
                                .put("value", e.getValue().asText()));
                return GcpAuditLogs.write(
                        g,
                        a,
                        t,
                        s.account(),
                        api(s, "v1.compute.instances.setLabels", "compute.instances.setLabels"),
                        req,
                        null,
                        null,
                        fail);
            };
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            GcpAuditLogs.Api api = api(s, "v1.compute.instances.get", "compute.instances.get");
            return GcpAuditLogs.read(
                    g,
                    a,
                    t,
                    s.account(),
                    new GcpAuditLogs.Api(
                            api.service(),
                            api.method(),
                            api.permission(),
                            api.resourceName(),
                            api.resourceType(),
                            api.resourceLabels(),
                            false));
        }
    }

    // ---------------------------------------------------------------- storage

    static final class StorageBucket extends Base {
        public CatalogRow row() {
            return CatalogRow.GCP_STORAGE_BUCKET;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.TIGHTEN, Intent.NOOP);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String project = project(g);
            boolean pub = intent == Intent.TIGHTEN;
            String name = "acme-" + svc.name() + (pub ? "-static" : "-" + r.pickOf("exports", "backups", "ml-data"))
                    + "-" + r.hex(5);
            ObjectNode a = obj();
            a.putArray("autoclass");
            a.putArray("cors");
            a.put("default_event_based_hold", false)
                    .put("enable_object_retention", false)
                    .putArray("encryption");
            a.put("force_destroy", false).put("id", name);
            a.set("labels", labels(svc));
            a.putArray("lifecycle_rule");
            a.put("location", "EU").putArray("logging");
            a.put("name", name)
                    .put("project", project)
                    .put("public_access_prevention", pub ? "inherited" : "enforced")
                    .put("requester_pays", false)
                    .put("rpo", "DEFAULT")
                    .put("self_link", "https://www.googleapis.com/storage/v1/b/" + name)
                    .put("storage_class", "STANDARD")
                    .put("uniform_bucket_level_access", true)
                    .put("url", "gs://" + name);
            a.putArray("versioning").addObject().put("enabled", true);
            a.putArray("website");
            String env = env(project);
            String address = g.iac()
                    .terraform(env, svc, "google_storage_bucket", name.replace('-', '_'), "google", 1, a, List.of());
            String member =
                    pub ? "allUsers" : "serviceAccount:" + svc.name() + "-app@" + project + ".iam.gserviceaccount.com";
            ObjectNode im = obj().put("bucket", "b/" + name);
            im.putArray("condition");
            im.put("etag", "CAE=")
                    .put("id", "b/" + name + "/roles/storage.objectViewer/" + member)
                    .put("member", member)
                    .put("role", "roles/storage.objectViewer");
            g.iac()
                    .terraform(
                            env,
                            svc,
                            "google_storage_bucket_iam_member",
                            name.replace('-', '_') + "_viewer",
                            "google",
                            0,
                            im,
                            List.of(address));
            return subject(
                    g,
                    svc,
                    "google_storage_bucket",
                    address,
                    "projects/_/buckets/" + name,
                    name,
                    project,
                    "eu",
                    m("member", member));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            String member = s.str("member");
            return switch (intent) {
                case MISCONFIGURE ->
                    member.equals("allUsers")
                            ? null
                            : change(
                                    (step == 0 ? "allUsers" : "allAuthenticatedUsers") + " granted objectViewer",
                                    List.of(Effect.STORAGE_PUBLIC),
                                    null,
                                    iam(g, s, "ADD", step == 0 ? "allUsers" : "allAuthenticatedUsers"),
                                    iam(g, s, "REMOVE", step == 0 ? "allUsers" : "allAuthenticatedUsers"));
                case TIGHTEN ->
                    member.equals("allUsers")
                            ? change(
                                    "allUsers removed from objectViewer",
                                    List.of(Effect.TIGHTENED),
                                    null,
                                    iam(g, s, "REMOVE", "allUsers"),
                                    iam(g, s, "ADD", "allUsers"))
                            : null;
                case NOOP ->
                    change(
                            "declared objectViewer binding written again",
                            List.of(),
                            null,
                            iam(g, s, "ADD", member),
                            iam(g, s, "ADD", member));
                default -> null;
            };
        }

        private Call iam(Gen g, Subject s, String action, String member) {
            return (a, t, fail) -> {
                ObjectNode sd = obj().put("@type", "type.googleapis.com/google.iam.v1.logging.AuditData");
                sd.putObject("policyDelta")
                        .putArray("bindingDeltas")
                        .addObject()
                        .put("action", action)
                        .put("role", "roles/storage.objectViewer")
                        .put("member", member);
                return GcpAuditLogs.write(
                        g,
                        a,
                        t,
                        s.account(),
                        api(s, "storage.setIamPermissions", "storage.buckets.setIamPolicy"),
                        null,
                        sd,
                        null,
                        fail);
            };
        }

        private GcpAuditLogs.Api api(Subject s, String method, String permission) {
            return new GcpAuditLogs.Api(
                    "storage.googleapis.com",
                    method,
                    permission,
                    s.resourceId(),
                    "gcs_bucket",
                    obj().put("bucket_name", s.name())
                            .put("project_id", s.account())
                            .put("location", "eu"),
                    false);
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            return GcpAuditLogs.read(
                    g,
                    a,
                    t,
                    s.account(),
                    api(s, g.rng().pickOf("storage.getIamPermissions", "storage.buckets.get"), "storage.buckets.get"));
        }
    }

    // ---------------------------------------------------------------- project IAM

    static final class ProjectIam extends Base {
        public CatalogRow row() {
            return CatalogRow.GCP_PROJECT_IAM;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.TIGHTEN);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            String project = project(g);
            String member = "serviceAccount:" + svc.name() + "-legacy-ci-" + g.uid() + "@" + project
                    + ".iam.gserviceaccount.com";
            ObjectNode a = obj();
            a.putArray("condition");
            a.put("etag", "BwYj" + g.rng().lowerAlnum(8) + "=")
                    .put("id", project + "/roles/editor/" + member)
                    .put("member", member)
                    .put("project", project)
                    .put("role", "roles/editor");
            String address = g.iac()
                    .terraform(
                            env(project),
                            svc,
                            "google_project_iam_member",
                            svc.name().replace('-', '_') + "_legacy_ci_editor_" + g.uid(),
                            "google",
                            0,
                            a,
                            List.of());
            return subject(
                    g,
                    svc,
                    "google_project_iam_member",
                    address,
                    "projects/" + project,
                    project,
                    project,
                    "global",
                    m("member", member));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            return switch (intent) {
                case MISCONFIGURE -> {
                    String member = "user:" + (actor.email() != null ? actor.email() : "contractor@gmail.com");
                    String role = step == 0 ? "roles/owner" : "roles/iam.securityAdmin";
                    yield change(
                            role + " granted to " + member,
                            List.of(Effect.ADMIN_ACCESS_GRANTED),
                            null,
                            setIam(g, s, "ADD", role, member),
                            setIam(g, s, "REMOVE", role, member));
                }
                case TIGHTEN ->
                    change(
                            "roles/editor removed from the legacy CI account",
                            List.of(Effect.TIGHTENED),
                            null,
                            setIam(g, s, "REMOVE", "roles/editor", s.str("member")),
                            setIam(g, s, "ADD", "roles/editor", s.str("member")));
                default -> null;
            };
        }

        private Call setIam(Gen g, Subject s, String action, String role, String member) {
            return (a, t, fail) -> {
                ObjectNode req = obj().put("@type", "type.googleapis.com/google.iam.v1.SetIamPolicyRequest")
                        .put("resource", s.account());
                ObjectNode policy = req.putObject("policy");
                ArrayNode bindings = policy.putArray("bindings");
                if (action.equals("ADD")) {
                    bindings.addObject().put("role", role).set("members", strings(member));
                }
                bindings.addObject()
                        .put("role", "roles/viewer")
                        .set("members", strings("group:platform-engineers@acme-corp.com"));
                policy.put("etag", "BwYj" + g.rng().lowerAlnum(8) + "=");
                ObjectNode sd = obj().put("@type", "type.googleapis.com/google.iam.v1.logging.AuditData");
                sd.putObject("policyDelta")
                        .putArray("bindingDeltas")
                        .addObject()
                        .put("action", action)
                        .put("role", role)
                        .put("member", member);
                GcpAuditLogs.Api api = new GcpAuditLogs.Api(
                        "cloudresourcemanager.googleapis.com",
                        "SetIamPolicy",
                        "resourcemanager.projects.setIamPolicy",
                        s.resourceId(),
                        "project",
                        obj().put("project_id", s.account()),
                        false);
                return GcpAuditLogs.write(g, a, t, s.account(), api, req, sd, null, fail);
            };
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            return GcpAuditLogs.read(
                    g,
                    a,
                    t,
                    s.account(),
                    new GcpAuditLogs.Api(
                            "cloudresourcemanager.googleapis.com",
                            "GetIamPolicy",
                            "resourcemanager.projects.getIamPolicy",
                            s.resourceId(),
                            "project",
                            obj().put("project_id", s.account()),
                            false));
        }
    }

    // ---------------------------------------------------------------- Cloud SQL

    static final class CloudSql extends Base {
        private static final String[] LADDER = {"db-custom-2-7680", "db-custom-4-15360", "db-custom-8-30720"};

        public CatalogRow row() {
            return CatalogRow.GCP_CLOUDSQL_INSTANCE;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.EMERGENCY, Intent.NOOP);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String project = project(g);
            String name = svc.name() + "-pg-" + r.hex(4);
            ObjectNode a = obj();
            a.putNull("clone");
            a.put("connection_name", project + ":europe-west1:" + name)
                    .put("database_version", "POSTGRES_16")
                    .put("deletion_protection", true)
                    .put("encryption_key_name", "")
                    .put("first_ip_address", "")
                    .put("id", name)
                    .put("instance_type", "CLOUD_SQL_INSTANCE")
                    .put("maintenance_version", "")
                    .put("name", name)
                    .put("project", project)
                    .put("region", "europe-west1")
                    .put(
                            "self_link",
                            "https://sqladmin.googleapis.com/sql/v1beta4/projects/" + project + "/instances/" + name)
                    .put(
                            "service_account_email_address",
                            "p" + r.digits(12) + "-" + r.lowerAlnum(6) + "@gcp-sa-cloud-sql.iam.gserviceaccount.com");
            ObjectNode st = a.putArray("settings").addObject();
            st.put("activation_policy", "ALWAYS").put("availability_type", "REGIONAL");
            ObjectNode backup = st.putArray("backup_configuration").addObject();
            backup.putArray("backup_retention_settings")
                    .addObject()
                    .put("retained_backups", 7)
                    .put("retention_unit", "COUNT");
            backup.put("binary_log_enabled", false)
                    .put("enabled", true)
                    .put("location", "eu")
                    .put("point_in_time_recovery_enabled", true)
                    .put("start_time", "02:00")
                    .put("transaction_log_retention_days", 7);
            st.put("deletion_protection_enabled", true)
                    .put("disk_autoresize", true)
                    .put("disk_size", 100)
                    .put("disk_type", "PD_SSD")
                    .put("edition", "ENTERPRISE");
            ObjectNode ip = st.putArray("ip_configuration").addObject();
            ip.putArray("authorized_networks");
            ip.put("ipv4_enabled", false)
                    .put("private_network", "projects/" + project + "/global/networks/prod-vpc")
                    .put("ssl_mode", "ENCRYPTED_ONLY");
            st.put("tier", LADDER[0]);
            st.set("user_labels", labels(svc));
            String address = g.iac()
                    .terraform(
                            env(project),
                            svc,
                            "google_sql_database_instance",
                            "main_" + g.uid(),
                            "google",
                            0,
                            a,
                            List.of());
            return subject(
                    g,
                    svc,
                    "google_sql_database_instance",
                    address,
                    "projects/" + project + "/instances/" + name,
                    name,
                    project,
                    "europe-west1",
                    m());
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            return switch (intent) {
                case EMERGENCY -> {
                    String to = LADDER[Math.min(step + 1, LADDER.length - 1)];
                    ObjectNode up = obj().put("tier", to);
                    yield change(
                            "tier " + LADDER[0] + " -> " + to,
                            List.of(),
                            Prices.resize(LADDER[0], to, 2),
                            patch(g, s, up),
                            patch(g, s, obj().put("tier", LADDER[0])));
                }
                case MISCONFIGURE -> {
                    if ((step + g.rng().nextInt(2)) % 2 == 0) {
                        ObjectNode off = obj();
                        off.putObject("backupConfiguration")
                                .put("enabled", false)
                                .put("pointInTimeRecoveryEnabled", false);
                        ObjectNode on = obj();
                        on.putObject("backupConfiguration")
                                .put("enabled", true)
                                .put("pointInTimeRecoveryEnabled", true);
                        yield change(
                                "automated backups disabled",
                                List.of(Effect.BACKUP_RETENTION_LOWERED),
                                null,
                                patch(g, s, off),
                                patch(g, s, on));
                    }
                    ObjectNode open = obj();
                    ObjectNode ipc = open.putObject("ipConfiguration").put("ipv4Enabled", true);
                    ipc.putArray("authorizedNetworks")
                            .addObject()
                            .put("value", "0.0.0.0/0")
                            .put("name", "anywhere")
                            .put("kind", "sql#aclEntry");
                    ObjectNode closed = obj();
                    closed.putObject("ipConfiguration")
                            .put("ipv4Enabled", false)
                            .putArray("authorizedNetworks");
                    yield change(
                            "public IP with authorized network 0.0.0.0/0",
                            List.of(Effect.ADMIN_PORT_OPEN_TO_WORLD),
                            null,
                            patch(g, s, open),
                            patch(g, s, closed));
                }
                case NOOP ->
                    change(
                            "tier set to its declared value",
                            List.of(),
                            null,
                            patch(g, s, obj().put("tier", LADDER[0])),
                            patch(g, s, obj().put("tier", LADDER[0])));
                default -> null;
            };
        }

        private Call patch(Gen g, Subject s, ObjectNode settings) {
            return (a, t, fail) -> {
                ObjectNode req = obj().put(
                                "@type", "type.googleapis.com/google.cloud.sql.v1beta4.SqlInstancesPatchRequest")
                        .put("project", s.account())
                        .put("instance", s.name());
                req.putObject("body").set("settings", settings.deepCopy());
                return GcpAuditLogs.write(
                        g,
                        a,
                        t,
                        s.account(),
                        api(s, "cloudsql.instances.patch", "cloudsql.instances.update", true),
                        req,
                        null,
                        null,
                        fail);
            };
        }

        private GcpAuditLogs.Api api(Subject s, String method, String permission, boolean longRunning) {
            return new GcpAuditLogs.Api(
                    "cloudsql.googleapis.com",
                    method,
                    permission,
                    "instances/" + s.name(),
                    "cloudsql_database",
                    obj().put("database_id", s.account() + ":" + s.name())
                            .put("project_id", s.account())
                            .put("region", "europe-west1"),
                    longRunning);
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            return GcpAuditLogs.read(
                    g, a, t, s.account(), api(s, "cloudsql.instances.get", "cloudsql.instances.get", false));
        }
    }

    // ---------------------------------------------------------------- managed instance groups

    static final class InstanceGroupManager extends Base {
        public CatalogRow row() {
            return CatalogRow.GCP_INSTANCE_GROUP_MANAGER;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.AUTOMATE, Intent.EMERGENCY);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String project = project(g);
            boolean regional = r.chance(0.3);
            String location = regional ? "europe-west1" : "europe-west1-b";
            String name = svc.name() + "-mig-" + g.uid();
            int size = r.between(2, 5);
            String scope = regional ? "regions/" + location : "zones/" + location;
            String id = "projects/" + project + "/" + scope + "/instanceGroupManagers/" + name;
            ObjectNode a = obj();
            a.put("base_instance_name", svc.name())
                    .put("creation_timestamp", "2024-11-02T08:11:09.512-07:00")
                    .put("description", "")
                    .put("fingerprint", r.lowerAlnum(11) + "=")
                    .put("id", id)
                    .put(
                            "instance_group",
                            "https://www.googleapis.com/compute/v1/projects/" + project + "/" + scope
                                    + "/instanceGroups/" + name)
                    .put("name", name);
            a.putArray("named_port").addObject().put("name", "http").put("port", 8080);
            a.put("project", project)
                    .put("self_link", "https://www.googleapis.com/compute/v1/" + id)
                    .put("target_size", size)
                    .put("wait_for_instances", false);
            a.putArray("version")
                    .addObject()
                    .put(
                            "instance_template",
                            "https://www.googleapis.com/compute/v1/projects/" + project + "/global/instanceTemplates/"
                                    + svc.name() + "-tpl-v12")
                    .put("name", "primary");
            a.put(regional ? "region" : "zone", location);
            String type =
                    regional ? "google_compute_region_instance_group_manager" : "google_compute_instance_group_manager";
            String address =
                    g.iac().terraform(env(project), svc, type, name.replace('-', '_'), "google", 0, a, List.of());
            return subject(
                    g,
                    svc,
                    type,
                    address,
                    id,
                    name,
                    project,
                    location,
                    m("size", size, "regional", regional, "igmId", r.digits(19)));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            int size = s.num("size");
            return switch (intent) {
                case AUTOMATE ->
                    new Change(
                            "target size " + size + " -> " + (size + 2 + step) + " by the autoscaler",
                            List.of(),
                            Prices.recount("n2-standard-2", size, size + 2 + step),
                            g.world().gcpAutoscaler(),
                            resize(g, s, size + 2 + step),
                            resize(g, s, size));
                case EMERGENCY ->
                    change(
                            "target size " + size + " -> " + (size * 3),
                            List.of(),
                            Prices.recount("n2-standard-2", size, size * 3),
                            resize(g, s, size * 3),
                            resize(g, s, size));
                default -> null;
            };
        }

        private Call resize(Gen g, Subject s, int size) {
            boolean regional = Boolean.TRUE.equals(s.props().get("regional"));
            String method = regional
                    ? "v1.compute.regionInstanceGroupManagers.resize"
                    : "v1.compute.instanceGroupManagers.resize";
            return (a, t, fail) -> {
                ObjectNode req = obj().put(
                                "@type",
                                "type.googleapis.com/compute."
                                        + (regional ? "regionInstanceGroupManagers" : "instanceGroupManagers")
                                        + ".resize")
                        .put("size", size);
                return GcpAuditLogs.write(g, a, t, s.account(), api(s, method, true), req, null, null, fail);
            };
        }

        private GcpAuditLogs.Api api(Subject s, String method, boolean lro) {
            return new GcpAuditLogs.Api(
                    "compute.googleapis.com",
                    method,
                    "compute.instanceGroupManagers.update",
                    s.resourceId(),
                    "gce_instance_group_manager",
                    obj().put("instance_group_manager_id", s.str("igmId"))
                            .put("instance_group_manager_name", s.name())
                            .put("location", s.region())
                            .put("project_id", s.account()),
                    lro);
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            return GcpAuditLogs.read(g, a, t, s.account(), api(s, "v1.compute.instanceGroupManagers.get", false));
        }
    }
}
