package io.driftguard.ingest.catalog.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.ingest.catalog.Changes;
import io.driftguard.ingest.catalog.CommonFunctions;
import io.driftguard.ingest.catalog.FunctionRegistry;
import io.driftguard.ingest.catalog.ValueFunction.Shape;
import io.driftguard.ingest.catalog.normalise.CidrNormalisation;
import io.driftguard.ingest.catalog.normalise.NumericStringNormalisation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * AWS functions for the services whose requests need more than picking a field: classic ELB
 * listeners, network ACL entries, routes, Route 53 record changes, ECS and EKS names, WAF actions,
 * Secrets Manager names and EC2 public permissions. Each reads the CloudTrail spelling, the Terraform
 * state spelling and the CloudFormation spelling into one value.
 */
public final class AwsServiceFunctions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AwsServiceFunctions() {}

    public static void register(FunctionRegistry.Builder b) {
        b.add(
                "elb_listeners",
                Shape.ENTRIES,
                "classic ELB listeners keyed by load balancer port: PROTOCOL:instance port:INSTANCE PROTOCOL; bare ports (a delete) remove",
                (in, ctx) -> elbListeners(in));
        b.addWithArgument(
                "nacl_entries",
                Shape.ENTRIES,
                "network ACL entries of one direction (argument ingress or egress) keyed by rule number: action, cidr, protocol, ports",
                direction -> (in, ctx) -> naclEntries(in, direction.equals("egress")));
        b.add(
                "ec2_routes",
                Shape.ENTRIES,
                "routes keyed by destination CIDR, valued by their target id; a route without target (a delete) removes",
                (in, ctx) -> routes(in));
        b.add(
                "route53_record_ids",
                Shape.SET,
                "the records a ChangeResourceRecordSets batch touches, as <zone id>_<name>_<type>",
                (in, ctx) -> route53Ids(in));
        b.add(
                "route53_record_id",
                Shape.VALUE,
                "a Terraform or CloudFormation record set's id as <zone id>_<name>_<type>",
                (in, ctx) -> route53Id(in));
        b.add(
                "route53_change",
                Shape.CHANGES,
                "what a ChangeResourceRecordSets batch does to the record being read: ttl, values, alias (DELETE unsets them)",
                (in, ctx) -> route53Change(in, ctx.resourceId()));
        b.add(
                "dns_values",
                Shape.SET,
                "DNS record values (strings or {value} objects) without a trailing dot",
                (in, ctx) -> dnsValues(in));
        b.add("dns_name", Shape.VALUE, "a DNS name in lower case without its trailing dot", (in, ctx) -> dnsName(in));
        b.add(
                "ecs_service_id",
                Shape.VALUE,
                "an ECS service as <cluster>/<service>, from {cluster, service|name} (names or ARNs) or a service ARN",
                (in, ctx) -> ecsServiceId(in));
        b.add(
                "ecs_task_definition",
                Shape.VALUE,
                "a task definition as family:revision (an ARN's last part)",
                (in, ctx) -> in.isValueNode() && !in.asText().isEmpty()
                        ? TextNode.valueOf(after(in.asText(), "task-definition/"))
                        : null);
        b.addWithArgument(
                "eks_log_types",
                Shape.SET,
                "the EKS control-plane log types an UpdateClusterConfig logging block turns on (argument true) or off (false)",
                enabled -> (in, ctx) -> eksLogTypes(in, Boolean.parseBoolean(enabled)));
        b.add(
                "waf_default_action",
                Shape.VALUE,
                "a WAFv2 default action ({allow: {}} / {Block: {}} / Terraform's blocks) as allow or block",
                (in, ctx) -> wafDefaultAction(in));
        b.add(
                "waf_id",
                Shape.VALUE,
                "a WAFv2 id from the id itself or CloudFormation's name|id|scope",
                (in, ctx) -> in.isValueNode() && !in.asText().isEmpty() ? TextNode.valueOf(wafId(in.asText())) : null);
        b.add(
                "secret_name",
                Shape.VALUE,
                "a Secrets Manager secret's name from its name or ARN (the ARN's random six-character suffix dropped)",
                (in, ctx) ->
                        in.isValueNode() && !in.asText().isEmpty() ? TextNode.valueOf(secretName(in.asText())) : null);
        b.add(
                "cfn_parameters",
                Shape.ENTRIES,
                "UpdateStack parameters as key → value; a parameter that keeps its previous value is left out",
                (in, ctx) -> {
                    ObjectNode out = NODES.objectNode();
                    for (JsonNode p : CommonFunctions.items(in)) {
                        String key = text(p, "parameterKey", "ParameterKey");
                        String value = text(p, "parameterValue", "ParameterValue");
                        if (key != null && value != null) {
                            out.put(key, value);
                        }
                    }
                    return out.isEmpty() ? null : out;
                });
        b.add(
                "cfn_stack_name",
                Shape.VALUE,
                "a CloudFormation stack's name from its name or stack ARN (…:stack/<name>/<uuid>)",
                (in, ctx) -> {
                    if (!in.isValueNode() || in.asText().isEmpty()) {
                        return null;
                    }
                    String s = after(in.asText(), ":stack/");
                    int slash = s.indexOf('/');
                    return TextNode.valueOf(slash < 0 ? s : s.substring(0, slash));
                });
        b.addWithArgument(
                "ec2_public_permission",
                Shape.VALUE,
                "whether a Modify*Attribute call makes a snapshot or image public (true), private (false) or neither (argument: createVolumePermission or launchPermission)",
                field -> (in, ctx) -> publicPermission(in, field));
    }

    static String after(String s, String marker) {
        int i = s.indexOf(marker);
        return i < 0 ? s : s.substring(i + marker.length());
    }

    private static String text(JsonNode e, String... names) {
        for (String n : names) {
            JsonNode v = e.get(n);
            if (v != null && v.isValueNode() && !v.isNull() && !v.asText().isEmpty()) {
                return v.asText();
            }
        }
        return null;
    }

    static JsonNode elbListeners(JsonNode in) {
        ObjectNode out = NODES.objectNode();
        for (JsonNode l : CommonFunctions.items(in.isObject() && in.has("member") ? in.get("member") : in)) {
            if (l.isValueNode()) {
                out.set(l.asText(), NullNode.getInstance());
                continue;
            }
            String port = text(l, "loadBalancerPort", "lb_port", "LoadBalancerPort");
            String protocol = text(l, "protocol", "lb_protocol", "Protocol");
            String instancePort = text(l, "instancePort", "instance_port", "InstancePort");
            String instanceProtocol = text(l, "instanceProtocol", "instance_protocol", "InstanceProtocol");
            if (port == null) {
                continue;
            }
            if (protocol == null) {
                out.set(port, NullNode.getInstance());
                continue;
            }
            String ip = instanceProtocol == null ? protocol : instanceProtocol;
            out.put(port, protocol.toUpperCase(Locale.ROOT) + ":" + instancePort + ":" + ip.toUpperCase(Locale.ROOT));
        }
        return out.isEmpty() ? null : out;
    }

    static String protocol(String p) {
        return switch (p.toLowerCase(Locale.ROOT)) {
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            case "-1", "all" -> "all";
            default -> p.toLowerCase(Locale.ROOT);
        };
    }

    static JsonNode naclEntries(JsonNode in, boolean egress) {
        ObjectNode out = NODES.objectNode();
        for (JsonNode e : CommonFunctions.items(in)) {
            if (!e.isObject()) {
                continue;
            }
            JsonNode flag = NumericStringNormalisation.bool(e.has("egress") ? e.get("egress") : e.get("Egress"));
            if (flag != null && flag.booleanValue() != egress) {
                continue;
            }
            String number = text(e, "ruleNumber", "rule_no", "rule_number", "RuleNumber");
            if (number == null) {
                continue;
            }
            String action = text(e, "ruleAction", "action", "rule_action", "RuleAction");
            String protocol = text(e, "protocol", "Protocol");
            if (action == null || protocol == null) {
                out.set(number, NullNode.getInstance());
                continue;
            }
            ObjectNode v = NODES.objectNode();
            v.put("action", action.toLowerCase(Locale.ROOT));
            String cidr = text(
                    e, "cidrBlock", "cidr_block", "CidrBlock", "ipv6CidrBlock", "ipv6_cidr_block", "Ipv6CidrBlock");
            String c = cidr == null ? null : CidrNormalisation.normalise(cidr);
            v.put("cidr", c == null ? String.valueOf(cidr) : c);
            String p = protocol(protocol);
            v.put("protocol", p);
            if (p.equals("tcp") || p.equals("udp")) {
                JsonNode range = e.has("portRange") ? e.get("portRange") : e.get("PortRange");
                String from = range != null ? text(range, "from", "From") : text(e, "from_port");
                String to = range != null ? text(range, "to", "To") : text(e, "to_port");
                v.set("from_port", NumericStringNormalisation.numberOrText(TextNode.valueOf(String.valueOf(from))));
                v.set("to_port", NumericStringNormalisation.numberOrText(TextNode.valueOf(String.valueOf(to))));
            }
            out.set(number, v);
        }
        return out.isEmpty() ? null : out;
    }

    static JsonNode routes(JsonNode in) {
        ObjectNode out = NODES.objectNode();
        for (JsonNode r : CommonFunctions.items(in)) {
            if (!r.isObject()) {
                continue;
            }
            String cidr =
                    text(r, "destinationCidrBlock", "cidr_block", "destination_cidr_block", "DestinationCidrBlock");
            if (cidr == null) {
                continue;
            }
            String c = CidrNormalisation.normalise(cidr);
            String key = c == null ? cidr : c;
            String target = text(
                    r,
                    "gatewayId",
                    "gateway_id",
                    "GatewayId",
                    "natGatewayId",
                    "nat_gateway_id",
                    "NatGatewayId",
                    "transitGatewayId",
                    "transit_gateway_id",
                    "TransitGatewayId",
                    "vpcPeeringConnectionId",
                    "vpc_peering_connection_id",
                    "VpcPeeringConnectionId",
                    "networkInterfaceId",
                    "network_interface_id",
                    "NetworkInterfaceId",
                    "instanceId",
                    "instance_id",
                    "InstanceId",
                    "vpcEndpointId",
                    "vpc_endpoint_id",
                    "VpcEndpointId");
            out.set(key, target == null ? NullNode.getInstance() : TextNode.valueOf(target));
        }
        return out.isEmpty() ? null : out;
    }

    static String zone(String id) {
        return id == null ? null : id.substring(id.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);
    }

    static String dnsName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("\\052", "*");
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static JsonNode dnsName(JsonNode in) {
        return in.isValueNode() && !in.asText().isEmpty() ? TextNode.valueOf(dnsName(in.asText())) : null;
    }

    private static String recordId(String zone, String name, String type) {
        return zone + "_" + dnsName(name) + "_" + type.toUpperCase(Locale.ROOT);
    }

    private static List<JsonNode> route53Changes(JsonNode doc) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode batch = doc.has("changeBatch") ? doc.get("changeBatch") : doc.path("ChangeBatch");
        JsonNode changes = batch.has("changes") ? batch.get("changes") : batch.path("Changes");
        CommonFunctions.items(changes.has("change") ? changes.get("change") : changes)
                .forEach(out::add);
        return out;
    }

    private static JsonNode recordSet(JsonNode change) {
        return change.has("resourceRecordSet") ? change.get("resourceRecordSet") : change.path("ResourceRecordSet");
    }

    static JsonNode route53Ids(JsonNode doc) {
        ArrayNode out = NODES.arrayNode();
        String zone = zone(text(doc, "hostedZoneId", "HostedZoneId"));
        for (JsonNode c : route53Changes(doc)) {
            JsonNode rs = recordSet(c);
            String name = text(rs, "name", "Name");
            String type = text(rs, "type", "Type");
            if (zone != null && name != null && type != null) {
                out.add(recordId(zone, name, type));
            }
        }
        return out;
    }

    static JsonNode route53Id(JsonNode in) {
        String zone = zone(text(in, "zone_id", "HostedZoneId"));
        String name = text(in, "name", "fqdn", "Name");
        String type = text(in, "type", "Type");
        return zone == null || name == null || type == null ? null : TextNode.valueOf(recordId(zone, name, type));
    }

    static JsonNode route53Change(JsonNode doc, String id) {
        String zone = zone(text(doc, "hostedZoneId", "HostedZoneId"));
        Changes out = new Changes();
        for (JsonNode c : route53Changes(doc)) {
            JsonNode rs = recordSet(c);
            String name = text(rs, "name", "Name");
            String type = text(rs, "type", "Type");
            if (zone == null
                    || name == null
                    || type == null
                    || !recordId(zone, name, type).equals(id)) {
                continue;
            }
            String action = String.valueOf(text(c, "action", "Action")).toUpperCase(Locale.ROOT);
            if (action.equals("DELETE")) {
                out.unset("ttl").unset("values").unset("alias");
                continue;
            }
            String ttl = text(rs, "tTL", "ttl", "TTL");
            if (ttl != null) {
                out.set("ttl", NumericStringNormalisation.numberOrText(TextNode.valueOf(ttl)));
            }
            JsonNode records = rs.has("resourceRecords") ? rs.get("resourceRecords") : rs.get("ResourceRecords");
            if (records != null) {
                out.setSet("values", elements(dnsValues(records)));
            }
            JsonNode alias = rs.has("aliasTarget") ? rs.get("aliasTarget") : rs.get("AliasTarget");
            if (alias != null) {
                String target = text(alias, "dNSName", "dnsName", "DNSName");
                if (target != null) {
                    out.set("alias", dnsName(target));
                }
            }
        }
        return out.isEmpty() ? null : out.build();
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    static JsonNode dnsValues(JsonNode in) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode v :
                CommonFunctions.items(in.isObject() && in.has("resourceRecord") ? in.get("resourceRecord") : in)) {
            String s = v.isObject() ? text(v, "value", "Value") : v.isValueNode() ? v.asText() : null;
            if (s != null) {
                out.add(s.endsWith(".") ? s.substring(0, s.length() - 1) : s);
            }
        }
        return out;
    }

    static JsonNode ecsServiceId(JsonNode in) {
        if (in.isValueNode()) {
            String s = in.asText();
            String rest = after(s, ":service/");
            return rest.equals(s) || !rest.contains("/") ? null : TextNode.valueOf(rest);
        }
        String service = text(in, "service", "name", "ServiceName");
        if (service == null) {
            return null;
        }
        if (service.startsWith("arn:")) {
            String rest = after(service, ":service/");
            if (rest.contains("/")) {
                return TextNode.valueOf(rest);
            }
            service = rest;
        }
        String cluster = text(in, "cluster", "Cluster");
        cluster = cluster == null ? "default" : after(cluster, ":cluster/");
        return TextNode.valueOf(cluster + "/" + service);
    }

    static JsonNode eksLogTypes(JsonNode in, boolean enabled) {
        ArrayNode out = NODES.arrayNode();
        JsonNode logging = in.has("clusterLogging") ? in.get("clusterLogging") : in;
        for (JsonNode setup : CommonFunctions.items(logging)) {
            JsonNode on = NumericStringNormalisation.bool(setup.get("enabled"));
            if (on != null && on.booleanValue() == enabled) {
                CommonFunctions.stringSet(setup.path("types"), false).forEach(out::add);
            }
        }
        return out.isEmpty() ? null : out;
    }

    static JsonNode wafDefaultAction(JsonNode in) {
        JsonNode action = in.isArray() ? in.path(0) : in;
        for (String kind : new String[] {"allow", "block"}) {
            for (String k : new String[] {kind, Character.toUpperCase(kind.charAt(0)) + kind.substring(1)}) {
                JsonNode v = action.get(k);
                if (v != null && !v.isNull() && !(v.isArray() && v.isEmpty())) {
                    return TextNode.valueOf(kind);
                }
            }
        }
        return null;
    }

    static String wafId(String s) {
        String[] parts = s.split("\\|");
        return parts.length == 3 ? parts[1] : s;
    }

    static String secretName(String s) {
        if (!s.startsWith("arn:")) {
            return s;
        }
        String name = after(s, ":secret:");
        int dash = name.lastIndexOf('-');
        return dash > 0 && name.length() - dash == 7 ? name.substring(0, dash) : name;
    }

    static JsonNode publicPermission(JsonNode in, String field) {
        JsonNode perm = in.get(field);
        if (perm == null) {
            return null;
        }
        if (hasAll(perm.get("add"))) {
            return BooleanNode.TRUE;
        }
        if (hasAll(perm.get("remove"))) {
            return BooleanNode.FALSE;
        }
        return null;
    }

    private static boolean hasAll(JsonNode list) {
        for (JsonNode e : CommonFunctions.items(list)) {
            if ("all".equalsIgnoreCase(text(e, "group", "Group"))) {
                return true;
            }
        }
        return false;
    }

    static JsonNode intNode(int v) {
        return IntNode.valueOf(v);
    }
}
