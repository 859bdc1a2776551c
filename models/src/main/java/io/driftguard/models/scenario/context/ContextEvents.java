package io.driftguard.models.scenario.context;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.ingest.Sources;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.driver.Gen;
import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.random.StableIds;
import io.driftguard.models.scenario.world.Actor;
import io.driftguard.models.scenario.world.Service;
import io.driftguard.models.scenario.world.World;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Context records: Git push webhooks (GitHub, GitLab), PagerDuty V3 incident webhooks, Jira issue
 * webhooks, Alertmanager v4 webhooks and GuardDuty findings as EventBridge events.
 */
public final class ContextEvents {

    private static final DateTimeFormatter JIRA_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private ContextEvents() {}

    // ---- Git ----

    /** A GitHub push of one commit to main touching {@code paths} (modified). */
    public static Emitted githubPush(Gen g, Actor author, Instant t, String message, List<String> modified) {
        Rng rng = g.rng();
        String before = rng.hex(40);
        String after = rng.hex(40);
        String delivery = rng.uuid();
        ObjectNode p = IacModel.obj();
        p.put("ref", "refs/heads/main")
                .put("before", before)
                .put("after", after)
                .put("created", false)
                .put("deleted", false)
                .put("forced", false)
                .putNull("base_ref")
                .put(
                        "compare",
                        "https://github.com/" + World.GITHUB_REPO + "/compare/" + before.substring(0, 12) + "..."
                                + after.substring(0, 12));
        ObjectNode commit = IacModel.obj();
        commit.put("id", after)
                .put("tree_id", rng.hex(40))
                .put("distinct", true)
                .put("message", message)
                .put("timestamp", t.truncatedTo(ChronoUnit.SECONDS).toString())
                .put("url", "https://github.com/" + World.GITHUB_REPO + "/commit/" + after);
        String login = author.name().replace('.', '-');
        commit.putObject("author")
                .put("name", displayName(author))
                .put("email", author.email())
                .put("username", login);
        commit.putObject("committer")
                .put("name", "GitHub")
                .put("email", "noreply@github.com")
                .put("username", "web-flow");
        commit.putArray("added");
        commit.putArray("removed");
        ArrayNode mod = commit.putArray("modified");
        modified.forEach(mod::add);
        p.putArray("commits").add(commit);
        p.set("head_commit", commit.deepCopy());
        ObjectNode repo = p.putObject("repository");
        repo.put("id", 482_019_337)
                .put("node_id", "R_kgDOHLs3CQ")
                .put("name", "infrastructure")
                .put("full_name", World.GITHUB_REPO)
                .put("private", true);
        repo.putObject("owner")
                .put("name", "acme-corp")
                .put("login", "acme-corp")
                .put("id", 91_224_008)
                .put("type", "Organization");
        repo.put("html_url", "https://github.com/" + World.GITHUB_REPO)
                .put("default_branch", "main")
                .put("master_branch", "main")
                .put("pushed_at", t.getEpochSecond())
                .put("created_at", 1_618_000_000L)
                .put("updated_at", "2025-01-14T09:12:44Z");
        p.putObject("pusher").put("name", login).put("email", author.email());
        p.putObject("organization").put("login", "acme-corp").put("id", 91_224_008);
        p.putObject("sender")
                .put("login", login)
                .put("id", 40_000_000 + Math.floorMod(login.hashCode(), 9_000_000))
                .put("type", "User")
                .put("site_admin", false);
        ObjectNode line = IacModel.obj();
        line.put("event", "push").put("delivery", delivery);
        line.set("payload", p);
        return new Emitted(Sources.GITHUB, t, delivery, null, line);
    }

