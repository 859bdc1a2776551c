package io.driftguard.reconcile.aws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.iac.IacMapper;
import io.driftguard.reconcile.LiveReader;
import io.driftguard.reconcile.LiveResource;
import io.driftguard.reconcile.RateLimiter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.MFADeleteStatus;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 buckets, one bucket at a time (S3 has no batch read): versioning, tags, the public access block
 * and the bucket policy, each rendered as the Terraform resource that declares it
 * ({@code aws_s3_bucket}, {@code aws_s3_bucket_public_access_block}, {@code aws_s3_bucket_policy}) and
 * mapped by the catalog's rows. Encryption, ACLs and logging are not read yet.
 */
public final class S3BucketReader implements LiveReader {

    static final String READER = "GetBucketVersioning";
    private static final List<String> COVERED =
            List.of("versioning.enabled", "versioning.mfa_delete", "tags.*", "public_access_block.*", "policy");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final S3Client s3;
    private final RateLimiter limiter;
    private final IacMapper mapper;

    public S3BucketReader(S3Client s3, RateLimiter limiter, IacMapper mapper) {
        this.s3 = s3;
        this.limiter = limiter;
        this.mapper = mapper;
    }

    @Override
    public Set<String> iacTypes() {
        return Set.of(
                "aws_s3_bucket",
                "aws_s3_bucket_versioning",
                "aws_s3_bucket_public_access_block",
                "aws_s3_bucket_policy",
                "AWS::S3::Bucket",
                "AWS::S3::BucketPolicy");
    }

    @Override
    public List<LiveResource> read(List<DesiredResource> resources, List<String> problems) {
        List<LiveResource> out = new ArrayList<>();
        for (DesiredResource d : resources) {
            String bucket = d.resourceId();
            try {
                out.add(new LiveResource(d.key(), READER, attributes(bucket, problems), COVERED));
            } catch (S3Exception e) {
                if ("NoSuchBucket".equals(code(e)) || e.statusCode() == 404) {
                    out.add(LiveResource.deleted(d.key(), READER, COVERED));
                } else {
                    problems.add("s3://" + bucket + ": " + code(e) + " " + e.getMessage());
                }
            }
        }
        return out;
    }

    private Map<String, String> attributes(String bucket, List<String> problems) {
        Map<String, String> attrs = new LinkedHashMap<>();
        ObjectNode doc = NODES.objectNode();
        doc.put("bucket", bucket);
        limiter.acquire();
        GetBucketVersioningResponse v = s3.getBucketVersioning(b -> b.bucket(bucket));
        ObjectNode versioning = doc.putArray("versioning").addObject();
        versioning.put("enabled", v.status() == BucketVersioningStatus.ENABLED);
        versioning.put("mfa_delete", v.mfaDelete() == MFADeleteStatus.ENABLED);
        ObjectNode tags = doc.putObject("tags");
        limiter.acquire();
        try {
            s3.getBucketTagging(b -> b.bucket(bucket)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
        } catch (S3Exception e) {
            if (!"NoSuchTagSet".equals(code(e))) {
                throw e;
            }
        }
        attrs.putAll(AwsLive.map(mapper, "aws_s3_bucket", doc, problems));
        attrs.keySet().removeIf(p -> !p.startsWith("versioning.") && !p.startsWith("tags."));

        limiter.acquire();
        try {
            PublicAccessBlockConfiguration c =
                    s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
            ObjectNode pab = NODES.objectNode();
            pab.put("bucket", bucket);
            pab.put("block_public_acls", Boolean.TRUE.equals(c.blockPublicAcls()));
            pab.put("ignore_public_acls", Boolean.TRUE.equals(c.ignorePublicAcls()));
            pab.put("block_public_policy", Boolean.TRUE.equals(c.blockPublicPolicy()));
            pab.put("restrict_public_buckets", Boolean.TRUE.equals(c.restrictPublicBuckets()));
            attrs.putAll(AwsLive.map(mapper, "aws_s3_bucket_public_access_block", pab, problems));
        } catch (S3Exception e) {
            if (!"NoSuchPublicAccessBlockConfiguration".equals(code(e))) {
                throw e;
            }
        }
        limiter.acquire();
        try {
            ObjectNode policy = NODES.objectNode();
            policy.put("bucket", bucket);
            policy.put("policy", s3.getBucketPolicy(b -> b.bucket(bucket)).policy());
            attrs.putAll(AwsLive.map(mapper, "aws_s3_bucket_policy", policy, problems));
        } catch (S3Exception e) {
            if (!"NoSuchBucketPolicy".equals(code(e))) {
                throw e;
            }
        }
        return attrs;
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    @Override
    public void close() {
        s3.close();
    }
}
