package io.driftguard.models.scenario.cases;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.models.scenario.context.ContextEvents;
import io.driftguard.models.scenario.driver.CatalogRow;
import io.driftguard.models.scenario.driver.Change;
import io.driftguard.models.scenario.driver.Driver;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.driver.Gen;
import io.driftguard.models.scenario.driver.Intent;
import io.driftguard.models.scenario.driver.Subject;
import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.label.Effect;
import io.driftguard.models.scenario.label.Expect;
import io.driftguard.models.scenario.label.Label;
import io.driftguard.models.scenario.label.LabelPolicy;
import io.driftguard.models.scenario.label.Sizing;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.random.StableIds;
import io.driftguard.models.scenario.world.Actor;
import io.driftguard.models.scenario.world.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a {@link CaseSpec} into native records and its label(s). Each family's timeline follows
 * docs/design/taxonomy.md's definitions with margins, so that the label is the only reasonable reading: an
 * emergency change falls well inside its incident, a troubleshooter's reads fall well inside 30
 * minutes, a configuration error has no context at all on its service.
 */
public final class Scenarios {

    /** A case's records and its labels, which are finished once the end of the run is known. */
    public record Built(
            List<Emitted> events,
            List<Function<Instant, Label>> labels,
            List<String> ignoreRuleResources,
            Subject subject) {}

    private Scenarios() {}

    /** One case on its own, as if it were the only case of its data set. */
    public static Built build(Gen g, CaseSpec spec) {
        return build(g, spec, new Ledger());
    }

    /** One case of a data set whose cases share {@code ledger} (Jira keys, incident windows). */
    public static Built build(Gen g, CaseSpec spec, Ledger ledger) {
        return new Scenarios.Run(g, spec, ledger).run();
    }

    private static final class Run {
        private final Gen g;
        private final Rng r;
        private final CaseSpec spec;
        private final Ledger ledger;
        private final List<Emitted> events = new ArrayList<>();
        private final List<Function<Instant, Label>> labels = new ArrayList<>();
        private final List<String> ignored = new ArrayList<>();
        private final Set<String> context = new LinkedHashSet<>();

        Run(Gen g, CaseSpec spec, Ledger ledger) {
            this.g = g;
            this.r = g.rng();
            this.spec = spec;
            this.ledger = ledger;
        }

        private Instant at(Instant base, int minMinutes, int maxMinutes) {
            return base.plusSeconds(r.between(minMinutes * 60, maxMinutes * 60));
        }

        private List<String> emit(List<Emitted> out) {
            List<String> ids = new ArrayList<>();
            for (Emitted e : out) {
                events.add(e);
                if (!ids.contains(e.eventId())) {
                    ids.add(e.eventId());
                }
            }
            return ids;
        }

        private void ctx(Emitted e) {
            events.add(e);
            context.add(e.eventId());
        }

        private void reads(Subject s, Actor a, Instant before, int count) {
            for (int i = 0; i < count; i++) {
                emit(spec.driver().read(g, s, a, before.minusSeconds(r.between(4 * 60, 24 * 60))));
            }
        }

        Built run() {
            Family f = spec.family();
            Driver d = spec.driver();
            Instant t0 = spec.slotStart().plusSeconds(r.between(10 * 60, 30 * 60));
            Gen declareIn = f == Family.UNMANAGED_RESOURCE ? new Gen(r, g.world(), new IacModel(r, t0), g.uid()) : g;
            Intent intent = f.intent() != null ? f.intent() : anyMutatingIntent(d);
            Subject s = d.declare(declareIn, spec.service(), spec.iac(), intent);
            Actor human = r.pick(g.world().engineers());
            switch (f) {
                case EMERGENCY_FIX -> emergency(s, human, t0);
                case MANUAL_TROUBLESHOOTING -> troubleshooting(s, human, t0);
                case SECURITY_RESPONSE -> security(s, t0);
                case CONFIGURATION_ERROR -> configurationError(s, t0);
                case AUTOMATED_RESPONSE -> automated(s, t0);
                case DEPLOY_THEN_RESTORE -> deployThenRestore(s, human, t0);
                case DEPLOY_IDENTITY -> deploy(s, intent, t0);
                case FAILED_CALL -> notDrift(s, d.change(g, s, intent, 0, human), human, t0, true, "failed call");
                case READ_ONLY -> {
                    List<String> ids = new ArrayList<>();
                    Actor reader = r.chance(0.5) ? human : r.pick(g.world().securityPeople());
                    for (int i = 0; i < r.between(3, 6); i++) {
                        ids.addAll(emit(d.read(g, s, reader, at(t0, i * 3, i * 3 + 2))));
                    }
                    label(s, Expect.NOT_DRIFT, ids, reader, t0, "read-only calls");
                }
                case NOOP_EQUIVALENT, UNDECLARED_ATTRIBUTE, IGNORED_BY_RULE -> {
                    if (f == Family.IGNORED_BY_RULE && s.row() == CatalogRow.K8S_WORKLOADS) {
                        ignored.add(s.resourceId());
                    }
                    notDrift(s, d.change(g, s, intent, 0, human), human, t0, false, f.id());
                }
                case UNMANAGED_RESOURCE -> {
                    Change c = d.change(g, s, intent, 0, human);
                    List<String> ids = emit(c.apply().emit(actorFor(c, human), t0, false));
                    label(s, Expect.UNMANAGED, ids, actorFor(c, human), t0, "resource no IaC declares: " + c.summary());
                }
                default -> throw new IllegalStateException(f.name());
            }
            return new Built(events, labels, ignored, s);
        }

