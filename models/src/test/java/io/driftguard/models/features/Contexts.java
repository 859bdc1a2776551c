package io.driftguard.models.features;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.models.context.ActorFacts;
import io.driftguard.models.context.ContextFact;
import io.driftguard.models.context.EpisodeContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-built episode contexts for tests: a plain human change, then one signal at a time. */
public final class Contexts {

    public static final Instant FIRST = Instant.parse("2025-03-03T10:00:00Z");
    public static final String SSH_WORLD = "{\"from_port\":22,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":22}";
    public static final String HTTPS_VPC = "{\"from_port\":443,\"peer\":\"10.0.0.0/8\",\"protocol\":\"tcp\",\"to_port\":443}";

    private ActorFacts actor = new ActorFacts("arn:aws:iam::1:user/dev", "human", "dev", false, false, false, "aws-cli");
    private final List<Change> changes = new ArrayList<>(List.of(new Change("runtime", "\"python3.11\"", "\"python3.12\"", true)));
    private final List<ContextFact> facts = new ArrayList<>();
    private List<String> events = List.of("e1");
    private String status = Finding.STATUS_OPEN;
    private String resolution;
    private Instant resolvedAt;
    private String resourceType = "aws_lambda_function";

    public static Contexts human() {
        return new Contexts();
    }

    public Contexts actor(String type, boolean security, boolean automation) {
        actor = new ActorFacts(actor.id(), type, actor.display(), security, automation, false, actor.userAgent());
        return this;
    }

    public Contexts change(String type, String path, String desired, String actual) {
        resourceType = type;
        changes.clear();
        changes.add(new Change(path, desired, actual, actual != null));
        return this;
    }

    public Contexts alsoChange(String path, String desired, String actual) {
        changes.add(new Change(path, desired, actual, true));
        return this;
    }

    public Contexts fact(String kind, String relation, int minutesBeforeFirst, String level, String type,
            boolean security, String text, int count, boolean sameResource) {
        facts.add(new ContextFact(kind, kind + "-" + facts.size(), "test", relation,
                FIRST.minusSeconds(60L * minutesBeforeFirst), null, level, type, security, text, count, sameResource));
        return this;
    }

    public Contexts factWithId(String kind, String id, String relation, int minutesBeforeFirst, String level) {
        facts.add(new ContextFact(kind, id, "test", relation, FIRST.minusSeconds(60L * minutesBeforeFirst), null, level,
                null, false, null, 1, false));
        return this;
    }

    public Contexts events(String... ids) {
        events = List.of(ids);
        return this;
    }

    public Contexts reverted(int minutesAfterFirst) {
        status = Finding.STATUS_RESOLVED;
        resolution = Finding.RESOLUTION_REVERTED;
        resolvedAt = FIRST.plusSeconds(60L * minutesAfterFirst);
        return this;
    }

    public EpisodeContext build() {
        Finding f = Finding.builder().findingId("f-1").version(1).kind(Finding.KIND_DRIFT).cloud(Cloud.AWS)
                .resourceId("res-1").resourceType(resourceType).status(status).resolution(resolution)
                .changes(changes).sourceEvents(events)
                .actor(new Finding.FindingActor(actor.id(), actor.type(), actor.display()))
                .firstEventTime(FIRST).lastEventTime(resolvedAt != null ? resolvedAt : FIRST).detectedAt(FIRST)
                .resolvedAt(resolvedAt).build();
        return new EpisodeContext(f, actor, "checkout", facts, FIRST, FIRST);
    }
}
