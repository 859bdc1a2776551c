package io.driftguard.judge.policy;

import static io.driftguard.judge.testing.Episodes.HTTPS_LB;
import static io.driftguard.judge.testing.Episodes.SSH_WORLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.driftguard.core.config.ConfigLoader;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.finding.Finding.SeverityEntry;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.judge.semantics.ChangeSemantics;
import io.driftguard.judge.testing.Episodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeverityPolicyTest {

    static SeverityPolicy.Assessment rate(SeverityPolicy policy, Episodes e) {
        Finding f = e.build().finding();
        return policy.evaluate(f, ChangeSemantics.of(f));
    }

    static SeverityPolicy.Assessment rate(Episodes e) {
        return rate(SeverityPolicy.defaults(), e);
    }

    /** One drift per row of docs/design/taxonomy.md's severity table: path, declared, actual → dimension, level, rule. */
    @ParameterizedTest(name = "{0}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            ingress                                  | []                 | [SSH]                 | security    | high   | admin or database port open to 0.0.0.0/0 or ::/0
            acl                                      | "private"          | "public-read"         | security    | high   | storage made public
            managed_policy_arns                      | []                 | ["arn:aws:iam::aws:policy/AdministratorAccess"] | security | high | a policy granting * actions or admin roles
            encryption.sse_algorithm                 | "aws:kms"          | null                  | security    | high   | encryption disabled
            purge_protection                         | true               | false                 | security    | high   | MFA or key protection removed
            ingress                                  | []                 | [HTTPS]               | security    | medium | other ingress widened
            iam.members                              | []                 | ["roles/viewer user:x@example.com"] | security | medium | a new principal granted access
            ingress                                  | [HTTPS]            | []                    | security    | low    | tightening changes
            logging_enabled                          | true               | false                 | compliance  | high   | audit logging disabled
            backup_retention_period                  | 7                  | 1                     | compliance  | medium | backup retention lowered
            deletion_protection                      | true               | false                 | compliance  | medium | deletion protection off
            tags.CostCenter                          | "cc-1"             | null                  | compliance  | medium | required tags removed
            tags.Environment                         | "prod"             | "production"          | compliance  | low    | other tag changes
            desired_capacity                         | 6                  | 3                     | performance | high   | capacity reduced below declared by half or more
            desired_capacity                         | 6                  | 4                     | performance | medium | capacity reduced
            timeout                                  | 30                 | 3                     | performance | medium | timeouts lowered
            spec.replicas                            | 3                  | 6                     | performance | low    | capacity increased
            """)
    void everyDefaultRowFires(String path, String desired, String actual, String dimension, String level, String rule) {
        SeverityPolicy.Assessment s = rate(Episodes.aws("x", "r").change(path, expand(desired), expand(actual)));
        assertThat(s.entries())
                .extracting(SeverityEntry::dimension, SeverityEntry::level, SeverityEntry::rule)
                .contains(tuple(dimension, Severity.of(level), rule));
        assertThat(s.level()).isEqualTo(Severity.of(level));
    }

    @ParameterizedTest(name = "{0} -> {1}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            "t3.medium"  | "m5.4xlarge" | high   | estimated monthly cost up by more than 50% or more than $500
            "m5.xlarge"  | "m5.2xlarge" | high   | estimated monthly cost up by more than 50% or more than $500
            "m5.large"   | "t3.xlarge"  | high   | estimated monthly cost up by more than 50% or more than $500
            "m5.4xlarge" | "r5.4xlarge" | medium | estimated monthly cost up by more than 10%
            "m5.large"   | "m6i.large"  | low    | estimated monthly cost otherwise
            "t3.large"   | "t3.medium"  | low    | estimated monthly cost otherwise
            """)
    void costRows(String from, String to, String level, String rule) {
        SeverityPolicy.Assessment s = rate(Episodes.aws("aws_instance", "i-1").change("instance_type", from, to));
        assertThat(s.entries())
                .filteredOn(e -> e.dimension().equals("cost"))
                .extracting(SeverityEntry::level, SeverityEntry::rule)
                .containsExactly(tuple(Severity.of(level), rule));
    }

    @Test
    void overallIsTheHighestEntryAndDetailsNameTheEvidence() {
        SeverityPolicy.Assessment s = rate(Episodes.aws("aws_security_group", "sg-1")
                .change("ingress", "[" + HTTPS_LB + "]", "[" + SSH_WORLD + "]")
                .change("tags.Owner", "\"a\"", "\"b\""));
        assertThat(s.level()).isEqualTo(Severity.HIGH);
        assertThat(s.entries())
                .extracting(SeverityEntry::level)
                .containsExactly(Severity.HIGH, Severity.LOW, Severity.LOW);
        assertThat(s.entries().get(0).detail()).contains("22 (SSH)").contains("0.0.0.0/0");
    }

    @Test
    void noRuleFiredIsLowWithAnEmptyBreakdown() {
        SeverityPolicy.Assessment s =
                rate(Episodes.aws("aws_lambda_function", "fn").change("runtime", "\"python3.11\"", "\"python3.12\""));
        assertThat(s.level()).isEqualTo(Severity.LOW);
        assertThat(s.entries()).isEmpty();
    }

    @Test
    void overridesReplaceDropAndAddEntriesFirstMatchWins() {
        var config = ConfigLoader.parse("""
                policy:
                  severity:
                    - name: env-tag-matters
                      when: {path: "tags.Environment"}
                      level: high
                    - name: tags-are-cosmetic
                      when: {path: "tags.*"}
                      level: ignore
                    - name: runtime-is-compliance
                      when: {path: runtime}
                      dimension: compliance
                      level: medium
                """, "config.yaml");
        SeverityPolicy policy = new SeverityPolicy(
                PolicyOverrides.parse(config.policy(), config.origin()).severity());
        SeverityPolicy.Assessment env =
                rate(policy, Episodes.aws("x", "r").change("tags.Environment", "\"prod\"", "\"dev\""));
        assertThat(env.level()).isEqualTo(Severity.HIGH);
        assertThat(env.entries()).extracting(SeverityEntry::rule).containsExactly("env-tag-matters");
        SeverityPolicy.Assessment owner = rate(policy, Episodes.aws("x", "r").change("tags.Owner", "\"a\"", "\"b\""));
        assertThat(owner.entries()).isEmpty();
        SeverityPolicy.Assessment runtime =
                rate(policy, Episodes.aws("x", "r").change("runtime", "\"python3.11\"", "\"python3.12\""));
        assertThat(runtime.entries())
                .extracting(SeverityEntry::dimension, SeverityEntry::level, SeverityEntry::rule)
                .containsExactly(tuple("compliance", Severity.MEDIUM, "runtime-is-compliance"));
    }

    @Test
    void overrideByDefaultRuleId() {
        var config = ConfigLoader.parse("""
                policy:
                  severity:
                    - {name: capacity-up-is-fine, when: {default_rule: "performance.capacity_*", resource_type: Deployment}, level: ignore}
                """, "config.yaml");
        SeverityPolicy policy = new SeverityPolicy(
                PolicyOverrides.parse(config.policy(), config.origin()).severity());
        assertThat(rate(
                                policy,
                                Episodes.aws("Deployment", "c/ns/Deployment/web")
                                        .change("spec.replicas", "3", "1"))
                        .entries())
                .extracting(SeverityEntry::dimension)
                .containsOnly("cost");
        assertThat(rate(
                                policy,
                                Episodes.aws("StatefulSet", "c/ns/StatefulSet/db")
                                        .change("spec.replicas", "3", "1"))
                        .level())
                .isEqualTo(Severity.HIGH);
    }

    private static String expand(String v) {
        return v.replace("SSH", SSH_WORLD)
                .replace("HTTPS", "{\"from_port\":443,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":443}");
    }
}
