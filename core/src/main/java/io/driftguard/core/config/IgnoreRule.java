package io.driftguard.core.config;

import io.driftguard.core.event.Cloud;

/**
 * A field-level ignore rule. Every key given must match; a rule with only {@code tagKeyPrefix}
 * silences that tag family on every resource.
 *
 * @param cloud the cloud, or null for any
 * @param resourceType the IaC or provider type ({@code aws_security_group}, {@code Deployment}),
 *     glob
 * @param resource the resource id as the output's {@code resource_id}, glob
 * @param attribute the canonical attribute path ({@code spec.replicas}, {@code tags.*}), glob
 * @param tagKey an exact tag or label key
 * @param tagKeyPrefix a tag or label key prefix
 * @param origin where the rule was written ({@code config.yaml:42}), so a finding can say which
 *     rule would silence it
 */
public record IgnoreRule(
        Cloud cloud,
        Glob resourceType,
        Glob resource,
        Glob attribute,
        String tagKey,
        String tagKeyPrefix,
        String origin)
        implements java.io.Serializable {

    /** Whether the rule silences {@code path} of the resource. */
    public boolean matches(Cloud resourceCloud, String type, String resourceId, String path) {
        if (cloud != null && cloud != resourceCloud) {
            return false;
        }
        if (resourceType != null && !resourceType.matches(type)) {
            return false;
        }
        if (resource != null && !resource.matches(resourceId)) {
            return false;
        }
        if (attribute != null && !attribute.matches(path)) {
            return false;
        }
        if (tagKey != null || tagKeyPrefix != null) {
            String key = tagKeyOf(path);
            if (key == null) {
                return false;
            }
            if (tagKey != null && !tagKey.equals(key)) {
                return false;
            }
            if (tagKeyPrefix != null && !key.startsWith(tagKeyPrefix)) {
                return false;
            }
        }
        return true;
    }

    /** The tag or label key an attribute path names ({@code tags.Owner} → Owner), or null. */
    static String tagKeyOf(String path) {
        for (String prefix : new String[] {"tags.", "labels.", "metadata.labels."}) {
            if (path.startsWith(prefix)) {
                return path.substring(prefix.length());
            }
        }
        return null;
    }

    /** The rule as a user would write it in config.yaml, for findings to quote. */
    public String describe() {
        StringBuilder b = new StringBuilder("{");
        append(b, "cloud", cloud == null ? null : cloud.wireName());
        append(b, "resource_type", resourceType);
        append(b, "resource", resource);
        append(b, "attribute", attribute);
        append(b, "tag_key", tagKey);
        append(b, "tag_key_prefix", tagKeyPrefix);
        return b.append("}").toString();
    }

    private static void append(StringBuilder b, String key, Object value) {
        if (value == null) {
            return;
        }
        if (b.length() > 1) {
            b.append(", ");
        }
        b.append(key).append(": \"").append(value).append('"');
    }
}