    /** A GitLab Push Hook of one commit to main. */
    public static Emitted gitlabPush(Gen g, Actor author, Instant t, String message, List<String> modified) {
        Rng rng = g.rng();
        String before = rng.hex(40);
        String after = rng.hex(40);
        ObjectNode p = IacModel.obj();
        p.put("object_kind", "push")
                .put("event_name", "push")
                .put("before", before)
                .put("after", after)
                .put("ref", "refs/heads/main")
                .put("ref_protected", true)
                .put("checkout_sha", after)
                .put("user_id", 100 + Math.floorMod(author.name().hashCode(), 800))
                .put("user_name", displayName(author))
                .put("user_username", author.name().replace('.', '_'))
                .put("user_email", author.email())
                .put("project_id", 4187);
        p.putObject("project")
                .put("id", 4187)
                .put("name", "k8s-manifests")
                .put("web_url", "https://gitlab.acme-corp.com/" + World.GITLAB_PROJECT)
                .put("path_with_namespace", World.GITLAB_PROJECT)
                .put("default_branch", "main");
        ObjectNode c = p.putArray("commits").addObject();
        c.put("id", after)
                .put("message", message)
                .put("title", message.lines().findFirst().orElse(message))
                .put(
                        "timestamp",
                        t.truncatedTo(ChronoUnit.SECONDS)
                                .atOffset(ZoneOffset.UTC)
                                .toString())
                .put("url", "https://gitlab.acme-corp.com/" + World.GITLAB_PROJECT + "/-/commit/" + after);
        c.putObject("author").put("name", displayName(author)).put("email", author.email());
        c.putArray("added");
        ArrayNode mod = c.putArray("modified");
        modified.forEach(mod::add);
        c.putArray("removed");
        p.put("total_commits_count", 1);
        p.putObject("repository")
                .put("name", "k8s-manifests")
                .put("url", "git@gitlab.acme-corp.com:" + World.GITLAB_PROJECT + ".git")
                .put("homepage", "https://gitlab.acme-corp.com/" + World.GITLAB_PROJECT);
        ObjectNode line = IacModel.obj();
        line.put("event", "Push Hook").put("delivery", rng.uuid());
        line.set("payload", p);
        return new Emitted(Sources.GITLAB, t, after, null, line);
    }

    // ---- PagerDuty ----

    /** Incident ids stay stable across the triggered, acknowledged and resolved webhooks of one incident. */
    public record PdIncident(String id, int number, String title, String urgency, Service service, Actor responder) {}

    public static Emitted pagerduty(Gen g, PdIncident inc, String eventType, Instant t) {
        Rng rng = g.rng();
        ObjectNode e = IacModel.obj();
        ObjectNode ev = e.putObject("event");
        String eventId = "01" + rng.upperAlnum(24);
        ev.put("id", eventId)
                .put("event_type", eventType)
                .put("resource_type", "incident")
                .put("occurred_at", t.truncatedTo(ChronoUnit.MILLIS).toString());
        if (eventType.equals("incident.triggered")) {
            ev.putNull("agent");
            ev.putObject("client").put("name", "Prometheus Alertmanager");
        } else {
            ObjectNode agent = ev.putObject("agent");
            String uid = "P" + StableIds.base32(inc.responder().name(), 6);
            agent.put("html_url", "https://acme-corp.pagerduty.com/users/" + uid)
                    .put("id", uid)
                    .put("self", "https://api.pagerduty.com/users/" + uid)
                    .put("summary", displayName(inc.responder()))
                    .put("type", "user_reference");
            ev.putNull("client");
        }
        ObjectNode d = ev.putObject("data");
        d.put("id", inc.id())
                .put("type", "incident")
                .put("self", "https://api.pagerduty.com/incidents/" + inc.id())
                .put("html_url", "https://acme-corp.pagerduty.com/incidents/" + inc.id())
                .put("number", inc.number())
                .put("status", eventType.substring("incident.".length()))
                .put("incident_key", rng.hex(32))
                .put("created_at", t.truncatedTo(ChronoUnit.SECONDS).toString())
                .put("title", inc.title());
        ObjectNode svc = d.putObject("service");
        svc.put(
                        "html_url",
                        "https://acme-corp.pagerduty.com/service-directory/"
                                + inc.service().pagerdutyServiceId())
                .put("id", inc.service().pagerdutyServiceId())
                .put(
                        "self",
                        "https://api.pagerduty.com/services/" + inc.service().pagerdutyServiceId())
                .put("summary", inc.service().pagerdutyService())
                .put("type", "service_reference");
        ArrayNode assignees = d.putArray("assignees");
        if (!eventType.equals("incident.resolved")) {
            String uid = "P" + StableIds.base32(inc.responder().name(), 6);
            assignees
                    .addObject()
                    .put("html_url", "https://acme-corp.pagerduty.com/users/" + uid)
                    .put("id", uid)
                    .put("self", "https://api.pagerduty.com/users/" + uid)
                    .put("summary", displayName(inc.responder()))
                    .put("type", "user_reference");
        }
        String ep = "P" + StableIds.base32(inc.service().team(), 6);
        d.putObject("escalation_policy")
                .put("html_url", "https://acme-corp.pagerduty.com/escalation_policies/" + ep)
                .put("id", ep)
                .put("self", "https://api.pagerduty.com/escalation_policies/" + ep)
                .put("summary", inc.service().team() + " on-call")
                .put("type", "escalation_policy_reference");
        d.putArray("teams");
        if (inc.urgency().equals("high")) {
            d.putObject("priority")
                    .put("html_url", "https://acme-corp.pagerduty.com/account/incident_priorities")
                    .put("id", "PSO75BM")
                    .put("self", "https://api.pagerduty.com/priorities/PSO75BM")
                    .put("summary", "P1")
                    .put("type", "priority");
        } else {
            d.putNull("priority");
        }
        d.put("urgency", inc.urgency()).putNull("conference_bridge");
        if (eventType.equals("incident.resolved")) {
            d.putNull("resolve_reason");
        } else {
            d.putNull("resolve_reason");
        }
        return new Emitted(Sources.PAGERDUTY, t, eventId, null, e);
    }

