package io.driftguard.pipeline.episode;

import static io.driftguard.ingest.catalog.TestEvents.aws;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.ResourceChange;
import io.driftguard.ingest.iac.cloudformation.CloudFormationReader;
import io.driftguard.ingest.iac.cloudformation.CloudFormationSamples;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every AWS catalog row against a Terraform state declaring the resources: a call that changes a
 * declared attribute drifts it, one that sets an equal value (after normalisation) or touches an
 * undeclared attribute does not. Desired state comes from the real reader, so both sides meet, and
 * each call goes through the episode operator's own rules ({@link CatalogDrift}).
 */
class AwsCatalogDriftTest {

    static CatalogDrift f;

    @BeforeAll
    static void readFixture() {
        f = new CatalogDrift();
    }

    static List<String> drift(String id, AuditEvent e) {
        return f.drift(id, e);
    }

    @Nested
    class SecurityGroupRules {
        @Test
        void openingSshToTheWorldDriftsIngress() {
            // Stratus' legacy top-level shape; host bits in the CIDR (208.236.235.254/0 is 0.0.0.0/0).
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "AuthorizeSecurityGroupIngress",
                    "sg-0web",
                    "{\"cidrIp\":\"208.236.235.254/0\",\"fromPort\":22,\"groupId\":\"sg-0web\",\"ipPermissions\":{},\"ipProtocol\":\"tcp\",\"toPort\":22}");
            assertThat(drift("sg-0web", e)).containsExactly("ingress");
            String actual = f.change("sg-0web", e, "ingress").actual();
            assertThat(actual)
                    .contains("{\"from_port\":22,\"peer\":\"0.0.0.0/0\",\"protocol\":\"tcp\",\"to_port\":22}");
        }