        private static Intent anyMutatingIntent(Driver d) {
            for (Intent i : List.of(Intent.MISCONFIGURE, Intent.EMERGENCY, Intent.TROUBLESHOOT, Intent.TIGHTEN)) {
                if (d.intents().contains(i)) {
                    return i;
                }
            }
            throw new IllegalStateException(d.row() + " has no mutating intent");
        }

        private static Actor actorFor(Change c, Actor fallback) {
            return c.actor() != null ? c.actor() : fallback;
        }

        // ------------------------------------------------------------ drift families

        /** The diverging changes of an episode, their ids, and the actor's last activity on the resource. */
        private final class Episode {
            final Subject s;
            final Actor actor;
            final List<Change> changes = new ArrayList<>();
            final List<String> ids = new ArrayList<>();
            Instant first;
            Instant lastActivity;
            FindingStatus status = FindingStatus.OPEN;
            Resolution resolution;
            Instant resolvedAt;

            Episode(Subject s, Actor actor) {
                this.s = s;
                this.actor = actor;
            }

            Instant change(Intent intent, Instant t) {
                Change c = spec.driver().change(g, s, intent, changes.size(), actor);
                changes.add(c);
                ids.addAll(emit(c.apply().emit(actor, t, false)));
                first = first == null ? t : first;
                lastActivity = t;
                return t;
            }

            /**
             * Restores every declared value. When a change's value is hidden in the log, so is the
             * revert's: nothing shows the resource matches its declaration again, so the episode stays
             * open (the revert is one more change of unknown value by the actor).
             */
            void revert(Actor by, Instant t) {
                boolean hidden = false;
                Instant last = t;
                for (int i = changes.size() - 1; i >= 0; i--) {
                    last = t.plusSeconds(20L * (changes.size() - 1 - i));
                    ids.addAll(emit(changes.get(i).revert().emit(by, last, false)));
                    hidden |= changes.get(i).valueHidden();
                }
                if (hidden) {
                    // still open: the revert is the actor's latest change on the resource
                    if (by.equals(actor) && last.isAfter(lastActivity)) {
                        lastActivity = last;
                    }
                    return;
                }
                status = FindingStatus.RESOLVED;
                resolution = Resolution.REVERTED;
                resolvedAt = t;
            }

            void codify(Instant commitAt, Instant applyAt, String message) {
                Actor author = actor.human() ? actor : r.pick(g.world().engineers());
                commit(s, author, commitAt, message);
                Actor deployer = deployer(s);
                for (Change c : changes) {
                    ids.addAll(emit(c.apply().emit(deployer, applyAt, false)));
                    applyAt = applyAt.plusSeconds(15);
                }
                status = FindingStatus.RESOLVED;
                resolution = Resolution.CODIFIED;
                resolvedAt = applyAt;
            }

            void finish(String note) {
                List<Effect> effects = new ArrayList<>();
                Sizing sizing = null;
                for (Change c : changes) {
                    effects.addAll(c.effects());
                    if (c.sizing() != null) {
                        sizing = sizing == null
                                ? c.sizing()
                                : new Sizing(
                                        sizing.capacityBefore(),
                                        c.sizing().capacityAfter(),
                                        sizing.costBefore(),
                                        c.sizing().costAfter());
                    }
                }
                finishWith(note, effects, sizing);
            }