    // ---- Jira ----

    public record JiraIssue(
            String id,
            String key,
            String summary,
            String type,
            String priority,
            List<String> labels,
            Service service,
            Actor reporter,
            Instant created) {}

    public static Emitted jira(
            Gen g, JiraIssue issue, String webhookEvent, Instant t, String fromStatus, String toStatus) {
        ObjectNode e = IacModel.obj();
        e.put("timestamp", t.toEpochMilli())
                .put("webhookEvent", webhookEvent)
                .put(
                        "issue_event_type_name",
                        webhookEvent.equals("jira:issue_created") ? "issue_created" : "issue_generic");
        e.set("user", jiraUser(issue.reporter()));
        ObjectNode is = e.putObject("issue");
        is.put("id", issue.id())
                .put("self", "https://jira.acme-corp.com/rest/api/2/issue/" + issue.id())
                .put("key", issue.key());
        ObjectNode f = is.putObject("fields");
        ObjectNode type = f.putObject("issuetype");
        type.put("self", "https://jira.acme-corp.com/rest/api/2/issuetype/" + typeId(issue.type()))
                .put("id", typeId(issue.type()))
                .put("name", issue.type())
                .put("subtask", false);
        ObjectNode comp = f.putArray("components").addObject();
        comp.put(
                        "self",
                        "https://jira.acme-corp.com/rest/api/2/component/"
                                + (10_100 + Math.floorMod(issue.service().name().hashCode(), 800)))
                .put(
                        "id",
                        String.valueOf(
                                10_100 + Math.floorMod(issue.service().name().hashCode(), 800)))
                .put("name", issue.service().jiraComponent());
        ObjectNode project = f.putObject("project");
        project.put(
                        "self",
                        "https://jira.acme-corp.com/rest/api/2/project/"
                                + issue.service().jiraProject())
                .put(
                        "id",
                        String.valueOf(10_000
                                + Math.floorMod(issue.service().jiraProject().hashCode(), 90)))
                .put("key", issue.service().jiraProject())
                .put("name", issue.service().team());
        f.put("summary", issue.summary());
        f.put(
                "description",
                issue.summary() + ". Raised from the " + issue.service().name() + " runbook.");
        f.putNull("resolution");
        f.put("created", JIRA_TIME.format(issue.created())).put("updated", JIRA_TIME.format(t));
        ObjectNode pr = f.putObject("priority");
        pr.put("self", "https://jira.acme-corp.com/rest/api/2/priority/" + priorityId(issue.priority()))
                .put("name", issue.priority())
                .put("id", priorityId(issue.priority()));
        ArrayNode labels = f.putArray("labels");
        issue.labels().forEach(labels::add);
        f.set("reporter", jiraUser(issue.reporter()));
        f.set("creator", jiraUser(issue.reporter()));
        f.putNull("assignee");
        String status = toStatus == null ? "Open" : toStatus;
        f.putObject("status").put("name", status).put("id", statusId(status));
        if (fromStatus != null) {
            ObjectNode cl = e.putObject("changelog");
            cl.put("id", String.valueOf(20_000 + (t.getEpochSecond() % 70_000)));
            cl.putArray("items")
                    .addObject()
                    .put("field", "status")
                    .put("fieldtype", "jira")
                    .put("from", statusId(fromStatus))
                    .put("fromString", fromStatus)
                    .put("to", statusId(toStatus))
                    .put("toString", toStatus);
        }
        return new Emitted(Sources.JIRA, t, issue.key() + "@" + t.toEpochMilli(), null, e);
    }

    private static ObjectNode jiraUser(Actor a) {
        ObjectNode u = IacModel.obj();
        String name = a.name();
        u.put("self", "https://jira.acme-corp.com/rest/api/2/user?username=" + name)
                .put("name", name)
                .put("key", name)
                .put("emailAddress", a.email())
                .put("displayName", displayName(a))
                .put("active", true)
                .put("timeZone", "Etc/UTC");
        return u;
    }

    private static String typeId(String type) {
        return switch (type) {
            case "Incident" -> "10004";
            case "Bug" -> "10002";
            case "Task" -> "10003";
            default -> "10001";
        };
    }

