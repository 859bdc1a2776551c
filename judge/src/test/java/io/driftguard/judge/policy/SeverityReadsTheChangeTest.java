package io.driftguard.judge.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.finding.Finding.SeverityEntry;
import io.driftguard.core.vocabulary.Severity;
import io.driftguard.judge.semantics.ChangeSemantics;
import io.driftguard.judge.testing.Episodes;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default severity where the policy has to read what a change does: policy documents statement
 * by statement, customer-managed keys replaced by the provider's, and counts priced per unit, on
 * every cloud. Values are in the canonical shapes the catalog emits.
 */
class SeverityReadsTheChangeTest {

    static final String PRINCIPAL_GRANTED = "a new principal granted access";
    static final String WILDCARD = "a policy granting * actions or admin roles";
    static final String TIGHTENED = "tightening changes";
    static final String KEY = "MFA or key protection removed";
    static final String COST_HIGH = "estimated monthly cost up by more than 50% or more than $500";
    static final String COST_MEDIUM = "estimated monthly cost up by more than 10%";
    static final String COST_LOW = "estimated monthly cost otherwise";

    static SeverityPolicy.Assessment rate(Episodes e) {
        Finding f = e.build().finding();
        return SeverityPolicy.defaults().evaluate(f, ChangeSemantics.of(f));
    }

    static Episodes on(Cloud cloud, String type, String id) {
        return Episodes.aws(type, id).cloud(cloud);
    }

    static String doc(String... statements) {
        return "{\"Statement\":[" + String.join(",", statements) + "],\"Version\":\"2012-10-17\"}";
    }

    static final String DENY_DELETE =
            "{\"Action\":[\"s3:DeleteBucket\",\"s3:DeleteObject\"],\"Effect\":\"Deny\",\"Resource\":[\"*\"],\"Sid\":\"NoDeletes\"}";
    static final String DENY_OUTSIDE_VPC = "{\"Action\":[\"*\"],\"Condition\":{\"StringNotEquals\":{\"aws:SourceVpc\":"
            + "[\"vpc-1\"]}},\"Effect\":\"Deny\",\"Resource\":[\"*\"],\"Sid\":\"OnlyFromVpc\"}";
    static final String ALLOW_ALL =
            "{\"Action\":[\"*\"],\"Effect\":\"Allow\",\"Resource\":[\"*\"],\"Sid\":\"BreakGlass\"}";
    static final String ALLOW_READ =
            "{\"Action\":[\"s3:GetObject\"],\"Effect\":\"Allow\",\"Resource\":[\"arn:aws:s3:::logs/*\"],\"Sid\":\"Read\"}";

    @Nested
    class PolicyDocuments {

        @Test
        void aDenyOnlyInlinePolicyIsATighteningNeverANewGrant() {
            SeverityPolicy.Assessment s = rate(Episodes.aws("aws_iam_role", "app")
                    .change("inline_policy.guardrails", "null", doc(DENY_DELETE, DENY_OUTSIDE_VPC))
                    .change("inline_policy_names", "[\"app\"]", "[\"app\",\"guardrails\"]"));
            assertThat(s.level()).isEqualTo(Severity.LOW);
            assertThat(s.entries())
                    .extracting(SeverityEntry::rule)
                    .containsOnly(TIGHTENED)
                    .doesNotContain(PRINCIPAL_GRANTED);
            assertThat(s.entries().get(0).detail()).contains("Deny").contains("grants nothing");
        }

        @Test
        void aWildcardAllowIsHighAndAServiceWildcardToo() {
            assertThat(rate(Episodes.aws("aws_iam_role", "app")
                                    .change("inline_policy.break-glass", "null", doc(ALLOW_ALL)))
                            .entries())
                    .extracting(SeverityEntry::level, SeverityEntry::rule)
                    .containsExactly(tuple(Severity.HIGH, WILDCARD));
            String s3All = "{\"Action\":\"s3:*\",\"Effect\":\"Allow\",\"Resource\":\"*\"}";
            assertThat(rate(Episodes.aws("aws_iam_role", "app").change("inline_policy.s3", "null", doc(s3All)))
                            .level())
                    .isEqualTo(Severity.HIGH);
            String notAction = "{\"Effect\":\"Allow\",\"NotAction\":[\"iam:*\"],\"Resource\":\"*\"}";
            assertThat(rate(Episodes.aws("aws_iam_role", "app").change("inline_policy.most", "null", doc(notAction)))
                            .entries())
                    .extracting(SeverityEntry::rule)
                    .containsExactly(WILDCARD);
        }