            /** Labels the episode with its family's cause and the default policy's severity and recommendation. */
            void finishWith(String note, List<Effect> effects, Sizing sizing) {
                Cause cause = spec.family().cause();
                LabelPolicy.SeverityLabel sev = LabelPolicy.severity(effects, sizing);
                String summary =
                        String.join("; ", changes.stream().map(Change::summary).toList());
                List<String> idsCopy = List.copyOf(ids);
                List<String> ctx = List.copyOf(context);
                Instant resolved = resolvedAt;
                Instant last = lastActivity;
                FindingStatus st = status;
                Resolution res = resolution;
                Instant firstAt = first;
                labels.add(runEnd -> {
                    Instant decision = resolved != null ? resolved.minusSeconds(1) : runEnd;
                    // any high-urgency incident on the service, whichever case opened it
                    boolean incidentOpen = ledger.incidentOpen(s.service().name(), decision);
                    boolean idle = !last.plus(Duration.ofHours(1)).isAfter(decision);
                    LabelPolicy.RecommendationLabel rec =
                            LabelPolicy.recommendation(cause, sev.level(), incidentOpen, idle);
                    return new Label(
                            caseId(),
                            Expect.DRIFT,
                            spec.family().id(),
                            spec.variant(),
                            s.cloud(),
                            s.row().id(),
                            s.resourceId(),
                            s.iacType(),
                            s.iacSource(),
                            s.address(),
                            idsCopy,
                            ctx,
                            cause,
                            sev.level(),
                            sev.entries(),
                            rec.recommendation(),
                            rec.rule(),
                            st,
                            res,
                            actorName(actor),
                            firstAt,
                            note + ": " + summary);
                });
            }
        }

        private void emergency(Subject s, Actor oncall, Instant t0) {
            Service svc = s.service();
            int source = r.nextInt(10);
            String incidentRef;
            Instant resolveAt;
            Instant changeAt = at(t0, 8, 30);
            Episode ep = new Episode(s, oncall);
            boolean stillOpen = spec.variant().equals("single") && spec.lastSlot() && r.chance(0.5);
            if (source < g.world().shape().emergencySources()[0]) {
                ContextEvents.PdIncident inc = new ContextEvents.PdIncident(
                        "Q" + r.upperAlnum(13),
                        1000 + r.nextInt(8000),
                        "[" + svc.name() + "] "
                                + r.pickOf(
                                        "5xx rate above 5%",
                                        "p99 latency above 2s",
                                        "Checkout failures spiking",
                                        "Out of memory kills",
                                        "Queue backlog growing"),
                        "high",
                        svc,
                        oncall);
                incidentRef = "#" + inc.number();
                ctx(ContextEvents.pagerduty(g, inc, "incident.triggered", t0));
                ctx(ContextEvents.pagerduty(g, inc, "incident.acknowledged", at(t0, 2, 6)));
                ep.change(Intent.EMERGENCY, changeAt);
                if (spec.variant().equals("multi_change")) {
                    ep.change(Intent.EMERGENCY, at(changeAt, 4, 10));
                }
                resolveAt = stillOpen ? null : at(ep.lastActivity, 15, 45);
                if (resolveAt != null) {
                    ctx(ContextEvents.pagerduty(g, inc, "incident.resolved", resolveAt));
                }
            } else if (source < g.world().shape().emergencySources()[1]) {
                String priority = r.pickOf("Highest", "High");
                ContextEvents.JiraIssue issue = new ContextEvents.JiraIssue(
                        String.valueOf(40_000 + r.nextInt(9000)),
                        ledger.jiraKey(svc.jiraProject(), 1000, 8000, r),
                        svc.name() + " degraded: customers see errors",
                        "Incident",
                        priority,
                        List.of("incident", svc.name()),
                        svc,
                        oncall,
                        t0);
                incidentRef = issue.key();
                ctx(ContextEvents.jira(g, issue, "jira:issue_created", t0, null, null));
                ctx(ContextEvents.jira(g, issue, "jira:issue_updated", at(t0, 2, 5), "Open", "In Progress"));
                ep.change(Intent.EMERGENCY, changeAt);
                if (spec.variant().equals("multi_change")) {
                    ep.change(Intent.EMERGENCY, at(changeAt, 4, 10));
                }
                resolveAt = stillOpen ? null : at(ep.lastActivity, 15, 45);
                if (resolveAt != null) {
                    ctx(ContextEvents.jira(g, issue, "jira:issue_updated", resolveAt, "In Progress", "Done"));
                }
            } else {
                String alertname = r.pickOf("HighErrorRate", "PodCrashLooping", "HighLatencyP99", "ServiceDown");
                incidentRef = alertname;
                ctx(ContextEvents.alert(
                        g, svc, alertname, "critical", svc.name() + " is failing requests", t0, null, t0));
                ep.change(Intent.EMERGENCY, changeAt);
                if (spec.variant().equals("multi_change")) {
                    ep.change(Intent.EMERGENCY, at(changeAt, 4, 10));
                }
                resolveAt = stillOpen ? null : at(ep.lastActivity, 15, 45);
                if (resolveAt != null) {
                    ctx(ContextEvents.alert(
                            g,
                            svc,
                            alertname,
                            "critical",
                            svc.name() + " is failing requests",
                            t0,
                            resolveAt,
                            resolveAt));
                }
            }
            if (spec.variant().equals("reverted")) {
                ep.revert(oncall, at(resolveAt, 25, 50));
            } else if (spec.variant().equals("codified")) {
                Instant commitAt = at(resolveAt, 20, 40);
                ep.codify(
                        commitAt,
                        at(commitAt, 10, 20),
                        "hotfix(" + svc.name() + "): keep " + ep.changes.get(0).summary() + " after incident "
                                + incidentRef);
            } else if (resolveAt != null && r.chance(0.4)) {
                commit(
                        s,
                        oncall,
                        at(resolveAt, 20, 40),
                        "hotfix: follow-up for incident " + incidentRef
                                + " (declare the new value; apply pending review)");
            }
            ledger.incident(svc.name(), t0, resolveAt);
            ep.finish("on-call change during incident " + incidentRef);
        }

