package io.driftguard.ingest.catalog.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.ingest.catalog.CommonFunctions;
import io.driftguard.ingest.catalog.normalise.CidrNormalisation;
import io.driftguard.ingest.catalog.normalise.IdentifierCase;
import io.driftguard.ingest.catalog.normalise.NumericStringNormalisation;
import io.driftguard.ingest.catalog.normalise.ProviderDefaults;

/**
 * Security group rules as canonical set elements, one per (protocol, port range, peer):
 * {@code {"protocol":"tcp","from_port":22,"to_port":22,"peer":"0.0.0.0/0"}}.
 *
 * <p>The peer is a CIDR (IPv4 or IPv6, normalised), a prefix list id ({@code pl-…}) or a security
 * group id ({@code sg-…}; Terraform's {@code self} is the group's own id). The description is not
 * part of a rule: EC2 identifies rules without it. Every writer's shape explodes to the same
 * elements: CloudTrail {@code ipPermissions} (and its legacy top-level form), Terraform inline
 * blocks, {@code aws_security_group_rule}, {@code aws_vpc_security_group_*_rule}, and
 * CloudFormation's inline and separate rule resources.
 */
public final class Ec2Rules {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Ec2Rules() {}

    /** CloudTrail Authorize/Revoke request parameters. */
    public static ArrayNode fromCloudTrail(JsonNode request) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode p : CommonFunctions.items(request.path("ipPermissions"))) {
            String proto = IdentifierCase.ipProtocol(p.path("ipProtocol").asText(null));
            JsonNode from = p.get("fromPort");
            JsonNode to = p.get("toPort");
            for (JsonNode r : CommonFunctions.items(p.path("ipRanges"))) {
                add(out, proto, from, to, cidr(r.get("cidrIp")));
            }
            for (JsonNode r : CommonFunctions.items(p.path("ipv6Ranges"))) {
                add(out, proto, from, to, cidr(r.get("cidrIpv6")));
            }
            for (JsonNode r : CommonFunctions.items(p.path("prefixListIds"))) {
                add(out, proto, from, to, text(r.get("prefixListId")));
            }
            for (JsonNode g : CommonFunctions.items(p.path("groups"))) {
                String id = text(g.get("groupId"));
                add(out, proto, from, to, id != null ? id : named(text(g.get("groupName"))));
            }
        }
        // The legacy form names one rule at the top level (as in Stratus' open-port-22 record).
        if (request.has("cidrIp") || request.has("cidrIpv6") || request.has("sourceSecurityGroupName")) {
            String proto = IdentifierCase.ipProtocol(request.path("ipProtocol").asText(null));
            JsonNode from = request.get("fromPort");
            JsonNode to = request.get("toPort");
            add(out, proto, from, to, cidr(request.get("cidrIp")));
            add(out, proto, from, to, cidr(request.get("cidrIpv6")));
            add(out, proto, from, to, named(text(request.get("sourceSecurityGroupName"))));
        }
        return out;
    }

    /** Terraform {@code aws_security_group} inline {@code ingress}/{@code egress} blocks. */
    public static ArrayNode fromTerraformInline(JsonNode blocks, String ownGroupId) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode b : CommonFunctions.items(blocks)) {
            terraformRule(out, b, b.path("security_groups"), ownGroupId);
        }
        return out;
    }

    /** Terraform {@code aws_security_group_rule} attributes. */
    public static ArrayNode fromTerraformRule(JsonNode attrs) {
        ArrayNode out = NODES.arrayNode();
        terraformRule(out, attrs, attrs.path("source_security_group_id"), text(attrs.get("security_group_id")));
        return out;
    }

    /** Terraform {@code aws_vpc_security_group_ingress_rule} / {@code _egress_rule} attributes. */
    public static ArrayNode fromTerraformVpcRule(JsonNode a) {
        ArrayNode out = NODES.arrayNode();
        String proto = IdentifierCase.ipProtocol(a.path("ip_protocol").asText(null));
        JsonNode from = a.get("from_port");
        JsonNode to = a.get("to_port");
        add(out, proto, from, to, cidr(a.get("cidr_ipv4")));
        add(out, proto, from, to, cidr(a.get("cidr_ipv6")));
        add(out, proto, from, to, text(a.get("prefix_list_id")));
        add(out, proto, from, to, groupId(text(a.get("referenced_security_group_id"))));
        return out;
    }

    /** CloudFormation rule objects: inline lists or a separate rule resource's properties. */
    public static ArrayNode fromCloudFormation(JsonNode rules, boolean egress) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode r : CommonFunctions.items(rules)) {
            String proto = IdentifierCase.ipProtocol(r.path("IpProtocol").asText(null));
            JsonNode from = r.get("FromPort");
            JsonNode to = r.get("ToPort");
            add(out, proto, from, to, cidr(r.get("CidrIp")));
            add(out, proto, from, to, cidr(r.get("CidrIpv6")));
            add(out, proto, from, to, text(r.get(egress ? "DestinationPrefixListId" : "SourcePrefixListId")));
            add(out, proto, from, to, text(r.get(egress ? "DestinationSecurityGroupId" : "SourceSecurityGroupId")));
            if (!egress) {
                add(out, proto, from, to, named(text(r.get("SourceSecurityGroupName"))));
            }
        }
        return out;
    }

    private static void terraformRule(ArrayNode out, JsonNode b, JsonNode groups, String ownGroupId) {
        String proto = IdentifierCase.ipProtocol(b.path("protocol").asText(null));
        JsonNode from = b.get("from_port");
        JsonNode to = b.get("to_port");
        for (JsonNode c : CommonFunctions.items(b.path("cidr_blocks"))) {
            add(out, proto, from, to, cidr(c));
        }
        for (JsonNode c : CommonFunctions.items(b.path("ipv6_cidr_blocks"))) {
            add(out, proto, from, to, cidr(c));
        }
        for (JsonNode c : CommonFunctions.items(b.path("prefix_list_ids"))) {
            add(out, proto, from, to, text(c));
        }
        for (JsonNode g : CommonFunctions.items(groups)) {
            add(out, proto, from, to, groupId(text(g)));
        }
        if (b.path("self").asBoolean(false) && ownGroupId != null) {
            add(out, proto, from, to, ownGroupId);
        }
    }

    private static void add(ArrayNode out, String proto, JsonNode from, JsonNode to, String peer) {
        if (peer == null) {
            return;
        }
        ObjectNode e = NODES.objectNode();
        e.put("protocol", proto);
        if (ProviderDefaults.ec2RuleHasPorts(proto)) {
            Long f = NumericStringNormalisation.longValue(from);
            Long t = NumericStringNormalisation.longValue(to);
            if (f != null) {
                e.put("from_port", f);
            }
            if (t != null) {
                e.put("to_port", t);
            }
        }
        e.put("peer", peer);
        out.add(e);
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || !n.isValueNode()) {
            return null;
        }
        String t = n.asText().trim();
        return t.isEmpty() ? null : t;
    }

    private static String cidr(JsonNode n) {
        String t = text(n);
        return t == null ? null : CidrNormalisation.normalise(t);
    }

    /** Terraform writes groups of other accounts as {@code <account>/sg-…}; the id alone names it. */
    private static String groupId(String g) {
        if (g == null) {
            return null;
        }
        int slash = g.lastIndexOf('/');
        return slash >= 0 ? g.substring(slash + 1) : g;
    }

    private static String named(String groupName) {
        return groupName == null ? null : "group-name:" + groupName;
    }
}
