package io.driftguard.models.scenario.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.models.scenario.aws.AwsDrivers;
import io.driftguard.models.scenario.context.JiraKeys;
import io.driftguard.models.scenario.driver.CatalogRow;
import io.driftguard.models.scenario.driver.Driver;
import io.driftguard.models.scenario.driver.Gen;
import io.driftguard.models.scenario.driver.Intent;
import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.kubernetes.KubernetesDrivers;
import io.driftguard.models.scenario.label.Label;
import io.driftguard.models.scenario.label.LabelPolicy;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.world.Service;
import io.driftguard.models.scenario.world.World;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Labels decided against the whole data set, case by case: cases built through {@link Scenarios}
 * with the ledger a data set shares, on a small world.
 */
class ScenarioLabelsTest {

    static final Instant START = Instant.parse("2025-03-03T08:00:00Z");
    static final Instant RUN_END = START.plus(Duration.ofHours(48));

    final World world = new World(new Rng(11), 3);
    final IacModel iac = new IacModel(new Rng(12), START);

    static Driver driver(CatalogRow row) {
        return AwsDrivers.all().stream().filter(d -> d.row() == row).findFirst().orElseThrow();
    }

    Label build(long seed, CaseSpec spec, Ledger ledger) {
        Gen g = new Gen(new Rng(seed), world, iac, String.valueOf(spec.index()));
        List<Label> labels = Scenarios.build(g, spec, ledger).labels().stream()
                .map(f -> f.apply(RUN_END))
                .toList();
        assertThat(labels).hasSize(1);
        return labels.get(0);
    }

    CaseSpec emergency(int index, Service svc, Instant slot, boolean lastSlot) {
        Driver d = driver(CatalogRow.AWS_AUTOSCALING_GROUP);
        assertThat(d.intents()).contains(Intent.EMERGENCY);
        return new CaseSpec(index, Family.EMERGENCY_FIX, d, "terraform", "single", svc, slot, lastSlot);
    }

    @Test
    void anEmergencyFixIsEscalatedWhileAnotherCasesIncidentOnItsServiceIsStillOpen() {
        Service svc = world.services().get(0);
        // a later emergency on the same service whose incident stays open to the end of the run
        long openSeed = -1;
        for (long seed = 1; seed < 200 && openSeed < 0; seed++) {
            Label later = build(seed, emergency(2, svc, START.plus(Duration.ofHours(40)), true), new Ledger());
            if (later.recommendation() == Recommendation.ESCALATE_FOR_REVIEW) {
                openSeed = seed;
            }
        }
        assertThat(openSeed).as("a seed whose incident stays open").isPositive();
        CaseSpec earlier = emergency(1, svc, START.plus(Duration.ofHours(2)), false);

        Label alone = build(5, earlier, new Ledger());
        assertThat(alone.recommendation())
                .as("its own incident resolved long before the end")
                .isEqualTo(Recommendation.CODIFY_INTO_IAC);

        Ledger shared = new Ledger();
        Label withTheOther = build(5, earlier, shared);
        build(openSeed, emergency(2, svc, START.plus(Duration.ofHours(40)), true), shared);
        // labels are decided at the end of the run, once every case is built
        Label decided = Scenarios.build(new Gen(new Rng(5), world, iac, "1"), earlier, shared)
                .labels()
                .get(0)
                .apply(RUN_END);
        assertThat(withTheOther.recommendation()).isEqualTo(Recommendation.CODIFY_INTO_IAC);
        assertThat(decided.recommendation()).isEqualTo(Recommendation.ESCALATE_FOR_REVIEW);
        assertThat(decided.policyRule()).isEqualTo("emergency_fix while a high-urgency incident is open");
    }

    @Test
    void anIncidentOnAnotherServiceDoesNotCount() {
        Ledger shared = new Ledger();
        shared.incident(world.services().get(1).name(), START, null);
        Label l = build(5, emergency(1, world.services().get(0), START.plus(Duration.ofHours(2)), false), shared);
        assertThat(l.recommendation()).isEqualTo(Recommendation.CODIFY_INTO_IAC);
        shared.incident(world.services().get(0).name(), RUN_END.minus(Duration.ofHours(1)), null);
        Label again = Scenarios.build(
                        new Gen(new Rng(5), world, iac, "1"),
                        emergency(1, world.services().get(0), START.plus(Duration.ofHours(2)), false),
                        shared)
                .labels()
                .get(0)
                .apply(RUN_END);
        assertThat(again.recommendation()).isEqualTo(Recommendation.ESCALATE_FOR_REVIEW);
    }