        private void troubleshooting(Subject s, Actor actor, Instant t0) {
            Episode ep = new Episode(s, actor);
            Instant changeAt = at(t0, 30, 40);
            if (r.chance(g.world().shape().troubleshootingTicket())) {
                Service svc = s.service();
                ContextEvents.JiraIssue issue = new ContextEvents.JiraIssue(
                        String.valueOf(40_000 + r.nextInt(9000)),
                        ledger.jiraKey(svc.jiraProject(), 1000, 8000, r),
                        "Intermittent timeouts in " + svc.name(),
                        r.pickOf("Bug", "Task"),
                        r.pickOf("Low", "Medium"),
                        List.of(svc.name()),
                        svc,
                        actor,
                        t0);
                ctx(ContextEvents.jira(g, issue, "jira:issue_created", t0, null, null));
            }
            reads(s, actor, changeAt, r.between(2, 4));
            ep.change(Intent.TROUBLESHOOT, changeAt);
            if (spec.variant().equals("multi_change")) {
                ep.change(Intent.TROUBLESHOOT, at(changeAt, 5, 15));
            }
            if (spec.variant().equals("reverted")) {
                ep.revert(actor, at(ep.lastActivity, 15, 45));
            } else if (spec.variant().equals("codified")) {
                Instant commitAt = at(ep.lastActivity, 20, 40);
                ep.codify(
                        commitAt,
                        at(commitAt, 5, 15),
                        "chore(" + s.service().name() + "): keep "
                                + ep.changes.get(0).summary());
            }
            ep.finish("actor read the resource, then changed it");
        }

        private void security(Subject s, Instant t0) {
            boolean principal = r.chance(g.world().shape().securityByPrincipal());
            Actor actor = principal
                    ? r.pick(g.world().securityPeople())
                    : r.pick(g.world().engineers());
            Instant changeAt = at(t0, 15, 70);
            String why;
            if (!principal && s.cloud() == Cloud.AWS) {
                ctx(guardDuty(s, t0));
                why = "after a GuardDuty finding";
            } else if (!principal) {
                Service svc = s.service();
                ContextEvents.JiraIssue issue = new ContextEvents.JiraIssue(
                        String.valueOf(40_000 + r.nextInt(9000)),
                        ledger.jiraKey("SEC", 100, 900, r),
                        "Security review: " + s.name() + " is more open than needed",
                        r.pickOf("Bug", "Task"),
                        r.pickOf("Medium", "High"),
                        List.of("security", svc.name()),
                        svc,
                        r.pick(g.world().securityPeople()),
                        t0);
                ctx(ContextEvents.jira(g, issue, "jira:issue_created", t0, null, null));
                why = "after security ticket " + issue.key();
            } else {
                why = "by a security principal";
            }
            Episode ep = new Episode(s, actor);
            ep.change(Intent.TIGHTEN, changeAt);
            if (spec.variant().equals("multi_change")) {
                ep.change(Intent.TIGHTEN, at(changeAt, 3, 10));
            }
            if (spec.variant().equals("reverted")) {
                ep.revert(actor, at(ep.lastActivity, 20, 50));
            } else if (spec.variant().equals("codified")) {
                Instant commitAt = at(ep.lastActivity, 30, 60);
                ep.codify(
                        commitAt,
                        at(commitAt, 5, 20),
                        "security: codify " + ep.changes.get(0).summary());
            }
            ep.finish("tightening change " + why);
        }