        @Test
        void aNarrowAllowIsANewGrant() {
            SeverityPolicy.Assessment s =
                    rate(Episodes.aws("aws_iam_role", "app").change("inline_policy.read", "null", doc(ALLOW_READ)));
            assertThat(s.entries())
                    .extracting(SeverityEntry::level, SeverityEntry::rule)
                    .containsExactly(tuple(Severity.MEDIUM, PRINCIPAL_GRANTED));
            assertThat(s.entries().get(0).detail()).contains("s3:GetObject").contains("arn:aws:s3:::logs/*");
        }

        @Test
        void aDenyAddedBesideExistingAllowsOnlyTightens() {
            SeverityPolicy.Assessment s = rate(Episodes.aws("aws_iam_role", "app")
                    .change("inline_policy.app", doc(ALLOW_READ), doc(ALLOW_READ, DENY_DELETE)));
            assertThat(s.entries()).extracting(SeverityEntry::rule).containsExactly(TIGHTENED);
        }

        @Test
        void deletingADenyOnlyPolicyLoosensAndDeletingAnAllowTightens() {
            assertThat(rate(Episodes.aws("aws_iam_role", "app")
                                    .change("inline_policy.guardrails", doc(DENY_DELETE), "null")
                                    .change("inline_policy_names", "[\"guardrails\"]", "[]"))
                            .level())
                    .isEqualTo(Severity.MEDIUM);
            assertThat(rate(Episodes.aws("aws_iam_role", "app")
                                    .change("inline_policy.read", doc(ALLOW_READ), "null")
                                    .change("inline_policy_names", "[\"read\"]", "[]"))
                            .entries())
                    .extracting(SeverityEntry::rule)
                    .containsOnly(TIGHTENED);
        }

        @Test
        void anEditedStatementIsJudgedByWhatItGainedOrLost() {
            String readWrite = ALLOW_READ.replace("[\"s3:GetObject\"]", "[\"s3:GetObject\",\"s3:PutObject\"]");
            SeverityPolicy.Assessment narrowed = rate(
                    Episodes.aws("aws_iam_role", "app").change("inline_policy.app", doc(readWrite), doc(ALLOW_READ)));
            assertThat(narrowed.entries()).extracting(SeverityEntry::rule).containsExactly(TIGHTENED);
            SeverityPolicy.Assessment widened = rate(
                    Episodes.aws("aws_iam_role", "app").change("inline_policy.app", doc(ALLOW_READ), doc(readWrite)));
            assertThat(widened.entries()).extracting(SeverityEntry::rule).containsExactly(PRINCIPAL_GRANTED);
            assertThat(widened.entries().get(0).detail())
                    .contains("s3:PutObject")
                    .doesNotContain("s3:GetObject");
        }

        @Test
        void bucketPolicyStatementsAreReadTheSameWay() {
            String publicRead = "{\"Action\":[\"s3:GetObject\"],\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"*\"]},"
                    + "\"Resource\":[\"arn:aws:s3:::b/*\"]}";
            String denyInsecure =
                    "{\"Action\":[\"s3:*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":[\"false\"]}},"
                            + "\"Effect\":\"Deny\",\"Principal\":{\"AWS\":[\"*\"]},\"Resource\":[\"*\"]}";
            assertThat(rate(Episodes.aws("aws_s3_bucket", "b").change("policy", "null", doc(publicRead)))
                            .entries())
                    .extracting(SeverityEntry::level, SeverityEntry::rule)
                    .containsExactly(tuple(Severity.HIGH, "storage made public"));
            assertThat(rate(Episodes.aws("aws_s3_bucket", "b").change("policy", "null", doc(denyInsecure)))
                            .entries())
                    .extracting(SeverityEntry::level, SeverityEntry::rule)
                    .containsExactly(tuple(Severity.LOW, TIGHTENED));
            assertThat(rate(Episodes.aws("aws_s3_bucket", "b").change("policy", doc(denyInsecure), "null"))
                            .level())
                    .isEqualTo(Severity.MEDIUM);
        }
    }

