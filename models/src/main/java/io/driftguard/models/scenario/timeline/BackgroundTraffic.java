package io.driftguard.models.scenario.timeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.models.scenario.context.ContextEvents;
import io.driftguard.models.scenario.context.JiraKeys;
import io.driftguard.models.scenario.driver.Change;
import io.driftguard.models.scenario.driver.Driver;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.driver.Gen;
import io.driftguard.models.scenario.driver.Intent;
import io.driftguard.models.scenario.driver.Subject;
import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.world.Actor;
import io.driftguard.models.scenario.world.Service;
import io.driftguard.models.scenario.world.World;
import io.driftguard.models.scenario.world.WorldShape;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Unlabelled traffic around the scenarios, generated lazily in time order: mostly reads by people
 * and tools who never change anything in a scenario, some failed writes, and unrelated context
 * (open incidents and tickets on noise-only services, warning alerts, findings in the sandbox
 * account, commits outside the IaC folders). None of it can change a label.
 */
public final class BackgroundTraffic {

    private final World world;
    private final List<Subject> subjects;
    private final List<Driver> drivers;
    private final long target;
    private final Rng rng;
    private final long batches;
    private final Instant start;
    private final long spanMillis;
    private long produced;
    private long index;
    private final Gen gen;
    /** Keys the cases already used: a background ticket never reuses one. */
    private final JiraKeys jiraKeys;

    /**
     * @param seed the run's seed (background traffic draws from its own stream derived from it)
     * @param target how many records to produce
     * @param subjects the resources reads and failed writes land on, each with its driver in {@code drivers}
     * @param jiraKeys the data set's Jira keys so far (the cases'), which background tickets add to
     */
    public BackgroundTraffic(
            long seed,
            Instant start,
            Duration span,
            long target,
            World world,
            List<Subject> subjects,
            List<Driver> drivers,
            JiraKeys jiraKeys) {
        this.world = world;
        this.jiraKeys = jiraKeys;
        this.subjects = subjects;
        this.drivers = drivers;
        this.target = target;
        this.rng = new Rng(seed * 31 + 7);
        this.batches = Math.max(target, 0);
        this.start = start;
        this.spanMillis = span.toMillis();
        this.gen = new Gen(rng, world, null, "bg");
    }

    boolean hasNext() {
        return produced < target && !subjects.isEmpty();
    }

    /** The event time of the next batch. */
    Instant nextTime() {
        long slotMillis = Math.max(1, spanMillis / Math.max(1, batches));
        long base = Math.min(index, batches - 1) * spanMillis / Math.max(1, batches);
        return start.plusMillis(base + (index * 7919 % slotMillis));
    }

    /** The records of the next batch, all at or shortly after {@link #nextTime()}. */
    List<Emitted> next() {
        Instant t = nextTime();
        index++;
        List<Emitted> out;
        double roll = rng.nextDouble();
        int pick = rng.nextInt(subjects.size());
        Subject s = subjects.get(pick);
        Driver d = drivers.get(pick);
        World w = world;
        double[] share = w.shape().background();
        double[] readers = w.shape().readerMix();
        if (roll < share[0]) {
            Actor reader = roll < readers[0]
                    ? rng.pick(w.readers())
                    : roll < readers[1] ? rng.pick(w.readerBots()) : rng.pick(w.securityPeople());
            out = d.read(gen, s, reader, t);
        } else if (roll < share[1]) {
            Change c = firstChange(d, s);
            out = c == null
                    ? d.read(gen, s, rng.pick(w.readers()), t)
                    : c.apply().emit(rng.pick(w.readers()), t, true);
        } else {
            out = new ArrayList<>(1);
            out.add(context(t));
        }
        produced += out.size();
        return out;
    }

    private Change firstChange(Driver d, Subject s) {
        for (Intent i : List.of(Intent.MISCONFIGURE, Intent.EMERGENCY, Intent.TIGHTEN, Intent.TROUBLESHOOT)) {
            if (d.intents().contains(i)) {
                Change c = d.change(gen, s, i, 0, rng.pick(world.readers()));
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }

    private Emitted context(Instant t) {
        World w = world;
        Service noise = rng.pick(w.noiseServices());
        int kind = WorldShape.weighted(rng, w.shape().contextWeights());
        switch (kind) {
            case 0 -> {
                ContextEvents.PdIncident inc = new ContextEvents.PdIncident(
                        "Q" + rng.upperAlnum(13),
                        1000 + rng.nextInt(8000),
                        "[" + noise.name() + "] "
                                + rng.pickOf("Error budget burn", "Disk almost full", "Crawler blocked"),
                        rng.pickOf("high", "low"),
                        noise,
                        rng.pick(w.readers()));
                return ContextEvents.pagerduty(gen, inc, "incident.triggered", t);
            }
            case 1 -> {
                ContextEvents.JiraIssue issue = new ContextEvents.JiraIssue(
                        String.valueOf(30_000 + rng.nextInt(9000)),
                        jiraKeys.next(noise.jiraProject(), 1000, 8000, rng),
                        rng.pickOf(
                                "Update dashboard for Q2",
                                "Rotate service certificates",
                                "Clean up stale feature flags"),
                        rng.pickOf("Task", "Story"),
                        rng.pickOf("Low", "Medium"),
                        List.of(noise.name()),
                        noise,
                        rng.pick(w.readers()),
                        t);
                return ContextEvents.jira(gen, issue, "jira:issue_created", t, null, null);
            }
            case 2 -> {
                Service any = rng.pick(w.services());
                return ContextEvents.alert(
                        gen,
                        any,
                        rng.pickOf("HighCPU", "DiskFillingUp", "CertificateExpiringSoon"),
                        "warning",
                        "Resource pressure on " + any.name(),
                        t,
                        null,
                        t);
            }
            case 3 -> {
                ObjectNode res = IacModel.obj();
                res.put("resourceType", "Instance")
                        .putObject("instanceDetails")
                        .put("instanceId", "i-0" + rng.hex(16))
                        .put("instanceType", "t3.micro");
                return ContextEvents.guardDuty(
                        gen,
                        t,
                        World.AWS_SANDBOX,
                        "us-east-1",
                        "Recon:EC2/PortProbeUnprotectedPort",
                        2.0,
                        "Unprotected port on a sandbox instance is being probed",
                        res);
            }
            default -> {
                Service any = rng.pick(w.services());
                return ContextEvents.githubPush(
                        gen,
                        rng.pick(w.readers()),
                        t,
                        "docs: update runbook for " + any.name(),
                        List.of("docs/runbooks/" + any.name() + ".md"));
            }
        }
    }
}
