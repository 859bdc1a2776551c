package io.driftguard.judge.semantics;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.judge.semantics.Networks.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Network exposure: security-group rules, firewall source ranges and ports, NSG rules, database
 * allow-lists, Azure SQL firewall ranges and NetworkPolicies.
 *
 * <p>A source added inside one that was already declared (10.1.0.0/16 beside a removed
 * 10.0.0.0/8) does not widen, and a removed source still covered by what remains does not tighten.
 * Where a firewall's source becomes the whole Internet but the change does not show its ports
 * (GCP and Azure log the rule's own fields; unchanged ports are not in the finding), an admin port
 * is assumed: exposing an unknown set of ports to everyone is what the admin-port rule guards against.
 */
final class NetworkRules {

    /** Paths whose world-open source is judged together with the rule's ports and access. */
    private static final List<String> FIREWALL_SOURCES = List.of("source_ranges", "source_prefixes");

    private NetworkRules() {}

    // ---------------------------------------------------------------- EC2 security groups

    static AttributeTable.Reader ec2Rules(boolean ingress) {
        return (a, r) -> {
            String dir = ingress ? "inbound" : "outbound";
            if (!a.known()) {
                r.observe(Meaning.TIGHTENING, a.path(), dir + " rules revoked by rule id (the log does not say which)");
                return;
            }
            List<JsonNode> desired = Attr.elements(a.desired());
            List<JsonNode> actual = Attr.elements(a.actual());
            for (JsonNode e : Attr.minus(a.actual(), a.desired())) {
                if (!coveredBy(e, desired)) {
                    added(r, a.path(), e, ingress);
                }
            }
            for (JsonNode e : Attr.minus(a.desired(), a.actual())) {
                if (!coveredBy(e, actual)) {
                    r.observe(Meaning.TIGHTENING, a.path(), "revoked " + dir + " " + Values.rule(e));
                }
            }
        };
    }

    static AttributeTable.Reader ec2RuleElement(boolean ingress) {
        return (a, r) -> {
            JsonNode e = Values.parseKey(a.key(ingress ? "ingress_rule" : "egress_rule"));
            if (e == null || !a.known()) {
                return;
            }
            if (a.desiredPresent() && !a.actualPresent()) {
                r.observe(
                        Meaning.TIGHTENING,
                        a.path(),
                        "revoked " + (ingress ? "inbound " : "outbound ") + Values.rule(e));
            } else if (!a.desiredPresent() && a.actualPresent()) {
                added(r, a.path(), e, ingress);
            }
        };
    }

    private static void added(Reading r, String path, JsonNode e, boolean ingress) {
        if (!ingress) {
            return;
        }
        String peer = e.path("peer").asText("");
        String admin = Networks.adminPortsIn(ec2Ports(e));
        if (Networks.isWorld(peer) && !admin.isEmpty()) {
            r.observe(Meaning.ADMIN_PORT_OPEN_TO_WORLD, path, admin + " open to " + peer + " (" + Values.rule(e) + ")");
        } else {
            r.observe(Meaning.WIDENING, path, "added inbound " + Values.rule(e));
        }
    }

    static PortRange ec2Ports(JsonNode e) {
        String proto = e.path("protocol").asText("-1");
        if (proto.equals("-1") || proto.equals("all")) {
            return PortRange.ALL;
        }
        if (!proto.equals("tcp") && !proto.equals("udp")) {
            return null;
        }
        long from = e.path("from_port").asLong(-1);
        long to = e.path("to_port").asLong(-1);
        return from < 0 || to < 0 ? PortRange.ALL : new PortRange((int) from, (int) to);
    }

    private static boolean coveredBy(JsonNode e, List<JsonNode> others) {
        PortRange ports = ec2Ports(e);
        String proto = e.path("protocol").asText("-1");
        for (JsonNode o : others) {
            String op = o.path("protocol").asText("-1");
            if (!op.equals("-1") && !op.equals(proto)) {
                continue;
            }
            PortRange oports = ec2Ports(o);
            boolean portsOk =
                    ports == null ? op.equals(proto) || op.equals("-1") : oports != null && oports.covers(ports);
            if (portsOk
                    && Networks.contains(
                            o.path("peer").asText(""), e.path("peer").asText(""))) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- source sets

    /**
     * A set of CIDRs or prefixes allowed in. A world source on a firewall rule is judged with its
     * ports in {@link #exposure}; on a database allow-list it is a database open to the world.
     */
    static AttributeTable.Reader sources(boolean database) {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            List<JsonNode> desired = Attr.elements(a.desired());
            List<JsonNode> actual = Attr.elements(a.actual());
            for (JsonNode e : Attr.minus(a.actual(), a.desired())) {
                String s = e.asText();
                if (covered(s, desired)) {
                    continue;
                }
                if (Networks.isWorld(s) && database) {
                    r.observe(Meaning.ADMIN_PORT_OPEN_TO_WORLD, a.path(), "database open to " + s);
                } else if (Networks.isWorld(s) && FIREWALL_SOURCES.contains(a.path())) {
                    // decided with the rule's ports and access in exposure()
                    continue;
                } else {
                    r.observe(Meaning.WIDENING, a.path(), "added source " + s);
                }
            }
            for (JsonNode e : Attr.minus(a.desired(), a.actual())) {
                if (!covered(e.asText(), actual)) {
                    r.observe(Meaning.TIGHTENING, a.path(), "removed source " + e.asText());
                }
            }
        };
    }

    private static boolean covered(String source, List<JsonNode> others) {
        for (JsonNode o : others) {
            if (Networks.contains(o.asText(), source)) {
                return true;
            }
        }
        return false;
    }

    /** GCP {@code allow} ({@code tcp:22}, {@code tcp}, {@code all}) or Azure {@code destination_ports}. */
    static AttributeTable.Reader allowedPorts() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            for (JsonNode e : Attr.minus(a.actual(), a.desired())) {
                r.observe(Meaning.WIDENING, a.path(), "allowed " + e.asText());
            }
            for (JsonNode e : Attr.minus(a.desired(), a.actual())) {
                r.observe(Meaning.TIGHTENING, a.path(), "no longer allows " + e.asText());
            }
        };
    }

    /** A port entry: GCP {@code tcp:22}/{@code tcp}/{@code all}/{@code icmp}, Azure {@code 22}/{@code *}. */
    static PortRange portsOf(String entry) {
        String t = entry.trim().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        if (colon >= 0) {
            String proto = t.substring(0, colon);
            return proto.equals("tcp") || proto.equals("udp") || proto.equals("all")
                    ? PortRange.parse(t.substring(colon + 1))
                    : null;
        }
        if (t.equals("tcp") || t.equals("udp") || t.equals("all") || t.equals("*")) {
            return PortRange.ALL;
        }
        if (!t.isEmpty() && Values.isAsciiDigit(t.charAt(0))) {
            return PortRange.parse(t);
        }
        return null;
    }

    static AttributeTable.Reader networkPolicyIngress() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            if (a.desiredPresent() && !Attr.present(a.actual())) {
                r.observe(Meaning.WIDENING, a.path(), "NetworkPolicy ingress restrictions removed (policy deleted)");
                return;
            }
            for (JsonNode e : Attr.minus(a.actual(), a.desired())) {
                r.observe(Meaning.WIDENING, a.path(), "added ingress rule " + Values.show(e));
            }
            for (JsonNode e : Attr.minus(a.desired(), a.actual())) {
                r.observe(Meaning.TIGHTENING, a.path(), "removed ingress rule " + Values.show(e));
            }
        };
    }

    // ---------------------------------------------------------------- whole-resource exposure

    /** Judgements that need several paths of one resource: firewall sources with ports, SQL ranges. */
    static void exposure(Reading r) {
        for (String path : FIREWALL_SOURCES) {
            Attr src = r.attr(path);
            if (src == null || !src.known()) {
                continue;
            }
            List<JsonNode> desired = Attr.elements(src.desired());
            for (JsonNode e : Attr.minus(src.actual(), src.desired())) {
                String s = e.asText();
                if (!Networks.isWorld(s) || covered(s, desired)) {
                    continue;
                }
                firewallOpenedToWorld(r, path, s);
            }
        }
        sqlFirewall(r);
    }

    private static void firewallOpenedToWorld(Reading r, String path, String source) {
        String access = Attr.text(r.actualOf("access"));
        String direction = Attr.text(r.actualOf("direction"));
        if ("deny".equalsIgnoreCase(access) || "outbound".equalsIgnoreCase(direction)) {
            return;
        }
        Attr ports = r.attr("allow") != null ? r.attr("allow") : r.attr("destination_ports");
        if (ports == null || !ports.known()) {
            r.observe(
                    Meaning.ADMIN_PORT_OPEN_TO_WORLD,
                    path,
                    "source " + source
                            + " added; the rule's ports are not part of the change, so admin ports are assumed exposed");
            return;
        }
        List<String> admin = new ArrayList<>();
        for (JsonNode p : Attr.elements(ports.actual())) {
            String named = Networks.adminPortsIn(portsOf(p.asText()));
            if (!named.isEmpty()) {
                admin.add(named);
            }
        }
        if (admin.isEmpty()) {
            r.observe(Meaning.WIDENING, path, "source " + source + " added for " + Values.show(ports.actual()));
        } else {
            r.observe(Meaning.ADMIN_PORT_OPEN_TO_WORLD, path, String.join(", ", admin) + " open to " + source);
        }
    }

    /** Azure SQL server firewall rules: an address range, 0.0.0.0–255.255.255.255 being everyone. */
    private static void sqlFirewall(Reading r) {
        Attr start = r.attr("start_ip");
        Attr end = r.attr("end_ip");
        if (start == null && end == null) {
            return;
        }
        Attr any = start != null ? start : end;
        if (!any.known()) {
            return;
        }
        String ds = start != null ? Attr.text(start.desired()) : null;
        String de = end != null ? Attr.text(end.desired()) : null;
        String as = start != null ? Attr.text(start.actual()) : null;
        String ae = end != null ? Attr.text(end.actual()) : null;
        if ((start == null || as == null) && (end == null || ae == null) && (ds != null || de != null)) {
            r.observe(Meaning.TIGHTENING, any.path(), "SQL firewall rule deleted");
            return;
        }
        if (start == null || end == null) {
            // only one bound changed; the other is as declared but not in the finding
            boolean isStart = start != null;
            String from = Attr.text(any.desired());
            String to = Attr.text(any.actual());
            double grown = isStart ? Networks.rangeSize(to, from) : Networks.rangeSize(from, to);
            if (grown > 1) {
                r.observe(
                        Meaning.WIDENING,
                        any.path(),
                        "SQL firewall range widened (" + any.path() + " " + from + " -> " + to + ")");
            } else if (grown != -1 && grown < 1) {
                r.observe(
                        Meaning.TIGHTENING,
                        any.path(),
                        "SQL firewall range narrowed (" + any.path() + " " + from + " -> " + to + ")");
            }
            return;
        }
        double before = ds == null || de == null ? 0 : Networks.rangeSize(ds, de);
        double after = Networks.rangeSize(as, ae);
        if (after >= Math.pow(2, 32) - 1) {
            r.observe(
                    Meaning.ADMIN_PORT_OPEN_TO_WORLD,
                    start.path(),
                    "1433 (SQL Server) open to the whole Internet (" + as + " - " + ae + ")");
        } else if (after > before) {
            r.observe(Meaning.WIDENING, start.path(), "SQL firewall range widened to " + as + " - " + ae);
        } else if (after >= 0 && after < before) {
            r.observe(Meaning.TIGHTENING, start.path(), "SQL firewall range narrowed to " + as + " - " + ae);
        }
    }
}
