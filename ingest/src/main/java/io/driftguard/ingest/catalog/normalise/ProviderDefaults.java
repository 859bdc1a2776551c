package io.driftguard.ingest.catalog.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a resource is when a call removes a setting: the provider's default, so that removing a
 * setting that was declared at its default value is not drift.
 *
 * <ul>
 *   <li>{@code s3_sse_algorithm}: {@code DeleteBucketEncryption} leaves SSE-S3 ({@code AES256}),
 *       which S3 applies to every bucket since January 2023. A bucket declared with AES256 is
 *       unchanged; one declared with {@code aws:kms} drifts to AES256.</li>
 *   <li>{@code s3_public_access_block_flag}: {@code DeletePublicAccessBlock} leaves all four flags
 *       false, as a bucket that never had a block.</li>
 * </ul>
 *
 * <p>Decisions about defaults that are <em>not</em> filled in, on purpose:
 * <ul>
 *   <li>Security group egress: Terraform's {@code aws_security_group} removes AWS's default
 *       allow-all egress rule unless declared, and its state records the egress set it manages,
 *       so the state's {@code egress} is the declaration. A CloudFormation security group without
 *       {@code SecurityGroupEgress} keeps AWS's default rule but does not manage egress (its drift
 *       detection ignores the property), so no {@code egress} is declared for it.</li>
 *   <li>An all-traffic rule ({@code -1}) has no ports: EC2 ignores them and Terraform writes
 *       0–0, CloudTrail -1 or nothing; rule elements drop ports for protocol {@code -1}.</li>
 * </ul>
 */
public final class ProviderDefaults {

    private static final Map<String, JsonNode> DEFAULTS = new TreeMap<>(
            Map.of("s3_sse_algorithm", TextNode.valueOf("AES256"), "s3_public_access_block_flag", BooleanNode.FALSE));

    private ProviderDefaults() {}

    /**
     * The default of a named setting.
     *
     * @throws IllegalArgumentException for an unknown name (a table typo fails at load)
     */
    public static JsonNode value(String name) {
        JsonNode v = DEFAULTS.get(name);
        if (v == null) {
            throw new IllegalArgumentException(
                    "no provider default named '" + name + "' (known: " + DEFAULTS.keySet() + ")");
        }
        return v;
    }

    /** Whether an EC2 rule of this (normalised) protocol carries ports. */
    public static boolean ec2RuleHasPorts(String protocol) {
        return !"-1".equals(protocol);
    }
}
