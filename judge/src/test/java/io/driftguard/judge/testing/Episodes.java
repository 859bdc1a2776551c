package io.driftguard.judge.testing;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.finding.Unchanged;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.vocabulary.FindingKind;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Resolution;
import io.driftguard.judge.context.ActorFacts;
import io.driftguard.judge.context.ContextFact;
import io.driftguard.judge.context.EpisodeContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built episode contexts in the shapes the episode and correlation stages produce, for the
 * judge's, the job's and the lab's tests. Two starting points: {@link #aws} (a console user's
 * change to a Terraform-managed resource, for policy tests) and {@link #human} (a CLI user's
 * Lambda runtime change, for feature tests that add one signal at a time).
 */
public final class Episodes {

    /** The first change of an {@link #aws} episode. */
    public static final Instant T0 = Instant.parse("2026-03-04T10:14:05Z");
    /** The first change of a {@link #human} episode. */
    public static final Instant FIRST = Instant.parse("2025-03-03T10:00:00Z");

    public static final String SSH_WORLD =
            "{\"from_port\":22,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":22}";
    public static final String HTTPS_LB =
            "{\"from_port\":443,\"peer\":\"10.0.0.0/16\",\"protocol\":\"tcp\",\"to_port\":443}";
    public static final String HTTPS_VPC =
            "{\"from_port\":443,\"peer\":\"10.0.0.0/8\",\"protocol\":\"tcp\",\"to_port\":443}";

    private final Finding.Builder finding;
    private final List<Change> changes = new ArrayList<>();
    private final List<Unchanged> unchanged = new ArrayList<>();
    private final List<ContextFact> facts = new ArrayList<>();
    private ActorFacts actor;
    private Instant first;
    private Instant asOf;
    private Instant lastActorChange;

    private Episodes(Finding.Builder finding, ActorFacts actor, Instant first, Instant asOf) {
        this.finding = finding.actor(new Finding.FindingActor(actor.id(), actor.type(), actor.display()))
                .firstEventTime(first)
                .lastEventTime(first)
                .detectedAt(first)
                .service("checkout");
        this.actor = actor;
        this.first = first;
        this.asOf = asOf;
        this.lastActorChange = first;
    }

    /** A console user's open episode on a Terraform-managed AWS resource, judged a minute later. */
    public static Episodes aws(String type, String id) {
        ActorFacts jane = new ActorFacts(
                "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_PlatformAdmin_1a2b/jane@example.com",
                "human",
                "jane@example.com",
                false,
                false,
                true,
                "console.amazonaws.com");
        return new Episodes(
                Finding.builder()
                        .findingId("f-1")
                        .kind(FindingKind.DRIFT)
                        .cloud(Cloud.AWS)
                        .account("123456789012")
                        .resourceId(id)
                        .resourceType(type)
                        .status(FindingStatus.OPEN)
                        .iac(new IacRef(
                                "terraform", "module.net.aws_security_group.web", "terraform/aws-prod/checkout")),
                jane,
                T0,
                T0.plusSeconds(60));
    }

    /** A CLI user's open episode changing a Lambda function's runtime, judged at the change. */
    public static Episodes human() {
        ActorFacts dev = new ActorFacts("arn:aws:iam::1:user/dev", "human", "dev", false, false, false, "aws-cli");
        Episodes e = new Episodes(
                Finding.builder()
                        .findingId("f-1")
                        .version(1)
                        .kind(FindingKind.DRIFT)
                        .cloud(Cloud.AWS)
                        .resourceId("res-1")
                        .resourceType("aws_lambda_function")
                        .status(FindingStatus.OPEN)
                        .sourceEvents(List.of("e1")),
                dev,
                FIRST,
                FIRST);
        e.changes.add(new Change("runtime", "\"python3.11\"", "\"python3.12\"", true));
        return e;
    }

    /** Names the finding (episodes judged side by side need distinct ids). */
    public Episodes findingId(String id) {
        finding.findingId(id);
        return this;
    }

    public Episodes cloud(Cloud c) {
        finding.cloud(c);
        return this;
    }

    /** The resource is declared nowhere: an unmanaged change, without an IaC reference. */
    public Episodes unmanaged() {
        finding.kind(FindingKind.UNMANAGED).iac(null);
        return this;
    }

    public Episodes iac(String source, String address, String path) {
        finding.iac(new IacRef(source, address, path));
        return this;
    }

    /** Adds a changed attribute. */
    public Episodes change(String path, String desired, String actual) {
        changes.add(new Change(path, desired, actual, true));
        return this;
    }

    /** Replaces every change with this one, on a resource of this type; a null actual is hidden. */
    public Episodes onlyChange(String type, String path, String desired, String actual) {
        finding.resourceType(type);
        changes.clear();
        changes.add(new Change(path, desired, actual, actual != null));
        return this;
    }

    /** Adds a declared attribute the change left alone but that qualifies it ({@code Finding.unchanged}). */
    public Episodes unchanged(String path, String value) {
        unchanged.add(new Unchanged(path, value));
        return this;
    }

    /** Adds a changed attribute whose new value the log hides. */
    public Episodes hidden(String path, String desired) {
        changes.add(new Change(path, desired, null, false));
        return this;
    }

    public Episodes fact(ContextFact f) {
        facts.add(f);
        return this;
    }

    /** Adds a fact {@code minutesBeforeFirst} before the first change (negative: after it). */
    public Episodes fact(
            String kind,
            String relation,
            int minutesBeforeFirst,
            String level,
            String type,
            boolean security,
            String text,
            int count,
            boolean sameResource) {
        return fact(new ContextFact(
                kind,
                kind + "-" + facts.size(),
                "test",
                relation,
                first.minusSeconds(60L * minutesBeforeFirst),
                null,
                level,
                type,
                security,
                text,
                count,
                sameResource));
    }

    public Episodes factWithId(String kind, String id, String relation, int minutesBeforeFirst, String level) {
        return fact(new ContextFact(
                kind,
                id,
                "test",
                relation,
                first.minusSeconds(60L * minutesBeforeFirst),
                null,
                level,
                null,
                false,
                null,
                1,
                false));
    }

    public Episodes actor(ActorFacts a) {
        actor = a;
        finding.actor(new Finding.FindingActor(a.id(), a.type(), a.display()));
        return this;
    }

    /** The same actor, reclassified. */
    public Episodes actor(String type, boolean security, boolean automation) {
        return actor(new ActorFacts(
                actor.id(), type, actor.display(), security, automation, actor.viaConsole(), actor.userAgent()));
    }

    public Episodes events(String... ids) {
        finding.sourceEvents(List.of(ids));
        return this;
    }

    public Episodes asOf(Instant t) {
        asOf = t;
        return this;
    }

    public Episodes lastActorChange(Instant t) {
        lastActorChange = t;
        return this;
    }

    public Episodes resolved(Instant at, Resolution resolution) {
        finding.status(FindingStatus.RESOLVED)
                .resolution(resolution)
                .resolvedAt(at)
                .lastEventTime(at);
        return this;
    }

    /** Reverted {@code minutesAfterFirst} after the first change. */
    public Episodes reverted(int minutesAfterFirst) {
        return resolved(first.plusSeconds(60L * minutesAfterFirst), Resolution.REVERTED);
    }

    public EpisodeContext build() {
        return new EpisodeContext(
                finding.changes(changes).unchanged(unchanged).build(), actor, "checkout", facts, asOf, lastActorChange);
    }

    public static ContextFact incident(String id, String level, Instant start, Instant end, String title) {
        return new ContextFact(
                "incident",
                id,
                "pagerduty",
                end != null && end.isBefore(T0.minusSeconds(900))
                        ? ContextFact.Relation.ENDED_BEFORE_CHANGE
                        : ContextFact.Relation.OPEN_DURING_CHANGE,
                start,
                end,
                level,
                null,
                false,
                title,
                1,
                false);
    }

    public static ContextFact guardDuty(String type, Instant at) {
        return new ContextFact(
                "finding",
                "gd-42",
                "guardduty",
                ContextFact.Relation.BEFORE_CHANGE,
                at,
                null,
                "high",
                type,
                true,
                "Unusual SSH access to sg-0abc",
                1,
                true);
    }

    public static ContextFact reads(int count, Instant first) {
        return new ContextFact(
                "read_activity",
                "reads-1",
                "cloudtrail",
                ContextFact.Relation.BEFORE_CHANGE,
                first,
                null,
                null,
                null,
                false,
                null,
                count,
                true);
    }

    public static ContextFact commit(String sha, Instant at, String message) {
        return new ContextFact(
                "commit",
                sha,
                "github",
                ContextFact.Relation.AFTER_CHANGE,
                at,
                null,
                null,
                null,
                false,
                message,
                1,
                false);
    }
}
