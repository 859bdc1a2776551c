package io.driftguard.judge.semantics;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.judge.semantics.Networks.PortRange;
import java.math.BigInteger;
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

    /**
     * GCP {@code allow} ({@code tcp:22}, {@code tcp}, {@code all}) or Azure {@code destination_ports}.
     * A port added to a rule whose sources (changed or not) already admit the Internet opens that
     * port to the world: an admin or database port there is the high row, not "other ingress".
     */
    static AttributeTable.Reader allowedPorts() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            String world = inboundWorldSource(r);
            for (JsonNode e : Attr.minus(a.actual(), a.desired())) {
                String admin = world == null ? "" : Networks.adminPortsIn(portsOf(e.asText()));
                if (!admin.isEmpty() && !addedWorldSource(r, world)) {
                    r.observe(
                            Meaning.ADMIN_PORT_OPEN_TO_WORLD,
                            a.path(),
                            admin + " open to " + world + " (allowed " + e.asText() + " on a rule admitting " + world
                                    + ")");
                } else {
                    r.observe(Meaning.WIDENING, a.path(), "allowed " + e.asText());
                }
            }
            for (JsonNode e : Attr.minus(a.desired(), a.actual())) {
                r.observe(Meaning.TIGHTENING, a.path(), "no longer allows " + e.asText());
            }
        };
    }

    /**
     * The Internet source an inbound allow rule admits after the change (its sources as changed, or
     * as declared when the finding lists them unchanged), or null.
     */
    private static String inboundWorldSource(Reading r) {
        String access = Attr.text(r.actualOf("access"));
        String direction = Attr.text(r.actualOf("direction"));
        if ("deny".equalsIgnoreCase(access) || "outbound".equalsIgnoreCase(direction)) {
            return null;
        }
        for (String path : FIREWALL_SOURCES) {
            for (JsonNode s : Attr.elements(r.actualOf(path))) {
                if (Networks.isWorld(s.asText())) {
                    return s.asText();
                }
            }
        }
        return null;
    }

    /** True when the world source is itself part of the change: {@link #exposure} judges it with the ports. */
    private static boolean addedWorldSource(Reading r, String world) {
        for (String path : FIREWALL_SOURCES) {
            Attr src = r.attr(path);
            if (src != null && src.known()) {
                for (JsonNode e : Attr.minus(src.actual(), src.desired())) {
                    if (e.asText().equals(world) && !covered(world, Attr.elements(src.desired()))) {
                        return true;
                    }
                }
            }
        }
        return false;
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

    /**
     * NetworkPolicy ingress rules, compared by the traffic they admit: a rule that only admits what a
     * declared rule already admitted (a namespace selector narrowed from every namespace to one)
     * does not widen, and a declared rule whose traffic a remaining rule still admits does not
     * tighten. Rules are {@code {from: [peers], ports: [...]}}; no {@code from} admits every
     * source, no {@code ports} every port.
     */
    static AttributeTable.Reader networkPolicyIngress() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            if (a.desiredPresent() && !Attr.present(a.actual())) {
                r.observe(Meaning.WIDENING, a.path(), "NetworkPolicy ingress restrictions removed (policy deleted)");
                return;
            }
            List<JsonNode> desired = Attr.elements(a.desired());
            List<JsonNode> actual = Attr.elements(a.actual());
            for (JsonNode e : Attr.minus(a.actual(), a.desired())) {
                if (!ingressCoveredBy(e, desired)) {
                    r.observe(Meaning.WIDENING, a.path(), "added ingress rule " + Values.show(e));
                }
            }
            for (JsonNode e : Attr.minus(a.desired(), a.actual())) {
                if (!ingressCoveredBy(e, actual)) {
                    r.observe(Meaning.TIGHTENING, a.path(), "removed or narrowed ingress rule " + Values.show(e));
                }
            }
        };
    }

    /** Whether some rule of {@code others} admits all the traffic {@code rule} admits. */
    static boolean ingressCoveredBy(JsonNode rule, List<JsonNode> others) {
        for (JsonNode o : others) {
            if (portsCovered(rule.path("ports"), o.path("ports")) && peersCovered(rule.path("from"), o.path("from"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsCovered(JsonNode inner, JsonNode outer) {
        return everyOneCovered(inner, outer, (p, q) -> {
            String pp = p.path("protocol").asText("TCP");
            String qp = q.path("protocol").asText("TCP");
            boolean anyPort = !Attr.present(q.get("port"));
            return pp.equalsIgnoreCase(qp)
                    && (anyPort || q.path("port").asText().equals(p.path("port").asText()));
        });
    }

    private static boolean peersCovered(JsonNode inner, JsonNode outer) {
        return everyOneCovered(inner, outer, NetworkRules::peerCovered);
    }

    /**
     * Whether every element of {@code inner} is covered by some element of {@code outer}; an empty
     * {@code outer} list admits everything (every port, every source), an empty {@code inner} one
     * is covered only by that.
     */
    private static boolean everyOneCovered(
            JsonNode inner, JsonNode outer, java.util.function.BiPredicate<JsonNode, JsonNode> covers) {
        List<JsonNode> outs = Attr.elements(outer);
        if (outs.isEmpty()) {
            return true;
        }
        List<JsonNode> ins = Attr.elements(inner);
        if (ins.isEmpty()) {
            return false;
        }
        for (JsonNode p : ins) {
            boolean found = false;
            for (JsonNode q : outs) {
                found |= covers.test(p, q);
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** One peer inside another: equal, an address block inside a block, or selectors inside broader ones. */
    private static boolean peerCovered(JsonNode inner, JsonNode outer) {
        if (inner.equals(outer)) {
            return true;
        }
        if (outer.has("ipBlock") || inner.has("ipBlock")) {
            return outer.has("ipBlock")
                    && inner.has("ipBlock")
                    && Attr.elements(outer.path("ipBlock").path("except")).isEmpty()
                    && Networks.contains(
                            outer.path("ipBlock").path("cidr").asText(null),
                            inner.path("ipBlock").path("cidr").asText(null));
        }
        JsonNode ons = outer.get("namespaceSelector");
        JsonNode ins = inner.get("namespaceSelector");
        JsonNode opod = outer.get("podSelector");
        JsonNode ipod = inner.get("podSelector");
        // namespaces: an outer selector of every namespace covers any; none means the policy's own
        boolean namespaces = ons != null ? emptySelector(ons) || ons.equals(ins) : ins == null;
        // pods: an absent or empty outer pod selector covers any pods of those namespaces
        boolean pods = opod == null || emptySelector(opod) || opod.equals(ipod);
        return namespaces && pods;
    }

    private static boolean emptySelector(JsonNode selector) {
        return selector.isObject()
                && Attr.elements(selector.path("matchExpressions")).isEmpty()
                && (selector.path("matchLabels").isMissingNode()
                        || selector.path("matchLabels").isEmpty());
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
        Attr changed = r.attr("allow") != null ? r.attr("allow") : r.attr("destination_ports");
        JsonNode ports = changed != null
                ? (changed.known() ? changed.actual() : null)
                : r.actualOf("allow") != null ? r.actualOf("allow") : r.actualOf("destination_ports");
        if (ports == null) {
            r.observe(
                    Meaning.ADMIN_PORT_OPEN_TO_WORLD,
                    path,
                    "source " + source
                            + " added; the rule's ports are not part of the change, so admin ports are assumed exposed");
            return;
        }
        List<String> admin = new ArrayList<>();
        for (JsonNode p : Attr.elements(ports)) {
            String named = Networks.adminPortsIn(portsOf(p.asText()));
            if (!named.isEmpty()) {
                admin.add(named);
            }
        }
        if (admin.isEmpty()) {
            r.observe(Meaning.WIDENING, path, "source " + source + " added for " + Values.show(ports));
        } else {
            r.observe(Meaning.ADMIN_PORT_OPEN_TO_WORLD, path, String.join(", ", admin) + " open to " + source);
        }
    }

    /**
     * Azure SQL server firewall rules: an address range, 0.0.0.0–255.255.255.255 being everyone.
     * Ranges are compared by the addresses they admit: a range that now admits an address it did
     * not (the actor's own IP in place of the office range) widens, even when it is smaller; one
     * that only lost addresses tightens. A bound the change left alone is read from the finding's
     * unchanged attributes.
     */
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
        String ds = start != null ? Attr.text(start.desired()) : Attr.text(r.unchangedOf("start_ip"));
        String de = end != null ? Attr.text(end.desired()) : Attr.text(r.unchangedOf("end_ip"));
        String as = start != null ? Attr.text(start.actual()) : Attr.text(r.unchangedOf("start_ip"));
        String ae = end != null ? Attr.text(end.actual()) : Attr.text(r.unchangedOf("end_ip"));
        if ((start == null || as == null) && (end == null || ae == null) && (ds != null || de != null)) {
            r.observe(Meaning.TIGHTENING, any.path(), "SQL firewall rule deleted");
            return;
        }
        BigInteger s0 = Networks.ipv4(ds);
        BigInteger e0 = Networks.ipv4(de);
        BigInteger s1 = Networks.ipv4(as);
        BigInteger e1 = Networks.ipv4(ae);
        if (s1 != null && e1 != null && s1.signum() == 0 && e1.equals(Networks.IPV4_LAST)) {
            if (s0 == null || e0 == null || s0.signum() != 0 || !e0.equals(Networks.IPV4_LAST)) {
                r.observe(
                        Meaning.ADMIN_PORT_OPEN_TO_WORLD,
                        any.path(),
                        "1433 (SQL Server) open to the whole Internet (" + as + " - " + ae + ")");
            }
            return;
        }
        // with one bound unknown, each moved bound is judged on its own side of the range
        boolean admitsMore = lower(s1, s0) || lower(e0, e1) || s0 == null && e0 == null && (s1 != null || e1 != null);
        boolean admitsLess = lower(s0, s1) || lower(e1, e0);
        if (s0 != null && e0 != null && s1 != null && e1 != null && (e1.compareTo(s0) < 0 || s1.compareTo(e0) > 0)) {
            admitsMore = true; // a disjoint range: every address it admits is new
        }
        String text = (ds == null ? "?" : ds) + " - " + (de == null ? "?" : de) + " -> " + (as == null ? "?" : as)
                + " - " + (ae == null ? "?" : ae);
        if (admitsMore) {
            r.observe(Meaning.WIDENING, any.path(), "SQL firewall range admits new addresses (" + text + ")");
        } else if (admitsLess) {
            r.observe(Meaning.TIGHTENING, any.path(), "SQL firewall range narrowed (" + text + ")");
        }
    }

    /** Whether both are known and {@code a < b}. */
    private static boolean lower(BigInteger a, BigInteger b) {
        return a != null && b != null && a.compareTo(b) < 0;
    }
}