        private Emitted guardDuty(Subject s, Instant t) {
            ObjectNode res = IacModel.obj();
            switch (s.row()) {
                case AWS_S3_ACCESS, AWS_S3_CONFIGURATION -> {
                    res.put("resourceType", "S3Bucket");
                    res.putArray("s3BucketDetails")
                            .addObject()
                            .put("name", s.resourceId())
                            .put("arn", "arn:aws:s3:::" + s.resourceId())
                            .put("type", "Destination")
                            .putObject("owner")
                            .put("id", StableIds.hex(s.account(), 64));
                    return ContextEvents.guardDuty(
                            g,
                            t,
                            s.account(),
                            s.region(),
                            "Policy:S3/BucketAnonymousAccessGranted",
                            7.0,
                            "Amazon S3 bucket " + s.resourceId() + " allows anonymous access",
                            res);
                }
                case AWS_IAM_ROLE_POLICIES -> {
                    res.put("resourceType", "AccessKey");
                    res.putObject("accessKeyDetails")
                            .put("accessKeyId", "ASIA" + r.upperAlnum(16))
                            .put("principalId", "AROA" + r.upperAlnum(17) + ":i-0" + r.hex(16))
                            .put("userName", s.resourceId())
                            .put("userType", "AssumedRole");
                    return ContextEvents.guardDuty(
                            g,
                            t,
                            s.account(),
                            s.region(),
                            "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
                            8.0,
                            "Credentials for role " + s.resourceId() + " used from an external IP address",
                            res);
                }
                default -> {
                    String instance = s.props().containsKey("instance")
                            ? s.str("instance")
                            : s.resourceId().startsWith("i-") ? s.resourceId() : "i-0" + r.hex(16);
                    res.put("resourceType", "Instance");
                    ObjectNode inst = res.putObject("instanceDetails");
                    inst.put("instanceId", instance)
                            .put("instanceType", "m5.large")
                            .put("instanceState", "running")
                            .put("availabilityZone", s.region() + "a");
                    if (s.resourceId().startsWith("sg-")) {
                        inst.putArray("networkInterfaces")
                                .addObject()
                                .putArray("securityGroups")
                                .addObject()
                                .put("groupId", s.resourceId())
                                .put("groupName", s.name());
                    }
                    return ContextEvents.guardDuty(
                            g,
                            t,
                            s.account(),
                            s.region(),
                            "Recon:EC2/PortProbeUnprotectedPort",
                            5.0,
                            "Unprotected port on EC2 instance " + instance + " is being probed",
                            res);
                }
            }
        }

        private void configurationError(Subject s, Instant t0) {
            boolean script = r.chance(g.world().shape().configErrorByScript());
            Actor actor =
                    script ? r.pick(g.world().scripts()) : r.pick(g.world().engineers());
            Episode ep = new Episode(s, actor);
            Instant changeAt = at(t0, 5, 60);
            ep.change(Intent.MISCONFIGURE, changeAt);
            if (spec.variant().equals("multi_change")) {
                ep.change(Intent.MISCONFIGURE, at(changeAt, 3, 12));
            }
            if (spec.variant().equals("reverted")) {
                ep.revert(r.pick(g.world().engineers()), at(ep.lastActivity, 30, 90));
            } else if (spec.variant().equals("codified")) {
                Instant commitAt = at(ep.lastActivity, 40, 80);
                ep.codify(commitAt, at(commitAt, 5, 20), "chore: align " + s.name() + " with live settings");
            }
            ep.finish(script ? "a non-IaC script, no context" : "a human, no context");
        }

