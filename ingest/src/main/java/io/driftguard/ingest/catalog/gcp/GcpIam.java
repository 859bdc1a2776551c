package io.driftguard.ingest.catalog.gcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.catalog.Changes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GCP IAM on a bucket or a project, as attributes under the rule's prefix ({@code iam}):
 * <ul>
 *   <li>{@code members}: the whole policy as a set of {@code "<role> <member>"} pairs, declared by an
 *       authoritative {@code *_iam_policy} resource;</li>
 *   <li>{@code binding.<role>}: the members of one role, declared by an authoritative
 *       {@code *_iam_binding};</li>
 *   <li>{@code member.<role> <member>}: one grant, {@code true}, declared by a non-authoritative
 *       {@code *_iam_member};</li>
 *   <li>{@code public.allUsers}, {@code public.allAuthenticatedUsers}: whether the public member
 *       holds any role. A bucket declares both {@code false} (Terraform never made it public); an
 *       IAM resource that grants one declares it {@code true}, which wins when the declarations
 *       merge. So making a managed bucket public is drift even when no IAM resource manages its
 *       policy.</li>
 * </ul>
 * A {@code SetIamPolicy} request carries the whole new policy and replaces all of these;
 * {@code serviceData.policyDelta.bindingDeltas} (logged by Cloud Storage's
 * {@code storage.setIamPermissions}, and beside the policy by Resource Manager) adds and removes pairs.
 */
public final class GcpIam {

    private GcpIam() {}

    public static boolean isPublic(String member) {
        return member.equals("allUsers") || member.equals("allAuthenticatedUsers");
    }

    static String pair(String role, String member) {
        return role + " " + member;
    }

    /** Binding deltas; null when the document has none (or also carries a whole policy, read instead). */
    static JsonNode deltas(JsonNode doc) {
        if (doc.path("policy").path("bindings").isArray()) {
            return null;
        }
        JsonNode deltas = doc.at("/serviceData/policyDelta/bindingDeltas");
        if (!deltas.isArray()) {
            deltas = doc.at("/policyDelta/bindingDeltas");
        }
        if (!deltas.isArray()) {
            deltas = doc.at("/metadata/policyDelta/bindingDeltas");
        }
        if (!deltas.isArray()) {
            return null;
        }
        Changes c = new Changes();
        for (JsonNode d : deltas) {
            String role = text(d.get("role"));
            String member = text(d.get("member"));
            String action = text(d.get("action"));
            if (role == null || member == null || action == null) {
                continue;
            }
            String pair = pair(role, member);
            List<JsonNode> pairs = List.of(TextNode.valueOf(pair));
            List<JsonNode> members = List.of(TextNode.valueOf(member));
            if (action.equalsIgnoreCase("ADD")) {
                c.add("members", pairs).set("member." + pair, BooleanNode.TRUE).add("binding." + role, members);
                if (isPublic(member)) {
                    c.set("public." + member, BooleanNode.TRUE);
                }
            } else if (action.equalsIgnoreCase("REMOVE")) {
                c.remove("members", pairs).unset("member." + pair).remove("binding." + role, members);
                if (isPublic(member)) {
                    // one role less; a public member rarely holds two roles on one resource
                    c.set("public." + member, BooleanNode.FALSE);
                }
            }
        }
        return c.build();
    }

    /**
     * A whole policy: {@code {bindings: [...]}} (a request's {@code policy}) or Terraform's
     * {@code policy_data} JSON text.
     *
     * @param replace whether it replaces the current policy (a call), so keys it leaves out go
     */
    static JsonNode policy(JsonNode in, boolean replace) {
        JsonNode policy = in;
        if (in.isObject() && in.has("policy_data")) {
            policy = in.get("policy_data");
        }
        if (policy.isTextual()) {
            try {
                policy = Json.MAPPER.readTree(policy.textValue());
            } catch (JsonProcessingException e) {
                return null;
            }
        }
        if (policy == null || !policy.isObject()) {
            return null;
        }
        Map<String, List<JsonNode>> byRole = new LinkedHashMap<>();
        List<JsonNode> pairs = new ArrayList<>();
        boolean allUsers = false;
        boolean allAuthenticated = false;
        for (JsonNode b : policy.path("bindings")) {
            String role = text(b.get("role"));
            if (role == null) {
                continue;
            }
            List<JsonNode> members = byRole.computeIfAbsent(role, r -> new ArrayList<>());
            for (JsonNode m : b.path("members")) {
                String member = text(m);
                if (member == null) {
                    continue;
                }
                members.add(TextNode.valueOf(member));
                pairs.add(TextNode.valueOf(pair(role, member)));
                allUsers |= member.equals("allUsers");
                allAuthenticated |= member.equals("allAuthenticatedUsers");
            }
        }
        Changes c = new Changes();
        if (replace) {
            c.unset("member.*").unset("binding.*");
        }
        c.setSet("members", pairs);
        for (JsonNode p : pairs) {
            c.set("member." + p.textValue(), BooleanNode.TRUE);
        }
        if (replace || allUsers) {
            c.set("public.allUsers", BooleanNode.valueOf(allUsers));
        }
        if (replace || allAuthenticated) {
            c.set("public.allAuthenticatedUsers", BooleanNode.valueOf(allAuthenticated));
        }
        byRole.forEach((role, members) -> c.setSet("binding." + role, members));
        return c.build();
    }

    /** A Terraform {@code *_iam_member}: one grant. */
    static JsonNode member(JsonNode attrs) {
        String role = text(attrs.get("role"));
        String member = text(attrs.get("member"));
        if (role == null || member == null) {
            return null;
        }
        Changes c = new Changes().set("member." + pair(role, member), BooleanNode.TRUE);
        if (isPublic(member)) {
            c.set("public." + member, BooleanNode.TRUE);
        }
        return c.build();
    }

    /** A Terraform {@code *_iam_binding}: all members of one role. */
    static JsonNode binding(JsonNode attrs) {
        String role = text(attrs.get("role"));
        if (role == null) {
            return null;
        }
        List<JsonNode> members = new ArrayList<>();
        Changes c = new Changes();
        for (JsonNode m : attrs.path("members")) {
            String member = text(m);
            if (member != null) {
                members.add(TextNode.valueOf(member));
                if (isPublic(member)) {
                    c.set("public." + member, BooleanNode.TRUE);
                }
            }
        }
        c.setSet("binding." + role, members);
        return c.build();
    }

    private static String text(JsonNode n) {
        if (n == null || !n.isValueNode() || n.isNull()) {
            return null;
        }
        String t = n.asText().trim();
        return t.isEmpty() ? null : t;
    }
}