    @Test
    void aRevertWhoseValueTheLogHidesLeavesTheEpisodeOpen() {
        Driver lambda = driver(CatalogRow.AWS_LAMBDA_CONFIGURATION);
        Service svc = world.services().get(0);
        Label l = build(
                3,
                new CaseSpec(
                        1,
                        Family.MANUAL_TROUBLESHOOTING,
                        lambda,
                        "terraform",
                        "reverted",
                        svc,
                        START.plus(Duration.ofHours(2)),
                        false),
                new Ledger());
        assertThat(l.status()).isEqualTo(FindingStatus.OPEN);
        assertThat(l.resolution()).isNull();
        // idle for more than an hour at the end of the run, the revert being the actor's last change
        assertThat(l.recommendation()).isEqualTo(Recommendation.AUTO_REVERT);
        assertThat(l.eventIds()).hasSizeGreaterThan(1);

        Driver timeout = driver(CatalogRow.AWS_EC2_MODIFY_INSTANCE_ATTRIBUTE);
        Label visible = build(
                3,
                new CaseSpec(
                        2,
                        Family.MANUAL_TROUBLESHOOTING,
                        timeout,
                        "terraform",
                        "reverted",
                        svc,
                        START.plus(Duration.ofHours(6)),
                        false),
                new Ledger());
        assertThat(visible.status()).isEqualTo(FindingStatus.RESOLVED);
    }

    @Test
    void deletingSseS3DefaultEncryptionIsNeverLabelledDrift() {
        Driver s3 = driver(CatalogRow.AWS_S3_CONFIGURATION);
        Service svc = world.services().get(0);
        int noops = 0;
        for (long seed = 1; seed <= 40; seed++) {
            for (Family f : List.of(Family.CONFIGURATION_ERROR, Family.NOOP_EQUIVALENT)) {
                for (String variant :
                        f == Family.CONFIGURATION_ERROR ? List.of("single", "multi_change") : List.of("single")) {
                    Label l = build(
                            seed,
                            new CaseSpec(1, f, s3, "terraform", variant, svc, START.plus(Duration.ofHours(2)), false),
                            new Ledger());
                    if (l.note().contains("default encryption deleted")) {
                        assertThat(l.expect().id()).as(l.note()).isEqualTo("not_drift");
                        noops++;
                    }
                    if (l.severityBreakdown() != null) {
                        assertThat(l.severityBreakdown())
                                .as(l.note())
                                .noneMatch(e -> e.rule().equals("encryption disabled"));
                    }
                }
            }
        }
        assertThat(noops)
                .as("DeleteBucketEncryption is still generated, as a no-op")
                .isPositive();
    }

    @Test
    void moreReplicasThenMoreMemoryIsOneCapacityIncreaseOnStatefulSetsAndDeployments() {
        Driver workloads = KubernetesDrivers.all().stream()
                .filter(d -> d.row() == CatalogRow.K8S_WORKLOADS)
                .findFirst()
                .orElseThrow();
        Set<String> kinds = new HashSet<>();
        for (long seed = 1; seed <= 30; seed++) {
            Label l = build(
                    seed,
                    new CaseSpec(
                            1,
                            Family.EMERGENCY_FIX,
                            workloads,
                            "kubernetes",
                            "multi_change",
                            world.services().get(0),
                            START.plus(Duration.ofHours(2)),
                            false),
                    new Ledger());
            kinds.add(l.resourceType());
            // replicas x2, then each replica's memory limit x2: capacity x4, cost (priced per pod) x2
            assertThat(l.severityBreakdown())
                    .as(l.resourceType() + ": " + l.note())
                    .extracting(LabelPolicy.Entry::rule)
                    .containsExactly(
                            "capacity increased", "estimated monthly cost up by more than 50% or more than $500");
        }
        assertThat(kinds).contains("StatefulSet", "Deployment");
    }

    @Test
    void theSourceDestinationCheckATroubleshooterTurnsOffIsDeclaredOnCloudFormationInstancesToo() {
        Label l = build(
                9,
                new CaseSpec(
                        1,
                        Family.MANUAL_TROUBLESHOOTING,
                        driver(CatalogRow.AWS_EC2_MODIFY_INSTANCE_ATTRIBUTE),
                        "cloudformation",
                        "single",
                        world.services().get(0),
                        START.plus(Duration.ofHours(2)),
                        false),
                new Ledger());
        assertThat(l.note()).contains("source/destination check turned off");
        assertThat(l.expect().id()).isEqualTo("drift");
        // drift only if the template declares the attribute (docs/design/taxonomy.md: only declared attributes are
        // managed)
        String templates = iac.files().entrySet().stream()
                .filter(e -> e.getKey().endsWith("template.yaml"))
                .map(e -> new String(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .reduce("", String::concat);
        assertThat(templates).contains("Type: AWS::EC2::Instance").contains("SourceDestCheck: true");
    }

    @Test
    void jiraKeysAreDrawnAgainOnlyOnACollision() {
        Ledger ledger = new Ledger();
        Set<String> keys = new HashSet<>();
        Rng r = new Rng(1);
        for (int i = 0; i < 900; i++) {
            assertThat(keys.add(ledger.jiraKey("SEC", 100, 900, r))).isTrue();
        }
        assertThat(keys).hasSize(900);
        // no collision: the same key a plain draw gives, so data sets without one are unchanged
        String plain = "OPS-" + (1000 + new Rng(4).nextInt(8000));
        assertThat(new Ledger().jiraKey("OPS", 1000, 8000, new Rng(4))).isEqualTo(plain);
        // a key the cases took is never handed to background traffic
        assertThat(new JiraKeys(Set.of(plain)).next("OPS", 1000, 8000, new Rng(4)))
                .isNotEqualTo(plain);
    }
}
