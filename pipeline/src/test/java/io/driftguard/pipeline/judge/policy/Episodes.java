package io.driftguard.pipeline.judge.policy;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.state.IacRef;
import io.driftguard.models.context.ActorFacts;
import io.driftguard.models.context.ContextFact;
import io.driftguard.models.context.EpisodeContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test episodes in the shapes the episode and correlation stages produce. */
final class Episodes {

    static final Instant T0 = Instant.parse("2026-03-04T10:14:05Z");

    private Finding.Builder finding = Finding.builder().findingId("f-1").kind("drift").cloud(Cloud.AWS).account("123456789012")
            .resourceId("sg-0abc").resourceType("aws_security_group").status("open")
            .iac(new IacRef("terraform", "module.net.aws_security_group.web", "terraform/aws-prod/checkout"))
            .actor(new Finding.FindingActor("arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_PlatformAdmin_1a2b/jane@example.com",
                    "human", "jane@example.com"))
            .firstEventTime(T0).lastEventTime(T0).detectedAt(T0).service("checkout");
    private final List<Change> changes = new ArrayList<>();
    private final List<ContextFact> facts = new ArrayList<>();
    private ActorFacts actor = new ActorFacts(
            "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_PlatformAdmin_1a2b/jane@example.com", "human",
            "jane@example.com", false, false, true, "console.amazonaws.com");
    private Instant asOf = T0.plusSeconds(60);
    private Instant lastActorChange = T0;

    static Episodes aws(String type, String id) {
        Episodes e = new Episodes();
        e.finding.resourceType(type).resourceId(id);
        return e;
    }

    Episodes cloud(Cloud c) {
        finding.cloud(c);
        return this;
    }

    Episodes iac(String source, String address, String path) {
        finding.iac(new IacRef(source, address, path));
        return this;
    }

    Episodes change(String path, String desired, String actual) {
        changes.add(new Change(path, desired, actual, true));
        return this;
    }

    Episodes hidden(String path, String desired) {
        changes.add(new Change(path, desired, null, false));
        return this;
    }

    Episodes fact(ContextFact f) {
        facts.add(f);
        return this;
    }

    Episodes actor(ActorFacts a) {
        actor = a;
        finding.actor(new Finding.FindingActor(a.id(), a.type(), a.display()));
        return this;
    }

    Episodes asOf(Instant t) {
        asOf = t;
        return this;
    }

    Episodes lastActorChange(Instant t) {
        lastActorChange = t;
        return this;
    }

    Episodes resolved(Instant at, String resolution) {
        finding.status("resolved").resolution(resolution).resolvedAt(at).lastEventTime(at);
        return this;
    }

    EpisodeContext build() {
        return new EpisodeContext(finding.changes(changes).build(), actor, "checkout", facts, asOf, lastActorChange);
    }

    static ContextFact incident(String id, String level, Instant start, Instant end, String title) {
        return new ContextFact("incident", id, "pagerduty", end != null && end.isBefore(T0.minusSeconds(900))
                ? ContextFact.Relation.ENDED_BEFORE_CHANGE : ContextFact.Relation.OPEN_DURING_CHANGE,
                start, end, level, null, false, title, 1, false);
    }

    static ContextFact guardDuty(String type, Instant at) {
        return new ContextFact("finding", "gd-42", "guardduty", ContextFact.Relation.BEFORE_CHANGE, at, null, "high", type, true,
                "Unusual SSH access to sg-0abc", 1, true);
    }

    static ContextFact reads(int count, Instant first) {
        return new ContextFact("read_activity", "reads-1", "cloudtrail", ContextFact.Relation.BEFORE_CHANGE, first, null, null, null,
                false, null, count, true);
    }

    static ContextFact commit(String sha, Instant at, String message) {
        return new ContextFact("commit", sha, "github", ContextFact.Relation.AFTER_CHANGE, at, null, null, null, false, message, 1, false);
    }

    static final String SSH_WORLD = "{\"from_port\":22,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":22}";
    static final String HTTPS_LB = "{\"from_port\":443,\"peer\":\"10.0.0.0/16\",\"protocol\":\"tcp\",\"to_port\":443}";
}
