package io.driftguard.core.state;

import io.driftguard.core.event.Cloud;
import java.util.Locale;

/**
 * The key on which changes and desired state meet: the cloud plus the provider's resource id.
 *
 * <p>Azure resource ids are case-insensitive (the Activity Log's casing is not stable) and GCP and
 * Kubernetes names are lower case by rule, so those are folded; AWS ids keep their case (S3 and
 * IAM names differ by case in the wild). The account is not part of the key because Terraform state
 * does not always record it; AWS ids (sg-…, i-…, bucket names) and full GCP, Azure and Kubernetes
 * names already carry their scope.
 */
public final class ResourceKey {

    private ResourceKey() {}

    public static String of(Cloud cloud, String resourceId) {
        String id = cloud == Cloud.AWS ? resourceId : resourceId.toLowerCase(Locale.ROOT);
        return cloud.wireName() + ":" + id;
    }
}