    @Nested
    class KeyProtection {

        @ParameterizedTest(name = "{0} {2}: {3} -> {4}")
        @CsvSource(delimiter = '|', textBlock = """
                AWS   | aws_s3_bucket           | encryption.sse_algorithm              | "aws:kms"                                                   | "AES256"
                AWS   | aws_db_instance         | kms_key_id                            | "arn:aws:kms:eu-west-1:1:key/abcd"                          | null
                AWS   | aws_s3_bucket           | encryption.kms_master_key_id          | "arn:aws:kms:eu-west-1:1:key/abcd"                          | "alias/aws/s3"
                GCP   | google_storage_bucket   | encryption.default_kms_key_name       | "projects/p/locations/eu/keyRings/r/cryptoKeys/k"           | null
                GCP   | google_sql_database_instance | encryption_key_name              | "projects/p/locations/eu/keyRings/r/cryptoKeys/k"           | null
                AZURE | azurerm_storage_account | encryption.key_source                 | "Microsoft.Keyvault"                                        | "Microsoft.Storage"
                AZURE | azurerm_storage_account | customer_managed_key.key_vault_key_id | "https://kv.vault.azure.net/keys/k/1"                       | null
                """)
        void providerManagedEncryptionReplacingACustomerKeyIsHigh(
                Cloud cloud, String type, String path, String declared, String actual) {
            SeverityPolicy.Assessment s = rate(on(cloud, type, "r").change(path, declared, actual));
            assertThat(s.level()).isEqualTo(Severity.HIGH);
            assertThat(s.entries())
                    .extracting(SeverityEntry::dimension, SeverityEntry::rule)
                    .containsExactly(tuple("security", KEY));
            assertThat(s.entries().get(0).detail()).contains("provider-managed");
        }

        @Test
        void aCustomerKeyWhereTheProvidersWasDeclaredTightens() {
            assertThat(rate(on(Cloud.AZURE, "azurerm_storage_account", "r")
                                    .change("encryption.key_source", "\"Microsoft.Storage\"", "\"Microsoft.Keyvault\""))
                            .entries())
                    .extracting(SeverityEntry::rule)
                    .containsExactly(TIGHTENED);
            assertThat(rate(on(Cloud.GCP, "google_storage_bucket", "r")
                                    .change(
                                            "encryption.default_kms_key_name",
                                            "\"projects/p/k1\"",
                                            "\"projects/p/k2\""))
                            .entries())
                    .isEmpty();
        }
    }

    @Nested
    class PricedCounts {

