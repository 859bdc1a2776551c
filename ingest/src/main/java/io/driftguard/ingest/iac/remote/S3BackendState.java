package io.driftguard.ingest.iac.remote;

import java.io.IOException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Terraform's {@code s3} backend: the state object {@code s3://bucket/key}, read with
 * {@code If-None-Match} on the last ETag, so an unchanged state costs one request and no download.
 * Needs {@code s3:GetObject} on the key (and the bucket's KMS key, if it is encrypted with one).
 */
public final class S3BackendState implements RemoteState {

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private String etag;

    public S3BackendState(S3Client s3, String bucket, String key) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
    }

    /** {@code s3://bucket/path/to/terraform.tfstate}. */
    public static S3BackendState of(S3Client s3, String url) {
        if (!url.startsWith("s3://") || url.indexOf('/', 5) < 0) {
            throw new IllegalArgumentException("expected s3://<bucket>/<key>, got " + url);
        }
        int slash = url.indexOf('/', 5);
        return new S3BackendState(s3, url.substring(5, slash), url.substring(slash + 1));
    }

    @Override
    public String name() {
        return ("s3-" + bucket + "-" + key).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public byte[] fetchIfChanged() throws IOException {
        try {
            ResponseBytes<GetObjectResponse> r =
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).ifNoneMatch(etag));
            etag = r.response().eTag();
            return r.asByteArray();
        } catch (S3Exception e) {
            if (e.statusCode() == 304) {
                return null;
            }
            throw new IOException("s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }
}