        private void automated(Subject s, Instant t0) {
            Change probe = spec.driver().change(g, s, Intent.AUTOMATE, 0, null);
            Episode ep = new Episode(s, probe.actor());
            Instant changeAt = at(t0, 5, 60);
            ep.change(Intent.AUTOMATE, changeAt);
            if (spec.variant().equals("multi_change")) {
                ep.change(Intent.AUTOMATE, at(changeAt, 5, 15));
            }
            if (spec.variant().equals("reverted")) {
                ep.revert(probe.actor(), at(ep.lastActivity, 30, 90));
            } else if (spec.variant().equals("codified")) {
                Instant commitAt = at(ep.lastActivity, 30, 60);
                ep.codify(commitAt, at(commitAt, 5, 20), "chore: declare the capacity automation settled on");
            }
            ep.finish("change by " + probe.actor().name());
        }

        private void deployThenRestore(Subject s, Actor human, Instant t0) {
            Change c = spec.driver().change(g, s, Intent.EMERGENCY, 0, human);
            commit(s, human, t0, "feat(" + s.service().name() + "): " + c.summary());
            Instant deployAt = at(t0, 4, 10);
            List<String> deployIds = emit(c.apply().emit(deployer(s), deployAt, false));
            label(
                    s,
                    Expect.NOT_DRIFT,
                    deployIds,
                    deployer(s),
                    deployAt,
                    "deploy identity applied the commit: " + c.summary());
            Instant restoreAt = at(deployAt, 40, 60);
            reads(s, human, restoreAt, 2);
            Episode ep = new Episode(s, human);
            ep.changes.add(new Change(
                    "set back to the value before the deploy (" + c.summary() + " undone by hand)",
                    List.of(),
                    c.sizing() == null ? null : c.sizing().reversed(),
                    null,
                    c.revert(),
                    c.apply()));
            ep.ids.addAll(emit(c.revert().emit(human, restoreAt, false)));
            ep.first = restoreAt;
            ep.lastActivity = restoreAt;
            ep.finishWith(
                    "old value restored by hand after a deploy",
                    List.of(),
                    c.sizing() == null ? null : c.sizing().reversed());
        }

        // ------------------------------------------------------------ not drift

        private void deploy(Subject s, Intent intent, Instant t0) {
            Change c = spec.driver().change(g, s, intent, 0, r.pick(g.world().engineers()));
            commit(s, r.pick(g.world().engineers()), t0, "chore(" + s.service().name() + "): " + c.summary());
            Actor deployer = deployer(s);
            Instant at = at(t0, 3, 12);
            List<String> ids = emit(c.apply().emit(deployer, at, false));
            label(s, Expect.NOT_DRIFT, ids, deployer, at, "deploy identity: " + c.summary());
        }

        private void notDrift(Subject s, Change c, Actor human, Instant t0, boolean fail, String note) {
            Actor a = actorFor(c, human);
            List<String> ids = emit(c.apply().emit(a, t0, fail));
            label(s, Expect.NOT_DRIFT, ids, a, t0, note + ": " + c.summary());
        }

        private void label(Subject s, Expect expect, List<String> ids, Actor actor, Instant first, String note) {
            List<String> ctx = List.copyOf(context);
            String id = labels.isEmpty() ? caseId() : caseId() + "-" + (labels.size() + 1);
            Label l = new Label(
                    id,
                    expect,
                    spec.family().id(),
                    spec.variant(),
                    s.cloud(),
                    s.row().id(),
                    s.resourceId(),
                    s.iacType(),
                    expect == Expect.UNMANAGED ? null : s.iacSource(),
                    expect == Expect.UNMANAGED ? null : s.address(),
                    List.copyOf(ids),
                    ctx,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    actorName(actor),
                    first,
                    note);
            labels.add(end -> l);
        }

        private String caseId() {
            return String.format("case-%05d", spec.index());
        }

        private void commit(Subject s, Actor author, Instant t, String message) {
            List<String> paths = List.of(
                    s.iacSource().equals("kubernetes")
                            ? s.iacPath()
                            : s.iacPath() + (s.iacSource().equals("cloudformation") ? "template.yaml" : "main.tf"));
            ctx(
                    s.iacSource().equals("kubernetes")
                            ? ContextEvents.gitlabPush(g, author, t, message, paths)
                            : ContextEvents.githubPush(g, author, t, message, paths));
        }

        private Actor deployer(Subject s) {
            return switch (s.iacSource()) {
                case "cloudformation" -> g.world().cloudformation();
                case "kubernetes" -> g.world().argocd();
                default -> g.world().terraform();
            };
        }
    }

    private static String actorName(Actor a) {
        if (a == null) {
            return null;
        }
        return a.email() != null ? a.email() : a.name();
    }
}