        @Test
        void authorizingADeclaredRuleWithStringPortsIsNotDrift() {
            // Panther's console shape: ports as strings, ipRanges items.
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "AuthorizeSecurityGroupIngress",
                    "sg-0web",
                    "{\"groupId\":\"sg-0web\",\"ipPermissions\":{\"items\":[{\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]},"
                            + "\"prefixListIds\":{},\"fromPort\":\"443\",\"toPort\":\"443\",\"groups\":{},\"ipProtocol\":\"tcp\",\"ipv6Ranges\":{}}]}}");
            assertThat(drift("sg-0web", e)).isEmpty();
        }

        @Test
        void hostFormOfADeclaredNetworkAndProtocolNumberAreNotDrift() {
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "AuthorizeSecurityGroupIngress",
                    "sg-0web",
                    "{\"groupId\":\"sg-0web\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"6\",\"fromPort\":80,\"toPort\":80,"
                            + "\"ipRanges\":{\"items\":[{\"cidrIp\":\"10.0.77.9/16\",\"description\":\"other words\"}]}}]}}");
            assertThat(drift("sg-0web", e)).isEmpty();
        }

        @Test
        void selfReferenceInTerraformMatchesTheGroupIdInTheLog() {
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "AuthorizeSecurityGroupIngress",
                    "sg-0web",
                    "{\"groupId\":\"sg-0web\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":8443,\"toPort\":8443,"
                            + "\"groups\":{\"items\":[{\"groupId\":\"sg-0web\",\"userId\":\"123456789012\"}]}}]}}");
            assertThat(drift("sg-0web", e)).isEmpty();
        }

        @Test
        void revokingADeclaredRuleDriftsIngress() {
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "RevokeSecurityGroupIngress",
                    "sg-0web",
                    "{\"groupId\":\"sg-0web\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":443,\"toPort\":443,"
                            + "\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]}}]}}");
            assertThat(drift("sg-0web", e)).containsExactly("ingress");
        }

        @Test
        void revokingByRuleIdMakesIngressUnknown() {
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "RevokeSecurityGroupIngress",
                    "sg-0web",
                    "{\"groupId\":\"sg-0web\",\"securityGroupRuleIds\":{\"items\":[{\"securityGroupRuleId\":\"sgr-0abc\"}]}}");
            assertThat(drift("sg-0web", e)).containsExactly("ingress");
            assertThat(f.change("sg-0web", e, "ingress").actualKnown())
                    .as("actual unknown")
                    .isFalse();
        }

        @Test
        void allTrafficEgressAlreadyDeclaredIsNotDriftWhateverThePorts() {
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "AuthorizeSecurityGroupEgress",
                    "sg-0web",
                    "{\"groupId\":\"sg-0web\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"-1\",\"fromPort\":-1,\"toPort\":-1,"
                            + "\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]}}]}}");
            assertThat(drift("sg-0web", e)).isEmpty();
        }

        @Test
        void revokingDefaultEgressDriftsEgress() {
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "RevokeSecurityGroupEgress",
                    "sg-0web",
                    "{\"groupId\":\"sg-0web\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"-1\",\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]}}]}}");
            assertThat(drift("sg-0web", e)).containsExactly("egress");
        }

        @Test
        void aRuleAddedBesideRuleResourcesIsDriftOnTheGroupsRecordedRules() {
            DesiredResource rules = f.get("sg-0rules");
            assertThat(rules.resourceType()).isEqualTo("aws_security_group");
            assertThat(rules.attributes()).containsKey("ingress");
            AuditEvent added = aws(
                    "ec2.amazonaws.com",
                    "AuthorizeSecurityGroupIngress",
                    "sg-0rules",
                    "{\"groupId\":\"sg-0rules\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":9000,\"toPort\":9000,"
                            + "\"ipRanges\":{\"items\":[{\"cidrIp\":\"10.1.0.0/16\"}]}}]}}");
            assertThat(drift("sg-0rules", added))
                    .as("a rule beside the rule resources")
                    .containsExactly("ingress");

            AuditEvent revoked = aws(
                    "ec2.amazonaws.com",
                    "RevokeSecurityGroupIngress",
                    "sg-0rules",
                    "{\"groupId\":\"sg-0rules\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":\"8080\",\"toPort\":\"8080\","
                            + "\"ipRanges\":{\"items\":[{\"cidrIp\":\"172.16.0.0/12\"}]}}]}}");
            assertThat(drift("sg-0rules", revoked))
                    .containsExactlyInAnyOrder(
                            "ingress",
                            "ingress_rule.{\"from_port\":8080,\"peer\":\"172.16.0.0/12\",\"protocol\":\"tcp\",\"to_port\":8080}");
        }
    }

    @Nested
    class Tags {
        @Test
        void changingADeclaredTagDriftsThatTagOnly() {
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "CreateTags",
                    null,
                    "{\"resourcesSet\":{\"items\":[{\"resourceId\":\"sg-0web\"},{\"resourceId\":\"i-0app\"}]},"
                            + "\"tagSet\":{\"items\":[{\"key\":\"Owner\",\"value\":\"team-b\"},{\"key\":\"CostCenter\",\"value\":\"42\"}]}}");
            assertThat(drift("sg-0web", e)).containsExactly("tags.Owner");
            assertThat(drift("i-0app", e)).as("an undeclared tag key").isEmpty();
            assertThat(f.catalog.interpret(e))
                    .extracting(ResourceChange::resourceType)
                    .containsExactly("AWS::EC2::SecurityGroup", "AWS::EC2::Instance");
        }

        @Test
        void deletingADeclaredTagDriftsIt() {
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "DeleteTags",
                    null,
                    "{\"resourcesSet\":{\"items\":[{\"resourceId\":\"vpc-0main\"}]},\"tagSet\":{\"items\":[{\"key\":\"Name\"}]}}");
            assertThat(drift("vpc-0main", e)).containsExactly("tags.Name");
        }

        @Test
        void providerTagsAndUndeclaredKeysAreNotDrift() {
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "CreateTags",
                    null,
                    "{\"resourcesSet\":{\"items\":[{\"resourceId\":\"i-0app\"}]},"
                            + "\"tagSet\":{\"items\":[{\"key\":\"aws:cloudformation:stack-name\",\"value\":\"x\"},{\"key\":\"Name\",\"value\":\"app\"}]}}");
            assertThat(drift("i-0app", e)).isEmpty();
            assertThat(f.catalog.interpret(e).get(0).changes())
                    .extracting(AttributeChange::path)
                    .containsExactly("tags.Name");
        }
    }

    @Nested
    class Instances {
        @Test
        void instanceTypeChangeDrifts() {
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "ModifyInstanceAttribute",
                    "i-0app",
                    "{\"instanceId\":\"i-0app\",\"instanceType\":{\"value\":\"t3.large\"}}");
            assertThat(drift("i-0app", e)).containsExactly("instance_type");
        }

        @Test
        void sameInstanceTypeIsNotDrift() {
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "ModifyInstanceAttribute",
                    "i-0app",
                    "{\"instanceId\":\"i-0app\",\"instanceType\":{\"value\":\"t3.medium\"}}");
            assertThat(drift("i-0app", e)).isEmpty();
        }

        @Test
        void legacyAttributeValueFormIsRead() {
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "ModifyInstanceAttribute",
                    "i-0app",
                    "{\"instanceId\":\"i-0app\",\"attribute\":\"disableApiTermination\",\"value\":\"true\"}");
            assertThat(drift("i-0app", e)).containsExactly("disable_api_termination");
        }

        @Test
        void securityGroupSetComparesAsASet() {
            AuditEvent same = aws(
                    "ec2.amazonaws.com",
                    "ModifyInstanceAttribute",
                    "i-0app",
                    "{\"instanceId\":\"i-0app\",\"groupSet\":{\"items\":[{\"groupId\":\"sg-0web\"}]}}");
            assertThat(drift("i-0app", same)).isEmpty();
            AuditEvent more = aws(
                    "ec2.amazonaws.com",
                    "ModifyInstanceAttribute",
                    "i-0app",
                    "{\"instanceId\":\"i-0app\",\"groupSet\":{\"items\":[{\"groupId\":\"sg-0zzz\"},{\"groupId\":\"sg-0web\"}]}}");
            assertThat(drift("i-0app", more)).containsExactly("security_groups");
        }

        @Test
        void sourceDestCheckOffDrifts() {
            AuditEvent e = aws(
                    "ec2.amazonaws.com",
                    "ModifyInstanceAttribute",
                    "i-0app",
                    "{\"instanceId\":\"i-0app\",\"sourceDestCheck\":{\"value\":false}}");
            assertThat(drift("i-0app", e)).containsExactly("source_dest_check");
        }
    }

    @Nested
    class S3 {
        String put(String op, String request) {
            return request;
        }

        @Test
        void publicAclDriftsAndPrivateGrantsAreNot() {
            AuditEvent publicRead = aws(
                    "s3.amazonaws.com",
                    "PutBucketAcl",
                    "checkout-assets",
                    "{\"host\":[\"checkout-assets.s3.eu-west-1.amazonaws.com\"],\"bucketName\":\"checkout-assets\",\"acl\":[\"\"],\"x-amz-acl\":[\"public-read\"]}");
            assertThat(drift("checkout-assets", publicRead)).containsExactly("acl");
            // The AWS docs' shape: explicit grants, only the owner's FULL_CONTROL = private.
            AuditEvent ownerOnly = aws(
                    "s3.amazonaws.com",
                    "PutBucketAcl",
                    "checkout-assets",
                    "{\"bucketName\":\"checkout-assets\",\"AccessControlPolicy\":{\"AccessControlList\":{\"Grant\":{\"Grantee\":"
                            + "{\"xsi:type\":\"CanonicalUser\",\"ID\":\"d25639fb\"},\"Permission\":\"FULL_CONTROL\"}},\"Owner\":{\"ID\":\"d25639fb\"}},\"acl\":[\"\"]}");
            assertThat(drift("checkout-assets", ownerOnly)).isEmpty();
        }

        @Test
        void publicPolicyDrifts() {
            AuditEvent e = aws(
                    "s3.amazonaws.com",
                    "PutBucketPolicy",
                    "checkout-assets",
                    "{\"bucketName\":\"checkout-assets\",\"bucketPolicy\":{\"Statement\":[{\"Action\":\"s3:GetObject\",\"Effect\":\"Allow\","
                            + "\"Principal\":{\"AWS\":\"*\"},\"Resource\":\"arn:aws:s3:::checkout-assets/*\",\"Sid\":\"Public\"}],\"Version\":\"2012-10-17\"},\"policy\":[\"\"]}");
            assertThat(drift("checkout-assets", e)).containsExactly("policy");
        }

        @Test
        void theDeclaredPolicyInAnotherShapeIsNotDrift() {
            // Statement as one object, Action as a one-element list, keys in another order.
            AuditEvent e = aws(
                    "s3.amazonaws.com",
                    "PutBucketPolicy",
                    "checkout-assets",
                    "{\"bucketName\":\"checkout-assets\",\"bucketPolicy\":{\"Version\":\"2012-10-17\",\"Statement\":{\"Resource\":\"arn:aws:s3:::checkout-assets/*\","
                            + "\"Action\":[\"s3:GetObject\"],\"Principal\":{\"AWS\":[\"arn:aws:iam::123456789012:role/cdn\"]},\"Effect\":\"Allow\",\"Sid\":\"CloudFrontRead\"}}}");
            assertThat(drift("checkout-assets", e)).isEmpty();
        }

        @Test
        void deletingTheDeclaredPolicyDrifts() {
            assertThat(drift(
                            "checkout-assets",
                            aws(
                                    "s3.amazonaws.com",
                                    "DeleteBucketPolicy",
                                    "checkout-assets",
                                    "{\"bucketName\":\"checkout-assets\",\"policy\":[\"\"]}")))
                    .containsExactly("policy");
        }

        @Test
        void publicAccessBlock() {
            String all =
                    "{\"bucketName\":\"checkout-assets\",\"PublicAccessBlockConfiguration\":{\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\","
                            + "\"RestrictPublicBuckets\":true,\"BlockPublicPolicy\":true,\"BlockPublicAcls\":true,\"IgnorePublicAcls\":true},\"publicAccessBlock\":[\"\"]}";
            assertThat(drift(
                            "checkout-assets", aws("s3.amazonaws.com", "PutPublicAccessBlock", "checkout-assets", all)))
                    .isEmpty();
            String weaker =
                    "{\"bucketName\":\"checkout-assets\",\"PublicAccessBlockConfiguration\":{\"RestrictPublicBuckets\":true,\"BlockPublicPolicy\":true,\"IgnorePublicAcls\":true}}";
            assertThat(drift(
                            "checkout-assets",
                            aws("s3.amazonaws.com", "PutPublicAccessBlock", "checkout-assets", weaker)))
                    .containsExactly("public_access_block.block_public_acls");
            assertThat(drift(
                            "checkout-assets",
                            aws(
                                    "s3.amazonaws.com",
                                    "DeletePublicAccessBlock",
                                    "checkout-assets",
                                    "{\"bucketName\":\"checkout-assets\",\"publicAccessBlock\":[\"\"]}")))
                    .hasSize(4);
        }

        @Test
        void versioningFromTheSplitResourceWins() {
            assertThat(f.get("checkout-assets").attributes()).containsEntry("versioning.enabled", "true");
            assertThat(
                            drift(
                                    "checkout-assets",
                                    aws(
                                            "s3.amazonaws.com",
                                            "PutBucketVersioning",
                                            "checkout-assets",
                                            "{\"bucketName\":\"checkout-assets\",\"VersioningConfiguration\":{\"Status\":\"Suspended\"},\"versioning\":[\"\"]}")))
                    .containsExactly("versioning.enabled");
            assertThat(
                            drift(
                                    "checkout-assets",
                                    aws(
                                            "s3.amazonaws.com",
                                            "PutBucketVersioning",
                                            "checkout-assets",
                                            "{\"bucketName\":\"checkout-assets\",\"VersioningConfiguration\":{\"Status\":\"Enabled\"}}")))
                    .isEmpty();
        }

        @Test
        void encryption() {
            String aes =
                    "{\"bucketName\":\"checkout-assets\",\"ServerSideEncryptionConfiguration\":{\"Rule\":{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"AES256\"}}}}";
            assertThat(drift("checkout-assets", aws("s3.amazonaws.com", "PutBucketEncryption", "checkout-assets", aes)))
                    .containsExactly("encryption.sse_algorithm");
            assertThat(drift(
                            "checkout-assets",
                            aws(
                                    "s3.amazonaws.com",
                                    "DeleteBucketEncryption",
                                    "checkout-assets",
                                    "{\"bucketName\":\"checkout-assets\"}")))
                    .containsExactly("encryption.sse_algorithm");
            // Declared AES256: deleting the configuration leaves S3's default, AES256.
            assertThat(drift(
                            "checkout-logs",
                            aws(
                                    "s3.amazonaws.com",
                                    "DeleteBucketEncryption",
                                    "checkout-logs",
                                    "{\"bucketName\":\"checkout-logs\"}")))
                    .isEmpty();
        }

        @Test
        void loggingOnlyWhereDeclared() {
            String off =
                    "{\"bucketName\":\"%s\",\"BucketLoggingStatus\":{\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\"},\"logging\":[\"\"]}";
            assertThat(f.get("checkout-assets").attributes()).doesNotContainKey("logging.target_bucket");
            assertThat(drift(
                            "checkout-assets",
                            aws(
                                    "s3.amazonaws.com",
                                    "PutBucketLogging",
                                    "checkout-assets",
                                    off.formatted("checkout-assets"))))
                    .isEmpty();
            assertThat(drift(
                            "checkout-logs",
                            aws(
                                    "s3.amazonaws.com",
                                    "PutBucketLogging",
                                    "checkout-logs",
                                    off.formatted("checkout-logs"))))
                    .containsExactlyInAnyOrder("logging.target_bucket", "logging.target_prefix");
            String same =
                    "{\"bucketName\":\"checkout-logs\",\"BucketLoggingStatus\":{\"LoggingEnabled\":{\"TargetBucket\":\"central-logs\",\"TargetPrefix\":\"checkout/\"}}}";
            assertThat(drift("checkout-logs", aws("s3.amazonaws.com", "PutBucketLogging", "checkout-logs", same)))
                    .isEmpty();
        }

        @Test
        void taggingReplacesTheWholeSet() {
            String keep =
                    "{\"bucketName\":\"checkout-assets\",\"Tagging\":{\"TagSet\":{\"Tag\":[{\"Key\":\"team\",\"Value\":\"payments\"},{\"Key\":\"scan\",\"Value\":\"1\"}]}}}";
            assertThat(drift("checkout-assets", aws("s3.amazonaws.com", "PutBucketTagging", "checkout-assets", keep)))
                    .isEmpty();
            String drop =
                    "{\"bucketName\":\"checkout-assets\",\"Tagging\":{\"TagSet\":{\"Tag\":{\"Key\":\"scan\",\"Value\":\"1\"}}}}";
            assertThat(drift("checkout-assets", aws("s3.amazonaws.com", "PutBucketTagging", "checkout-assets", drop)))
                    .containsExactly("tags.team");
        }
    }

    @Nested
    class Rds {
        @Test
        void makingTheDatabasePublicDrifts() {
            // Panther's ModifyDBInstance shape; the identifier's case differs, as RDS allows.
            AuditEvent e = aws(
                    "rds.amazonaws.com",
                    "ModifyDBInstance",
                    "Checkout-DB",
                    "{\"dBInstanceIdentifier\":\"Checkout-DB\",\"publiclyAccessible\":true,\"applyImmediately\":true}");
            assertThat(drift("checkout-db", e)).containsExactly("publicly_accessible");
        }

        @Test
        void eachAttribute() {
            assertThat(
                            drift(
                                    "checkout-db",
                                    aws(
                                            "rds.amazonaws.com",
                                            "ModifyDBInstance",
                                            "checkout-db",
                                            "{\"dBInstanceIdentifier\":\"checkout-db\",\"dBInstanceClass\":\"db.r5.large\",\"allocatedStorage\":100,"
                                                    + "\"backupRetentionPeriod\":0,\"deletionProtection\":false,\"multiAZ\":false}")))
                    .containsExactlyInAnyOrder(
                            "instance_class",
                            "allocated_storage",
                            "backup_retention_period",
                            "deletion_protection",
                            "multi_az");
        }

        @Test
        void equalValuesAreNotDrift() {
            assertThat(
                            drift(
                                    "checkout-db",
                                    aws(
                                            "rds.amazonaws.com",
                                            "ModifyDBInstance",
                                            "checkout-db",
                                            "{\"dBInstanceIdentifier\":\"checkout-db\",\"dBInstanceClass\":\"db.t3.medium\",\"allocatedStorage\":\"20\",\"multiAZ\":true}")))
                    .isEmpty();
        }
    }

    @Nested
    class Lambda {
        @Test
        void memoryChangeDriftsEvenWithTheApiVersionSuffix() {
            AuditEvent e = aws(
                    "lambda.amazonaws.com",
                    "UpdateFunctionConfiguration20150331v2",
                    "checkout-api",
                    "{\"functionName\":\"arn:aws:lambda:eu-west-1:123456789012:function:checkout-api\",\"memorySize\":1024,\"timeout\":30}");
            assertThat(drift("checkout-api", e)).containsExactly("memory_size");
        }

        @Test
        void hiddenEnvironmentIsDriftWithUnknownValue() {
            AuditEvent e = aws(
                    "lambda.amazonaws.com",
                    "UpdateFunctionConfiguration",
                    "checkout-api",
                    "{\"functionName\":\"checkout-api\",\"environment\":{\"variables\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"}}");
            assertThat(drift("checkout-api", e)).containsExactly("environment");
            assertThat(f.change("checkout-api", e, "environment").actualKnown())
                    .as("actual unknown")
                    .isFalse();
        }

        @Test
        void hiddenEnvironmentOfAFunctionDeclaringNoneIsNotDrift() {
            AuditEvent e = aws(
                    "lambda.amazonaws.com",
                    "UpdateFunctionConfiguration",
                    "checkout-worker",
                    "{\"functionName\":\"checkout-worker\",\"environment\":{\"variables\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"}}");
            assertThat(drift("checkout-worker", e)).isEmpty();
        }

        @Test
        void runtimeAndEqualEnvironment() {
            assertThat(
                            drift(
                                    "checkout-api",
                                    aws(
                                            "lambda.amazonaws.com",
                                            "UpdateFunctionConfiguration",
                                            "checkout-api",
                                            "{\"functionName\":\"checkout-api\",\"runtime\":\"python3.13\",\"environment\":{\"variables\":{\"TABLE\":\"orders\",\"LOG_LEVEL\":\"INFO\"}}}")))
                    .containsExactly("runtime");
        }
    }

    @Nested
    class IamRoles {
        @Test
        void attachingAdminDriftsAManagedSet() {
            AuditEvent e = aws(
                    "iam.amazonaws.com",
                    "AttachRolePolicy",
                    "checkout-app",
                    "{\"policyArn\":\"arn:aws:iam::aws:policy/AdministratorAccess\",\"roleName\":\"checkout-app\"}");
            assertThat(drift("checkout-app", e)).containsExactly("managed_policy_arns");
            AuditEvent again = aws(
                    "iam.amazonaws.com",
                    "AttachRolePolicy",
                    "checkout-app",
                    "{\"policyArn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\",\"roleName\":\"checkout-app\"}");
            assertThat(drift("checkout-app", again)).isEmpty();
            AuditEvent detach = aws(
                    "iam.amazonaws.com",
                    "DetachRolePolicy",
                    "checkout-app",
                    "{\"policyArn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\",\"roleName\":\"checkout-app\"}");
            assertThat(drift("checkout-app", detach)).containsExactly("managed_policy_arns");
        }

        @Test
        void aPolicyAttachedBesideAttachmentResourcesIsDrift() {
            assertThat(f.get("checkout-deployer").attributes()).containsKey("managed_policy_arns");
            assertThat(
                            drift(
                                    "checkout-deployer",
                                    aws(
                                            "iam.amazonaws.com",
                                            "AttachRolePolicy",
                                            "checkout-deployer",
                                            "{\"policyArn\":\"arn:aws:iam::aws:policy/AdministratorAccess\",\"roleName\":\"checkout-deployer\"}")))
                    .containsExactly("managed_policy_arns");
            assertThat(
                            drift(
                                    "checkout-deployer",
                                    aws(
                                            "iam.amazonaws.com",
                                            "DetachRolePolicy",
                                            "checkout-deployer",
                                            "{\"policyArn\":\"arn:aws:iam::aws:policy/PowerUserAccess\",\"roleName\":\"checkout-deployer\"}")))
                    .containsExactlyInAnyOrder(
                            "managed_policy_arns", "managed_policy_arn.arn:aws:iam::aws:policy/PowerUserAccess");
        }

        @Test
        void inlinePolicies() {
            String sameDocOtherForm =
                    "{\\\"Statement\\\":{\\\"Resource\\\":[\\\"arn:aws:s3:::checkout-assets/*\\\",\\\"arn:aws:s3:::checkout-assets\\\"],"
                            + "\\\"Action\\\":[\\\"s3:ListBucket\\\",\\\"s3:GetObject\\\"],\\\"Effect\\\":\\\"Allow\\\"},\\\"Version\\\":\\\"2012-10-17\\\"}";
            assertThat(drift(
                            "checkout-app",
                            aws(
                                    "iam.amazonaws.com",
                                    "PutRolePolicy",
                                    "checkout-app",
                                    "{\"roleName\":\"checkout-app\",\"policyName\":\"s3-read\",\"policyDocument\":\""
                                            + sameDocOtherForm + "\"}")))
                    .isEmpty();
            assertThat(
                            drift(
                                    "checkout-app",
                                    aws(
                                            "iam.amazonaws.com",
                                            "PutRolePolicy",
                                            "checkout-app",
                                            "{\"roleName\":\"checkout-app\",\"policyName\":\"backdoor\",\"policyDocument\":\"{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"*\\\",\\\"Resource\\\":\\\"*\\\"}]}\"}")))
                    .containsExactly("inline_policy_names");
            assertThat(drift(
                            "checkout-app",
                            aws(
                                    "iam.amazonaws.com",
                                    "DeleteRolePolicy",
                                    "checkout-app",
                                    "{\"roleName\":\"checkout-app\",\"policyName\":\"s3-read\"}")))
                    .containsExactlyInAnyOrder("inline_policy.s3-read", "inline_policy_names");
        }

        @Test
        void urlEncodedPolicyIsReadToo() {
            String encoded =
                    "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%5B%22s3%3AGetObject%22%2C%22s3%3AListBucket%22%5D%2C%22Resource%22%3A%5B%22arn%3Aaws%3As3%3A%3A%3Acheckout-assets%22%2C%22arn%3Aaws%3As3%3A%3A%3Acheckout-assets%2F*%22%5D%7D%5D%7D";
            assertThat(drift(
                            "checkout-app",
                            aws(
                                    "iam.amazonaws.com",
                                    "PutRolePolicy",
                                    "checkout-app",
                                    "{\"roleName\":\"checkout-app\",\"policyName\":\"s3-read\",\"policyDocument\":\""
                                            + encoded + "\"}")))
                    .isEmpty();
        }

        @Test
        void trustPolicy() {
            // Stratus' backdoor shape: the document as a pretty-printed JSON string.
            AuditEvent backdoor = aws(
                    "iam.amazonaws.com",
                    "UpdateAssumeRolePolicy",
                    "checkout-app",
                    "{\"policyDocument\":\"{\\n  \\\"Version\\\": \\\"2012-10-17\\\",\\n  \\\"Statement\\\": [\\n    {\\\"Effect\\\": \\\"Allow\\\", \\\"Principal\\\": {\\\"Service\\\": \\\"lambda.amazonaws.com\\\"}, \\\"Action\\\": \\\"sts:AssumeRole\\\"},\\n"
                            + "    {\\\"Effect\\\": \\\"Allow\\\", \\\"Principal\\\": {\\\"AWS\\\": \\\"arn:aws:iam::193672423079:root\\\"}, \\\"Action\\\": \\\"sts:AssumeRole\\\"}]}\",\"roleName\":\"checkout-app\"}");
            assertThat(drift("checkout-app", backdoor)).containsExactly("assume_role_policy");
            AuditEvent same = aws(
                    "iam.amazonaws.com",
                    "UpdateAssumeRolePolicy",
                    "checkout-app",
                    "{\"policyDocument\":\"{\\\"Statement\\\":{\\\"Action\\\":[\\\"sts:AssumeRole\\\"],\\\"Principal\\\":{\\\"Service\\\":[\\\"lambda.amazonaws.com\\\"]},\\\"Effect\\\":\\\"Allow\\\"},\\\"Version\\\":\\\"2012-10-17\\\"}\",\"roleName\":\"checkout-app\"}");
            assertThat(drift("checkout-app", same)).isEmpty();
        }
    }

    @Nested
    class AutoScaling {
        @Test
        void capacity() {
            assertThat(drift(
                            "checkout-asg",
                            aws(
                                    "autoscaling.amazonaws.com",
                                    "UpdateAutoScalingGroup",
                                    "checkout-asg",
                                    "{\"autoScalingGroupName\":\"checkout-asg\",\"maxSize\":10,\"minSize\":2}")))
                    .containsExactly("max_size");
            assertThat(
                            drift(
                                    "checkout-asg",
                                    aws(
                                            "autoscaling.amazonaws.com",
                                            "SetDesiredCapacity",
                                            "checkout-asg",
                                            "{\"autoScalingGroupName\":\"checkout-asg\",\"desiredCapacity\":3,\"honorCooldown\":false}")))
                    .isEmpty();
            assertThat(drift(
                            "checkout-asg",
                            aws(
                                    "autoscaling.amazonaws.com",
                                    "SetDesiredCapacity",
                                    "checkout-asg",
                                    "{\"autoScalingGroupName\":\"checkout-asg\",\"desiredCapacity\":1}")))
                    .containsExactly("desired_capacity");
        }
    }

    @Nested
    class CloudTrail {
        @Test
        void stopLoggingByArnDrifts() {
            assertThat(drift(
                            "org-trail",
                            aws(
                                    "cloudtrail.amazonaws.com",
                                    "StopLogging",
                                    null,
                                    "{\"name\":\"arn:aws:cloudtrail:eu-west-1:123456789012:trail/org-trail\"}")))
                    .containsExactly("logging_enabled");
            assertThat(drift(
                            "org-trail",
                            aws("cloudtrail.amazonaws.com", "StartLogging", null, "{\"name\":\"org-trail\"}")))
                    .isEmpty();
        }

        @Test
        void updateTrail() {
            assertThat(
                            drift(
                                    "org-trail",
                                    aws(
                                            "cloudtrail.amazonaws.com",
                                            "UpdateTrail",
                                            "org-trail",
                                            "{\"name\":\"org-trail\",\"isMultiRegionTrail\":false,\"enableLogFileValidation\":true}")))
                    .containsExactly("multi_region");
        }
    }

    @Nested
    class CloudFormation {
        @Test
        void authorizingTheDeclaredSshRuleIsNotDriftButRdpIs(@TempDir Path tmp) throws Exception {
            Path dir = CloudFormationSamples.stack(
                    tmp, CloudFormationSamples.INSTANCE_WITH_SECURITY_GROUP_YAML, "template.yaml");
            DesiredResource sg = CloudFormationSamples.byId(
                            CloudFormationReader.builtIn().readStack(dir, "web", "web"))
                    .get("sg-0cfn");
            assertThat(
                            f.drift(
                                    sg,
                                    aws(
                                            "ec2.amazonaws.com",
                                            "AuthorizeSecurityGroupIngress",
                                            "sg-0cfn",
                                            "{\"groupId\":\"sg-0cfn\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":22,\"toPort\":22,\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]}}]}}")))
                    .isEmpty();
            assertThat(
                            f.drift(
                                    sg,
                                    aws(
                                            "ec2.amazonaws.com",
                                            "AuthorizeSecurityGroupIngress",
                                            "sg-0cfn",
                                            "{\"groupId\":\"sg-0cfn\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":3389,\"toPort\":3389,\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]}}]}}")))
                    .containsExactly("ingress");
        }
    }
}
