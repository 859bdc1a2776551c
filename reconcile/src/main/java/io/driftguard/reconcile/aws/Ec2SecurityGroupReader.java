package io.driftguard.reconcile.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.iac.IacMapper;
import io.driftguard.reconcile.LiveReader;
import io.driftguard.reconcile.LiveResource;
import io.driftguard.reconcile.RateLimiter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * EC2 security groups through {@code DescribeSecurityGroups}: 200 group ids per filter, up to 1,000
 * groups a page, every page followed. Each group is rendered as Terraform's {@code aws_security_group}
 * state (inline rule blocks, tags) and each rule as an {@code aws_security_group_rule}, then mapped by
 * the catalog's IaC rows, so the live rules explode into the same canonical elements as declared ones.
 */
public final class Ec2SecurityGroupReader implements LiveReader {

    static final String READER = "DescribeSecurityGroups";
    private static final List<String> COVERED =
            List.of("ingress", "egress", "ingress_rule.*", "egress_rule.*", "tags.*");
    private static final int IDS_PER_CALL = 200;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final List<Ec2Client> regions;
    private final RateLimiter limiter;
    private final IacMapper mapper;

    /**
     * @param regions one client per region the groups may live in (security group ids carry no region):
     *     a group none of them has is reported deleted
     */
    public Ec2SecurityGroupReader(List<Ec2Client> regions, RateLimiter limiter, IacMapper mapper) {
        this.regions = List.copyOf(regions);
        this.limiter = limiter;
        this.mapper = mapper;
    }

    @Override
    public Set<String> iacTypes() {
        return Set.of(
                "aws_security_group",
                "aws_default_security_group",
                "aws_security_group_rule",
                "aws_vpc_security_group_ingress_rule",
                "aws_vpc_security_group_egress_rule",
                "AWS::EC2::SecurityGroup",
                "AWS::EC2::SecurityGroupIngress",
                "AWS::EC2::SecurityGroupEgress");
    }

    @Override
    public List<LiveResource> read(List<DesiredResource> resources, List<String> problems) {
        Map<String, SecurityGroup> found = new HashMap<>();
        List<String> ids =
                resources.stream().map(DesiredResource::resourceId).distinct().toList();
        for (Ec2Client ec2 : regions) {
            List<String> missing =
                    ids.stream().filter(id -> !found.containsKey(id)).toList();
            describe(ec2, missing, found);
        }
        List<LiveResource> out = new ArrayList<>();
        for (DesiredResource d : resources) {
            SecurityGroup g = found.get(d.resourceId());
            out.add(
                    g == null
                            ? LiveResource.deleted(d.key(), READER, COVERED)
                            : new LiveResource(d.key(), READER, attributes(g, problems), COVERED));
        }
        return out;
    }

    /** Every page of the groups with these ids that one region has. */
    private void describe(Ec2Client ec2, List<String> ids, Map<String, SecurityGroup> found) {
        for (int i = 0; i < ids.size(); i += IDS_PER_CALL) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + IDS_PER_CALL));
            String token = null;
            do {
                limiter.acquire();
                String page = token;
                DescribeSecurityGroupsResponse r = ec2.describeSecurityGroups(b -> b.filters(
                                Filter.builder().name("group-id").values(chunk).build())
                        .maxResults(1000)
                        .nextToken(page));
                r.securityGroups().forEach(g -> found.put(g.groupId(), g));
                token = r.nextToken();
            } while (token != null && !token.isEmpty());
        }
    }

    private Map<String, String> attributes(SecurityGroup g, List<String> problems) {
        ObjectNode group = NODES.objectNode();
        group.put("id", g.groupId());
        group.set("ingress", blocks(g.ipPermissions()));
        group.set("egress", blocks(g.ipPermissionsEgress()));
        ObjectNode tags = group.putObject("tags");
        g.tags().forEach(t -> tags.put(t.key(), t.value()));
        Map<String, String> attrs = new HashMap<>(AwsLive.map(mapper, "aws_security_group", group, problems));
        rules(g.groupId(), "ingress", g.ipPermissions(), attrs, problems);
        rules(g.groupId(), "egress", g.ipPermissionsEgress(), attrs, problems);
        return attrs;
    }

    /** Terraform's inline blocks: one per permission, its peers as lists. */
    private static ArrayNode blocks(List<IpPermission> permissions) {
        ArrayNode out = NODES.arrayNode();
        for (IpPermission p : permissions) {
            ObjectNode b = rule(p);
            p.ipRanges().forEach(r -> b.withArray("cidr_blocks").add(r.cidrIp()));
            p.ipv6Ranges().forEach(r -> b.withArray("ipv6_cidr_blocks").add(r.cidrIpv6()));
            p.prefixListIds().forEach(r -> b.withArray("prefix_list_ids").add(r.prefixListId()));
            p.userIdGroupPairs().forEach(r -> b.withArray("security_groups").add(r.groupId()));
            out.add(b);
        }
        return out;
    }

    /** Each peer as an {@code aws_security_group_rule}, for declarations made of rule resources. */
    private void rules(
            String groupId,
            String type,
            List<IpPermission> permissions,
            Map<String, String> attrs,
            List<String> problems) {
        for (IpPermission p : permissions) {
            List<ObjectNode> peers = new ArrayList<>();
            p.ipRanges().forEach(r -> peers.add(peer(p, "cidr_blocks", r.cidrIp())));
            p.ipv6Ranges().forEach(r -> peers.add(peer(p, "ipv6_cidr_blocks", r.cidrIpv6())));
            p.prefixListIds().forEach(r -> peers.add(peer(p, "prefix_list_ids", r.prefixListId())));
            p.userIdGroupPairs().forEach(r -> {
                ObjectNode n = rule(p);
                n.put("source_security_group_id", r.groupId());
                peers.add(n);
            });
            for (ObjectNode n : peers) {
                n.put("type", type);
                n.put("security_group_id", groupId);
                attrs.putAll(AwsLive.map(mapper, "aws_security_group_rule", n, problems));
            }
        }
    }

    private static ObjectNode peer(IpPermission p, String list, String value) {
        ObjectNode n = rule(p);
        n.putArray(list).add(value);
        return n;
    }

    private static ObjectNode rule(IpPermission p) {
        ObjectNode b = NODES.objectNode();
        b.put("protocol", p.ipProtocol());
        if (p.fromPort() != null) {
            b.put("from_port", p.fromPort());
        }
        if (p.toPort() != null) {
            b.put("to_port", p.toPort());
        }
        return b;
    }

    @Override
    public void close() {
        regions.forEach(Ec2Client::close);
    }
}