        @ParameterizedTest(name = "{0} {1} {2}: {3} -> {4}")
        @CsvSource(delimiter = '|', textBlock = """
                AWS        | aws_autoscaling_group                   | desired_capacity | 3  | 5  | high   | 3 -> 5 x one instance (m5.large)
                AWS        | AWS::AutoScaling::AutoScalingGroup      | desired_capacity | 10 | 12 | medium | 10 -> 12 x one instance (m5.large)
                AWS        | aws_autoscaling_group                   | min_size         | 2  | 4  | high   | 2 -> 4 x one instance (m5.large)
                GCP        | google_compute_instance_group_manager   | target_size      | 3  | 5  | high   | 3 -> 5 x one instance (n2-standard-2)
                GCP        | google_compute_region_instance_group_manager | target_size | 10 | 11 | low    | 10 -> 11 x one instance (n2-standard-2)
                AZURE      | azurerm_linux_virtual_machine_scale_set | instances        | 4  | 5  | medium | 4 -> 5 x one instance (Standard_D2s_v3)
                KUBERNETES | Deployment                              | spec.replicas    | 3  | 5  | high   | 3 -> 5 x one pod
                KUBERNETES | StatefulSet                             | spec.replicas    | 6  | 3  | low    | 6 -> 3 x one pod
                KUBERNETES | Deployment                              | spec.replicas    | 2  | 3  | medium | 2 -> 3 x one pod
                KUBERNETES | StatefulSet                             | spec.replicas    | 2  | 3  | medium | 2 -> 3 x one pod
                KUBERNETES | Deployment                              | spec.replicas    | 4  | 7  | high   | 4 -> 7 x one pod
                AWS        | aws_autoscaling_group                   | desired_capacity | 10 | 11 | low    | 10 -> 11 x one instance (m5.large)
                """)
        void aCountChangeIsPricedAsUnitPriceTimesCount(
                Cloud cloud, String type, String path, String from, String to, String level, String basis) {
            SeverityPolicy.Assessment s = rate(on(cloud, type, "r").change(path, from, to));
            assertThat(s.entries())
                    .filteredOn(e -> e.dimension().equals("cost"))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.level()).isEqualTo(Severity.of(level));
                        assertThat(e.rule())
                                .isEqualTo(
                                        switch (level) {
                                            case "high" -> COST_HIGH;
                                            case "medium" -> COST_MEDIUM;
                                            default -> COST_LOW;
                                        });
                        assertThat(e.detail()).contains(basis);
                    });
        }

        @Test
        void exactlyFiftyAndTenPercentAreNotMoreThanFiftyAndTen() {
            // 35.04 -> 52.56 is +50% to the cent, though 52.56 - 35.04 is 17.520000000000003 in doubles
            assertThat(SeverityPolicy.costRule(35.04, 52.56)).isEqualTo(SeverityPolicy.COST_MEDIUM);
            assertThat(SeverityPolicy.costRule(35.04, 52.57)).isEqualTo(SeverityPolicy.COST_HIGH);
            assertThat(SeverityPolicy.costRule(700.80, 770.88)).isEqualTo(SeverityPolicy.COST_LOW);
            assertThat(SeverityPolicy.costRule(700.80, 770.89)).isEqualTo(SeverityPolicy.COST_MEDIUM);
            assertThat(SeverityPolicy.costRule(2000, 2500)).isEqualTo(SeverityPolicy.COST_MEDIUM);
            assertThat(SeverityPolicy.costRule(2000, 2500.01)).isEqualTo(SeverityPolicy.COST_HIGH);
            assertThat(SeverityPolicy.costRule(0, 10)).isEqualTo(SeverityPolicy.COST_HIGH);
            assertThat(SeverityPolicy.costRule(10, 0)).isEqualTo(SeverityPolicy.COST_LOW);
        }

        @Test
        void theDollarFigureIsUnitPriceTimesTheCountDelta() {
            Finding f = on(Cloud.AWS, "aws_autoscaling_group", "asg")
                    .change("desired_capacity", "3", "5")
                    .build()
                    .finding();
            ChangeSemantics.CostEstimate cost = ChangeSemantics.of(f).cost();
            assertThat(cost.delta()).isCloseTo(2 * 0.096 * 730, org.assertj.core.data.Offset.offset(0.02));
            assertThat(cost.relative()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(0.001));
        }

        @Test
        void aMaximumIsACeilingNotSpendAndAnUnknownUnitIsNotPriced() {
            assertThat(rate(on(Cloud.AWS, "aws_autoscaling_group", "asg").change("max_size", "4", "20"))
                            .entries())
                    .extracting(SeverityEntry::dimension)
                    .doesNotContain("cost");
            assertThat(rate(on(Cloud.AWS, "aws_lambda_function", "fn").change("memory_size", "512", "2048"))
                            .entries())
                    .extracting(SeverityEntry::dimension)
                    .doesNotContain("cost");
        }
    }
}
