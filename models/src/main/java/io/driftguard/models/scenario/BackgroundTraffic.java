package io.driftguard.models.scenario;

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
final class BackgroundTraffic {

    private final ScenarioGenerator.Plan plan;
    private final Rng rng;
    private final long batches;
    private final Instant start;
    private final long spanMillis;
    private long produced;
    private long index;
    private final Gen gen;

    BackgroundTraffic(ScenarioGenerator.Plan plan) {
        this.plan = plan;
        this.rng = new Rng(plan.options.seed() * 31 + 7);
        this.batches = Math.max(plan.backgroundTarget, 0);
        this.start = plan.options.start();
        this.spanMillis = plan.options.span().toMillis();
        this.gen = new Gen(rng, plan.world, null, "bg");
    }

    boolean hasNext() {
        return produced < plan.backgroundTarget && !plan.subjects.isEmpty();
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
        int pick = rng.nextInt(plan.subjects.size());
        Subject s = plan.subjects.get(pick);
        Driver d = plan.subjectDrivers.get(pick);
        World w = plan.world;
        if (roll < 0.93) {
            Actor reader = roll < 0.55 ? rng.pick(w.readers) : roll < 0.80 ? rng.pick(w.readerBots) : rng.pick(w.securityPeople);
            out = d.read(gen, s, reader, t);
        } else if (roll < 0.965) {
            Change c = firstChange(d, s);
            out = c == null ? d.read(gen, s, rng.pick(w.readers), t) : c.apply().emit(rng.pick(w.readers), t, true);
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
                Change c = d.change(gen, s, i, 0, rng.pick(plan.world.readers));
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }

    private Emitted context(Instant t) {
        World w = plan.world;
        Service noise = rng.pick(w.noiseServices);
        int kind = rng.nextInt(5);
        switch (kind) {
            case 0 -> {
                ContextEvents.PdIncident inc = new ContextEvents.PdIncident("Q" + rng.upperAlnum(13), 1000 + rng.nextInt(8000),
                        "[" + noise.name() + "] " + rng.pickOf("Error budget burn", "Disk almost full", "Crawler blocked"),
                        rng.pickOf("high", "low"), noise, rng.pick(w.readers));
                return ContextEvents.pagerduty(gen, inc, "incident.triggered", t);
            }
            case 1 -> {
                ContextEvents.JiraIssue issue = new ContextEvents.JiraIssue(String.valueOf(30_000 + rng.nextInt(9000)),
                        noise.jiraProject() + "-" + (1000 + rng.nextInt(8000)), rng.pickOf("Update dashboard for Q2",
                                "Rotate service certificates", "Clean up stale feature flags"),
                        rng.pickOf("Task", "Story"), rng.pickOf("Low", "Medium"), List.of(noise.name()), noise,
                        rng.pick(w.readers), t);
                return ContextEvents.jira(gen, issue, "jira:issue_created", t, null, null);
            }
            case 2 -> {
                Service any = rng.pick(w.services);
                return ContextEvents.alert(gen, any, rng.pickOf("HighCPU", "DiskFillingUp", "CertificateExpiringSoon"),
                        "warning", "Resource pressure on " + any.name(), t, null, t);
            }
            case 3 -> {
                com.fasterxml.jackson.databind.node.ObjectNode res = IacModel.obj();
                res.put("resourceType", "Instance").putObject("instanceDetails").put("instanceId", "i-0" + rng.hex(16))
                        .put("instanceType", "t3.micro");
                return ContextEvents.guardDuty(gen, t, World.AWS_SANDBOX, "us-east-1", "Recon:EC2/PortProbeUnprotectedPort",
                        2.0, "Unprotected port on a sandbox instance is being probed", res);
            }
            default -> {
                Service any = rng.pick(w.services);
                return ContextEvents.githubPush(gen, rng.pick(w.readers), t, "docs: update runbook for " + any.name(),
                        List.of("docs/runbooks/" + any.name() + ".md"));
            }
        }
    }

    static Duration maxSpread() {
        return Duration.ofMinutes(2);
    }
}
