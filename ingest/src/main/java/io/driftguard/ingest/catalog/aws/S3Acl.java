package io.driftguard.ingest.catalog.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.ingest.catalog.CommonFunctions;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * An S3 ACL in one form: the canned ACL name ({@code private}, {@code public-read}, …) when the
 * grants are exactly what that canned ACL writes, otherwise the sorted list of
 * {@code <grantee>:<permission>} grants. The bucket owner's FULL_CONTROL grant is written
 * {@code owner}; groups by their short name ({@code AllUsers}, {@code AuthenticatedUsers},
 * {@code LogDelivery}).
 *
 * <p>Terraform state and CloudFormation usually hold a canned name while a console
 * {@code PutBucketAcl} logs explicit grants, so both must reduce to the same text.
 */
public final class S3Acl {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private S3Acl() {}

    /** A canned ACL in its header spelling, from CloudFormation's PascalCase or any case. */
    public static JsonNode canned(JsonNode in) {
        if (in == null || !in.isValueNode() || in.asText().isBlank()) {
            return null;
        }
        String t = in.asText().trim();
        if (t.indexOf('-') < 0) {
            // PublicReadWrite → public-read-write
            t = t.replaceAll("([a-z])([A-Z])", "$1-$2");
        }
        return TextNode.valueOf(t.toLowerCase(Locale.ROOT));
    }

    /** From a CloudTrail PutBucketAcl request: the {@code x-amz-acl} header or the grants. */
    public static JsonNode fromRequest(JsonNode request) {
        JsonNode header = request.get("x-amz-acl");
        if (header != null) {
            JsonNode v = header.isArray() ? header.path(0) : header;
            if (!v.asText("").isBlank()) {
                return canned(v);
            }
        }
        JsonNode acp = request.path("AccessControlPolicy");
        if (acp.isMissingNode()) {
            return null;
        }
        String owner = acp.path("Owner").path("ID").asText(null);
        Set<String> grants = new TreeSet<>();
        for (JsonNode g : CommonFunctions.items(acp.path("AccessControlList").path("Grant"))) {
            JsonNode grantee = g.path("Grantee");
            grants.add(grantee(
                            grantee.path("ID").asText(null),
                            grantee.path("URI").asText(null),
                            grantee.path("EmailAddress").asText(null),
                            owner)
                    + ":" + g.path("Permission").asText());
        }
        return fromGrants(grants);
    }

    /**
     * From Terraform: {@code aws_s3_bucket} ({@code acl} or {@code grant}) or {@code aws_s3_bucket_acl}
     * ({@code acl} or {@code access_control_policy}).
     */
    public static JsonNode fromTerraform(JsonNode attrs) {
        JsonNode acl = canned(attrs.get("acl"));
        if (acl != null) {
            return acl;
        }
        Set<String> grants = new TreeSet<>();
        for (JsonNode g : CommonFunctions.items(attrs.path("grant"))) {
            // aws_s3_bucket: {id, type, uri, permissions[]}
            for (JsonNode p : CommonFunctions.items(g.path("permissions"))) {
                grants.add(
                        grantee(g.path("id").asText(null), g.path("uri").asText(null), null, null) + ":" + p.asText());
            }
        }
        JsonNode acp = attrs.path("access_control_policy").path(0);
        String owner = acp.path("owner").path(0).path("id").asText(null);
        for (JsonNode g : CommonFunctions.items(acp.path("grant"))) {
            JsonNode who = g.path("grantee").path(0);
            grants.add(grantee(
                            who.path("id").asText(null),
                            who.path("uri").asText(null),
                            who.path("email_address").asText(null),
                            owner)
                    + ":" + g.path("permission").asText());
        }
        return grants.isEmpty() ? null : fromGrants(grants);
    }

    static JsonNode fromGrants(Set<String> grants) {
        Set<String> others = new TreeSet<>(grants);
        others.remove("owner:FULL_CONTROL");
        String canned = null;
        if (others.isEmpty()) {
            canned = "private";
        } else if (others.equals(Set.of("AllUsers:READ"))) {
            canned = "public-read";
        } else if (others.equals(Set.of("AllUsers:READ", "AllUsers:WRITE"))) {
            canned = "public-read-write";
        } else if (others.equals(Set.of("AuthenticatedUsers:READ"))) {
            canned = "authenticated-read";
        } else if (others.equals(Set.of("LogDelivery:READ_ACP", "LogDelivery:WRITE"))) {
            canned = "log-delivery-write";
        }
        if (canned != null && grants.contains("owner:FULL_CONTROL")) {
            return TextNode.valueOf(canned);
        }
        ArrayNode out = NODES.arrayNode();
        grants.forEach(out::add);
        return out;
    }

    private static String grantee(String id, String uri, String email, String owner) {
        if (uri != null && !uri.isEmpty()) {
            return uri.substring(uri.lastIndexOf('/') + 1);
        }
        if (id != null && !id.isEmpty()) {
            // Terraform does not record the owner's id beside aws_s3_bucket grants: a canonical user
            // there is taken as the owner, the usual case.
            return owner == null || owner.equals(id) ? "owner" : "user:" + id;
        }
        return email != null ? "email:" + email : "unknown";
    }
}