    private static String priorityId(String p) {
        return switch (p) {
            case "Highest" -> "1";
            case "High" -> "2";
            case "Medium" -> "3";
            case "Low" -> "4";
            default -> "5";
        };
    }

    private static String statusId(String s) {
        return switch (s) {
            case "Open" -> "1";
            case "In Progress" -> "3";
            case "Done" -> "10001";
            default -> "10000";
        };
    }

    // ---- Alertmanager ----

    public static Emitted alert(
            Gen g,
            Service service,
            String alertname,
            String severity,
            String summary,
            Instant startsAt,
            Instant resolvedAt,
            Instant t) {
        Rng rng = g.rng();
        boolean resolved = resolvedAt != null;
        ObjectNode p = IacModel.obj();
        p.put("receiver", service.team() + "-pager").put("status", resolved ? "resolved" : "firing");
        ObjectNode a = p.putArray("alerts").addObject();
        a.put("status", resolved ? "resolved" : "firing");
        ObjectNode labels = a.putObject("labels");
        labels.put("alertname", alertname)
                .put("service", service.name())
                .put("severity", severity)
                .put("namespace", service.namespace())
                .put("cluster", service.cluster());
        a.putObject("annotations")
                .put("summary", summary)
                .put("runbook_url", "https://runbooks.acme-corp.com/" + service.name() + "/" + alertname);
        a.put("startsAt", startsAt.toString())
                .put("endsAt", resolved ? resolvedAt.toString() : "0001-01-01T00:00:00Z")
                .put(
                        "generatorURL",
                        "https://prometheus." + service.cluster() + ".acme-corp.com/graph?g0.expr=" + alertname)
                .put("fingerprint", StableIds.hex(service.name() + alertname + startsAt, 16));
        p.putObject("groupLabels").put("alertname", alertname);
        p.set("commonLabels", labels.deepCopy());
        p.set("commonAnnotations", a.get("annotations").deepCopy());
        p.put("externalURL", "https://alertmanager." + service.cluster() + ".acme-corp.com")
                .put("version", "4")
                .put("groupKey", "{}/{severity=~\"critical|warning\"}:{alertname=\"" + alertname + "\"}")
                .put("truncatedAlerts", 0);
        return new Emitted(
                Sources.ALERTMANAGER, t, a.get("fingerprint").asText() + (resolved ? "/resolved" : "/firing"), null, p);
    }

    // ---- GuardDuty ----

    /** A GuardDuty finding delivered as an EventBridge event; {@code resource} is the finding's resource block. */
    public static Emitted guardDuty(
            Gen g,
            Instant t,
            String account,
            String region,
            String type,
            double severity,
            String title,
            ObjectNode resource) {
        Rng rng = g.rng();
        String detector = StableIds.hex(account + region + "detector", 32);
        String findingId = rng.hex(32);
        ObjectNode e = IacModel.obj();
        e.put("version", "0")
                .put("id", rng.uuid())
                .put("detail-type", "GuardDuty Finding")
                .put("source", "aws.guardduty")
                .put("account", account)
                .put("time", t.truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", region);
        e.putArray("resources");
        ObjectNode d = e.putObject("detail");
        d.put("schemaVersion", "2.0")
                .put("accountId", account)
                .put("region", region)
                .put("partition", "aws")
                .put("id", findingId)
                .put(
                        "arn",
                        "arn:aws:guardduty:" + region + ":" + account + ":detector/" + detector + "/finding/"
                                + findingId)
                .put("type", type);
        d.set("resource", resource);
        ObjectNode svc = d.putObject("service");
        svc.put("serviceName", "guardduty")
                .put("detectorId", detector)
                .put("archived", false)
                .put("count", rng.between(1, 40))
                .put(
                        "eventFirstSeen",
                        t.minusSeconds(rng.between(120, 1800))
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString())
                .put(
                        "eventLastSeen",
                        t.minusSeconds(rng.between(5, 100))
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString())
                .put("resourceRole", "TARGET");
        svc.putObject("additionalInfo").put("value", "{}").put("type", "default");
        d.put("severity", severity)
                .put(
                        "createdAt",
                        t.minusSeconds(40).truncatedTo(ChronoUnit.MILLIS).toString())
                .put("updatedAt", t.truncatedTo(ChronoUnit.MILLIS).toString())
                .put("title", title)
                .put("description", title + ". Investigate the resource and rotate credentials if needed.");
        return new Emitted(Sources.AWS_EVENTBRIDGE, t, findingId, null, e);
    }

    static String displayName(Actor a) {
        String[] parts = a.name().split("[.-]");
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty()) {
                b.append(b.length() == 0 ? "" : " ")
                        .append(Character.toUpperCase(p.charAt(0)))
                        .append(p.substring(1));
            }
        }
        return b.toString();
    }
}
