package io.driftguard.judge.semantics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may do what: S3 ACLs and bucket policies, IAM role policies and attachments, GCP IAM
 * bindings, Kubernetes RBAC. Documents are the catalog's normalised forms (policy statements with
 * sorted arrays and {@code "Principal": {"AWS": ["*"]}}, GCP {@code "<role> <member>"} pairs,
 * RBAC rules with sorted lists).
 */
final class AccessRules {

    /** Managed policies that amount to administrator access. */
    private static final Set<String> ADMIN_POLICIES = Set.of("AdministratorAccess", "PowerUserAccess", "IAMFullAccess");

    /** Kubernetes roles that amount to admin. */
    private static final Set<String> K8S_ADMIN_ROLES = Set.of("cluster-admin", "admin", "system:masters");

    /** Canned S3 ACLs that grant everyone or every AWS account. */
    private static final Set<String> PUBLIC_CANNED = Set.of("public-read", "public-read-write", "authenticated-read");

    private AccessRules() {}

    // ---------------------------------------------------------------- S3

    static AttributeTable.Reader s3Acl() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            boolean before = publicAcl(a.desired());
            boolean after = publicAcl(a.actual());
            if (!before && after) {
                r.observe(
                        Meaning.STORAGE_PUBLIC, a.path(), "ACL " + Values.show(a.actual()) + " grants everyone access");
            } else if (before && !after) {
                r.observe(Meaning.TIGHTENING, a.path(), "public ACL replaced by " + Values.show(a.actual()));
            }
            if (a.actual().isArray()) {
                for (JsonNode g : Attr.minus(a.actual(), a.desired())) {
                    String grant = g.asText();
                    if (grant.startsWith("user:") || grant.startsWith("email:")) {
                        r.observe(Meaning.NEW_PRINCIPAL_GRANTED, a.path(), "ACL grant " + grant + " added");
                    }
                }
            }
        };
    }

    static boolean publicAcl(JsonNode acl) {
        for (JsonNode e : Attr.elements(acl)) {
            String t = e.asText();
            if (PUBLIC_CANNED.contains(t.toLowerCase(Locale.ROOT))
                    || t.startsWith("AllUsers:")
                    || t.startsWith("AuthenticatedUsers:")) {
                return true;
            }
        }
        return false;
    }

    /** A bucket (resource) policy, statement by statement ({@link PolicyDocuments}). */
    static AttributeTable.Reader resourcePolicy() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            if (a.desiredPresent() && !a.actualPresent() && PolicyDocuments.containsOnlyAllows(a.desired())) {
                r.observe(Meaning.TIGHTENING, a.path(), "bucket policy deleted");
                return;
            }
            PolicyDocuments.compare(r, a.path(), "", PolicyDocuments.Kind.RESOURCE, a.desired(), a.actual());
        };
    }

    // ---------------------------------------------------------------- IAM roles

    static AttributeTable.Reader managedPolicies() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            for (JsonNode arn : Attr.minus(a.actual(), a.desired())) {
                attached(r, a.path(), arn.asText());
            }
            for (JsonNode arn : Attr.minus(a.desired(), a.actual())) {
                r.observe(Meaning.TIGHTENING, a.path(), "detached " + arn.asText());
            }
        };
    }

    static AttributeTable.Reader managedPolicyElement() {
        return (a, r) -> {
            String arn = a.key("managed_policy_arn");
            if (!a.known()) {
                return;
            }
            if (a.desiredPresent() && !a.actualPresent()) {
                r.observe(Meaning.TIGHTENING, a.path(), "detached " + arn);
            } else if (!a.desiredPresent() && a.actualPresent()) {
                attached(r, a.path(), arn);
            }
        };
    }

    private static void attached(Reading r, String path, String arn) {
        String name = arn.substring(arn.lastIndexOf('/') + 1);
        if (ADMIN_POLICIES.contains(name)) {
            r.observe(Meaning.POLICY_WILDCARD_OR_ADMIN, path, "attached " + arn);
        } else if (name.toLowerCase(Locale.ROOT).contains("deny")) {
            r.observe(Meaning.TIGHTENING, path, "attached deny policy " + arn);
        } else {
            r.observe(Meaning.NEW_PRINCIPAL_GRANTED, path, "attached " + arn);
        }
    }

    /**
     * An inline identity policy ({@code inline_policy.<name>}), statement by statement
     * ({@link PolicyDocuments}): a policy of Deny statements only tightens, even when it is new.
     */
    static AttributeTable.Reader identityPolicy() {
        return (a, r) -> {
            String name = a.key("inline_policy");
            if (!a.known()) {
                r.observe(
                        Meaning.NEW_PRINCIPAL_GRANTED,
                        a.path(),
                        "inline policy " + name + " changed (content not logged)");
                return;
            }
            PolicyDocuments.compare(
                    r,
                    a.path(),
                    "inline policy " + name + ": ",
                    PolicyDocuments.Kind.IDENTITY,
                    a.desired(),
                    a.actual());
        };
    }

    /**
     * The role's inline policy names. A name whose document is in the finding too
     * ({@code inline_policy.<name>}) is judged by that document; a name alone says a policy was
     * added or deleted without saying what it allows.
     */
    static AttributeTable.Reader inlinePolicyNames() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            for (JsonNode n : Attr.minus(a.actual(), a.desired())) {
                if (r.attr("inline_policy." + n.asText()) == null) {
                    r.observe(
                            Meaning.NEW_PRINCIPAL_GRANTED,
                            a.path(),
                            "inline policy " + n.asText() + " added (its document is not in the finding)");
                }
            }
            for (JsonNode n : Attr.minus(a.desired(), a.actual())) {
                if (r.attr("inline_policy." + n.asText()) == null) {
                    r.observe(Meaning.TIGHTENING, a.path(), "inline policy " + n.asText() + " deleted");
                }
            }
        };
    }

    /** A role's trust policy: who may assume it. */
    static AttributeTable.Reader trustPolicy() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            Set<String> before = allowedPrincipals(a.desired());
            Set<String> after = allowedPrincipals(a.actual());
            for (String p : after) {
                if (before.contains(p)) {
                    continue;
                }
                if (p.equals("*") || p.endsWith(":*")) {
                    r.observe(Meaning.POLICY_WILDCARD_OR_ADMIN, a.path(), "role assumable by anyone (Principal *)");
                } else {
                    r.observe(Meaning.NEW_PRINCIPAL_GRANTED, a.path(), "role now assumable by " + p);
                }
            }
            for (String p : before) {
                if (!after.contains(p)) {
                    r.observe(Meaning.TIGHTENING, a.path(), "role no longer assumable by " + p);
                }
            }
        };
    }

    private static Set<String> allowedPrincipals(JsonNode doc) {
        Set<String> out = new TreeSet<>();
        for (JsonNode s : statements(doc)) {
            if (!"Deny".equalsIgnoreCase(s.path("Effect").asText())) {
                for (String p : principals(s)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- GCP IAM

    /**
     * {@code iam.members}, {@code iam.binding.<role>}, {@code iam.member.<pair>}, {@code iam.public_members},
     * {@code iam.public_member.<pair>}, and {@code iam.public.allUsers} / {@code iam.public.allAuthenticatedUsers}
     * (ingest's GcpIam: whether the public member holds any role, declared false on every managed bucket).
     */
    static AttributeTable.Reader gcpIam() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            String p = a.path();
            if (p.startsWith("iam.binding.")) {
                String role = a.key("iam.binding");
                for (JsonNode m : Attr.minus(a.actual(), a.desired())) {
                    granted(r, p, role, m.asText());
                }
                for (JsonNode m : Attr.minus(a.desired(), a.actual())) {
                    r.observe(Meaning.TIGHTENING, p, role + " revoked from " + m.asText());
                }
            } else if (p.startsWith("iam.member.") || p.startsWith("iam.public_member.")) {
                String pair = a.key(p.startsWith("iam.member.") ? "iam.member" : "iam.public_member");
                if (a.desiredPresent() && !a.actualPresent()) {
                    r.observe(Meaning.TIGHTENING, p, "revoked " + pair);
                } else if (!a.desiredPresent() && a.actualPresent()) {
                    grantedPair(r, p, pair);
                }
            } else if (p.startsWith("iam.public.")) {
                // whether the public member (allUsers, allAuthenticatedUsers) holds any role
                String member = a.key("iam.public");
                Boolean before = Attr.bool(a.desired());
                Boolean after = Attr.bool(a.actual());
                if (Boolean.TRUE.equals(after) && !Boolean.TRUE.equals(before)) {
                    r.observe(Meaning.STORAGE_PUBLIC, p, member + " granted a role: made public");
                } else if (Boolean.TRUE.equals(before) && !Boolean.TRUE.equals(after)) {
                    r.observe(Meaning.TIGHTENING, p, member + " no longer holds a role");
                }
            } else if (p.equals("iam.members") || p.equals("iam.public_members")) {
                for (JsonNode m : Attr.minus(a.actual(), a.desired())) {
                    grantedPair(r, p, m.asText());
                }
                for (JsonNode m : Attr.minus(a.desired(), a.actual())) {
                    r.observe(Meaning.TIGHTENING, p, "revoked " + m.asText());
                }
            }
        };
    }

    private static void grantedPair(Reading r, String path, String pair) {
        int space = pair.indexOf(' ');
        if (space < 0) {
            return;
        }
        granted(r, path, pair.substring(0, space), pair.substring(space + 1));
    }

    private static void granted(Reading r, String path, String role, String member) {
        if (member.equals("allUsers") || member.equals("allAuthenticatedUsers")) {
            r.observe(Meaning.STORAGE_PUBLIC, path, role + " granted to " + member);
        } else if (gcpAdminRole(role)) {
            r.observe(Meaning.POLICY_WILDCARD_OR_ADMIN, path, role + " granted to " + member);
        } else {
            r.observe(Meaning.NEW_PRINCIPAL_GRANTED, path, role + " granted to " + member);
        }
    }

    static boolean gcpAdminRole(String role) {
        return role.equals("roles/owner")
                || role.equals("roles/editor")
                || role.toLowerCase(Locale.ROOT).endsWith("admin");
    }

    // ---------------------------------------------------------------- Kubernetes RBAC

    static AttributeTable.Reader rbacRules() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            for (JsonNode rule : Attr.minus(a.actual(), a.desired())) {
                if (contains(rule.path("verbs"), "*") || contains(rule.path("resources"), "*")) {
                    r.observe(
                            Meaning.POLICY_WILDCARD_OR_ADMIN,
                            a.path(),
                            "rule allows " + Values.show(rule.path("verbs")) + " on "
                                    + Values.show(rule.path("resources")));
                } else {
                    r.observe(
                            Meaning.NEW_PRINCIPAL_GRANTED,
                            a.path(),
                            "rule added: " + Values.show(rule.path("verbs")) + " on "
                                    + Values.show(rule.path("resources")));
                }
            }
            for (JsonNode rule : Attr.minus(a.desired(), a.actual())) {
                r.observe(
                        Meaning.TIGHTENING,
                        a.path(),
                        "rule removed: " + Values.show(rule.path("verbs")) + " on "
                                + Values.show(rule.path("resources")));
            }
        };
    }

    static AttributeTable.Reader rbacSubjects() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            String role = boundRole(r);
            boolean admin = role != null && K8S_ADMIN_ROLES.contains(role);
            for (JsonNode s : Attr.minus(a.actual(), a.desired())) {
                String who = s.path("kind").asText() + " "
                        + (s.has("namespace") ? s.path("namespace").asText() + "/" : "")
                        + s.path("name").asText();
                r.observe(
                        admin ? Meaning.POLICY_WILDCARD_OR_ADMIN : Meaning.NEW_PRINCIPAL_GRANTED,
                        a.path(),
                        who + " bound to " + (role == null ? "the binding's role" : role));
            }
            for (JsonNode s : Attr.minus(a.desired(), a.actual())) {
                r.observe(
                        Meaning.TIGHTENING,
                        a.path(),
                        s.path("kind").asText() + " " + s.path("name").asText() + " unbound");
            }
        };
    }

    static AttributeTable.Reader roleRef() {
        return (a, r) -> {
            String to = a.actual().path("name").asText(null);
            if (a.known() && to != null && K8S_ADMIN_ROLES.contains(to)) {
                r.observe(Meaning.POLICY_WILDCARD_OR_ADMIN, a.path(), "binding now grants " + to);
            }
        };
    }

    /**
     * The role a binding grants: from the change, else as declared when the finding lists it
     * unchanged, else a binding named after an admin role.
     */
    private static String boundRole(Reading r) {
        Attr ref = r.attr("role_ref");
        if (ref != null) {
            String n = ref.actual().path("name").asText(null);
            return n != null ? n : ref.desired().path("name").asText(null);
        }
        JsonNode declared = r.unchangedOf("role_ref");
        if (declared != null && declared.path("name").isTextual()) {
            return declared.path("name").asText();
        }
        String name = r.resourceId.substring(r.resourceId.lastIndexOf('/') + 1);
        return K8S_ADMIN_ROLES.contains(name) ? name : null;
    }

    // ---------------------------------------------------------------- policy documents

    static List<JsonNode> statements(JsonNode doc) {
        List<JsonNode> out = new ArrayList<>();
        if (!Attr.present(doc)) {
            return out;
        }
        JsonNode st = doc.path("Statement");
        if (st.isArray()) {
            st.forEach(out::add);
        } else if (st.isObject()) {
            out.add(st);
        }
        return out;
    }

    static Set<String> principals(JsonNode statement) {
        Set<String> out = new TreeSet<>();
        JsonNode p = statement.get("Principal");
        if (p == null) {
            return out;
        }
        if (p.isTextual()) {
            out.add(p.asText());
            return out;
        }
        p.fields().forEachRemaining(e -> {
            for (JsonNode v : Attr.elements(e.getValue())) {
                out.add(v.asText().equals("*") ? "*" : e.getKey() + ":" + v.asText());
            }
        });
        return out;
    }

    private static boolean contains(JsonNode arr, String value) {
        for (JsonNode e : Attr.elements(arr)) {
            if (e.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
