package io.driftguard.models.scenario.aws;

import static io.driftguard.models.scenario.iac.IacModel.arr;
import static io.driftguard.models.scenario.iac.IacModel.m;
import static io.driftguard.models.scenario.iac.IacModel.obj;
import static io.driftguard.models.scenario.iac.IacModel.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.json.Json;
import io.driftguard.models.scenario.driver.Call;
import io.driftguard.models.scenario.driver.CatalogRow;
import io.driftguard.models.scenario.driver.Change;
import io.driftguard.models.scenario.driver.Driver;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.driver.Gen;
import io.driftguard.models.scenario.driver.Intent;
import io.driftguard.models.scenario.driver.Prices;
import io.driftguard.models.scenario.driver.Subject;
import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.iac.YamlWriter;
import io.driftguard.models.scenario.label.Effect;
import io.driftguard.models.scenario.label.Sizing;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.world.Actor;
import io.driftguard.models.scenario.world.Service;
import io.driftguard.models.scenario.world.World;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Drivers of the AWS rows of docs/design/catalog-format.md, for Terraform and CloudFormation alike. */
public final class AwsDrivers {

    private AwsDrivers() {}

    public static List<Driver> all() {
        return List.of(
                new SecurityGroup(),
                new Instance(),
                new Ec2Tags(),
                new S3Access(),
                new S3Configuration(),
                new Rds(),
                new Lambda(),
                new IamRole(),
                new AutoScalingGroup(),
                new Trail());
    }

    private static final YamlWriter.Tagged SERVICE_NAME = new YamlWriter.Tagged("!Ref", "ServiceName");

    /** What the AWS drivers share: where a resource lives and how its calls are rendered. */
    abstract static class Base implements Driver {

        Subject subject(
                Gen g,
                Service svc,
                String iac,
                String type,
                String address,
                String resourceId,
                String name,
                String account,
                String region,
                Map<String, Object> props) {
            String path = iac.equals("terraform")
                    ? IacModel.terraformPath(env(account), svc)
                    : IacModel.cloudFormationPath(svc);
            g.iac().own(svc, resourceId);
            return new Subject(
                    row(), Cloud.AWS, iac, type, address, path, resourceId, name, svc, account, region, props);
        }

        static String env(String account) {
            return account.equals(World.AWS_PROD) ? "aws-prod" : "aws-data";
        }

        static String account(Gen g, String iac) {
            return iac.equals("cloudformation") ? World.AWS_PROD : g.rng().pick(World.AWS_ACCOUNTS);
        }

        static String region(Gen g, String iac) {
            return iac.equals("cloudformation") || g.rng().chance(0.7) ? "us-east-1" : "eu-west-1";
        }

        Call call(Gen g, Subject s, String service, String name, ObjectNode req, JsonNode resp) {
            return (a, t, fail) ->
                    CloudTrailRecords.write(g, a, t, s.account(), s.region(), service, name, req, resp, fail);
        }

        static Map<String, Object> tags(Service svc, String name) {
            return m(
                    "Name",
                    name,
                    "service",
                    svc.name(),
                    "Environment",
                    "prod",
                    "Owner",
                    svc.team(),
                    "scan-schedule",
                    "weekly");
        }

        static ObjectNode tfTags(Map<String, Object> tags) {
            ObjectNode o = obj();
            tags.forEach((k, v) -> o.put(k, (String) v));
            return o;
        }

        static List<Object> cfnTags(Map<String, Object> tags) {
            List<Object> out = new ArrayList<>();
            tags.forEach((k, v) -> out.add(m("Key", k, "Value", k.equals("service") ? SERVICE_NAME : v)));
            return out;
        }

        static Change change(String summary, List<Effect> effects, Sizing sizing, Call apply, Call revert) {
            return new Change(summary, effects, sizing, null, apply, revert);
        }
    }

    // ---------------------------------------------------------------- security groups

    static final class SecurityGroup extends Base {
        private static final int[] ADMIN_PORTS = {22, 3389, 5432, 3306};

        public CatalogRow row() {
            return CatalogRow.AWS_EC2_SECURITY_GROUP_RULES;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.EMERGENCY, Intent.TROUBLESHOOT, Intent.TIGHTEN);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String account = account(g, iac);
            String region = region(g, iac);
            String id = "sg-0" + r.hex(16);
            String vpc = "vpc-0" + r.hex(16);
            String name = svc.name() + "-" + r.pickOf("web", "app", "api", "edge") + "-" + g.uid() + "-sg";
            String address;
            if (iac.equals("terraform")) {
                ObjectNode a = obj();
                a.put("arn", "arn:aws:ec2:" + region + ":" + account + ":security-group/" + id)
                        .put("description", "Ingress for " + svc.name());
                ArrayNode egress = a.putArray("egress");
                egress.add(tfRule("HTTPS out", 443, 443, "tcp", "0.0.0.0/0"));
                egress.add(tfRule("Postgres in VPC", 5432, 5432, "tcp", "10.0.0.0/8"));
                a.put("id", id);
                ArrayNode ingress = a.putArray("ingress");
                ingress.add(tfRule("HTTPS from internet", 443, 443, "tcp", "0.0.0.0/0"));
                ingress.add(tfRule("App port from VPC", 8080, 8080, "tcp", "10.0.0.0/8"));
                ingress.add(tfRule("Legacy partner webhook", 9000, 9000, "tcp", "0.0.0.0/0"));
                a.put("name", name)
                        .put("name_prefix", "")
                        .put("owner_id", account)
                        .put("revoke_rules_on_delete", false);
                a.set("tags", Base.tfTags(tags(svc, name)));
                a.set("tags_all", Base.tfTags(tags(svc, name)));
                a.putNull("timeouts");
                a.put("vpc_id", vpc);
                address = g.iac()
                        .terraform(
                                env(account),
                                svc,
                                "aws_security_group",
                                name.replace('-', '_'),
                                "aws",
                                1,
                                a,
                                List.of());
            } else {
                Map<String, Object> p = m(
                        "GroupDescription",
                        "Ingress for " + svc.name(),
                        "GroupName",
                        new YamlWriter.Tagged(
                                "!Sub",
                                "${ServiceName}-" + name.substring(svc.name().length() + 1)),
                        "VpcId",
                        vpc,
                        "SecurityGroupIngress",
                        List.of(
                                cfnRule("HTTPS from internet", 443, "0.0.0.0/0"),
                                cfnRule("App port from VPC", 8080, "10.0.0.0/8"),
                                cfnRule("Legacy partner webhook", 9000, "0.0.0.0/0")),
                        "SecurityGroupEgress",
                        List.of(cfnRule("HTTPS out", 443, "0.0.0.0/0"), cfnRule("Postgres in VPC", 5432, "10.0.0.0/8")),
                        "Tags",
                        cfnTags(tags(svc, name)));
                address = g.iac()
                        .cloudFormation(svc, "WebSecurityGroup" + r.upperAlnum(4), "AWS::EC2::SecurityGroup", p, id);
            }
            return subject(
                    g,
                    svc,
                    iac,
                    iac.equals("terraform") ? "aws_security_group" : "AWS::EC2::SecurityGroup",
                    address,
                    id,
                    name,
                    account,
                    region,
                    m("instance", "i-0" + r.hex(16)));
        }

        private static ObjectNode tfRule(String desc, int from, int to, String proto, String cidr) {
            ObjectNode o = obj();
            o.set("cidr_blocks", strings(cidr));
            o.put("description", desc).put("from_port", from);
            o.set("ipv6_cidr_blocks", arr());
            o.set("prefix_list_ids", arr());
            o.put("protocol", proto);
            o.set("security_groups", arr());
            o.put("self", false).put("to_port", to);
            return o;
        }

        private static Map<String, Object> cfnRule(String desc, int port, String cidr) {
            return m("IpProtocol", "tcp", "FromPort", port, "ToPort", port, "CidrIp", cidr, "Description", desc);
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            return switch (intent) {
                case MISCONFIGURE -> {
                    int port = ADMIN_PORTS[(step + g.rng().nextInt(2) * 2) % ADMIN_PORTS.length];
                    yield rule(
                            g,
                            s,
                            false,
                            "tcp",
                            port,
                            "0.0.0.0/0",
                            "",
                            true,
                            List.of(Effect.ADMIN_PORT_OPEN_TO_WORLD),
                            "opened tcp/" + port + " to 0.0.0.0/0");
                }
                case EMERGENCY ->
                    step == 0
                            ? rule(
                                    g,
                                    s,
                                    false,
                                    "tcp",
                                    8443,
                                    "0.0.0.0/0",
                                    "temp: failover listener",
                                    true,
                                    List.of(Effect.INGRESS_WIDENED),
                                    "opened tcp/8443 to 0.0.0.0/0 for a failover listener")
                            : rule(
                                    g,
                                    s,
                                    true,
                                    "tcp",
                                    6379,
                                    "10.0.0.0/8",
                                    "temp: cache failover",
                                    true,
                                    List.of(),
                                    "allowed egress tcp/6379 to the VPC");
                case TROUBLESHOOT ->
                    rule(
                            g,
                            s,
                            false,
                            "tcp",
                            step == 0 ? 22 : 9100,
                            actor.ip() + "/32",
                            "debug " + actor.name(),
                            true,
                            List.of(Effect.INGRESS_WIDENED),
                            "allowed the actor's own IP");
                case TIGHTEN ->
                    step == 0
                            ? rule(
                                    g,
                                    s,
                                    false,
                                    "tcp",
                                    9000,
                                    "0.0.0.0/0",
                                    "Legacy partner webhook",
                                    false,
                                    List.of(Effect.TIGHTENED),
                                    "revoked the world-open tcp/9000 rule")
                            : rule(
                                    g,
                                    s,
                                    true,
                                    "tcp",
                                    443,
                                    "0.0.0.0/0",
                                    "HTTPS out",
                                    false,
                                    List.of(Effect.TIGHTENED),
                                    "revoked egress tcp/443 to 0.0.0.0/0");
                default -> null;
            };
        }

        private Change rule(
                Gen g,
                Subject s,
                boolean egress,
                String proto,
                int port,
                String cidr,
                String desc,
                boolean authorize,
                List<Effect> effects,
                String summary) {
            String dir = egress ? "Egress" : "Ingress";
            Call add = (a, t, fail) -> CloudTrailRecords.write(
                    g,
                    a,
                    t,
                    s.account(),
                    s.region(),
                    "ec2",
                    "AuthorizeSecurityGroup" + dir,
                    request(s, proto, port, cidr, desc),
                    authorizeResponse(g, s, egress, proto, port, cidr, desc),
                    fail);
            Call remove = (a, t, fail) -> CloudTrailRecords.write(
                    g,
                    a,
                    t,
                    s.account(),
                    s.region(),
                    "ec2",
                    "RevokeSecurityGroup" + dir,
                    request(s, proto, port, cidr, desc),
                    revokeResponse(g),
                    fail);
            return change(summary, effects, null, authorize ? add : remove, authorize ? remove : add);
        }

        private static ObjectNode request(Subject s, String proto, int port, String cidr, String desc) {
            ObjectNode r = obj();
            r.put("groupId", s.resourceId());
            ObjectNode item = r.putObject("ipPermissions").putArray("items").addObject();
            item.put("ipProtocol", proto).put("fromPort", port).put("toPort", port);
            item.putObject("groups");
            ObjectNode range = item.putObject("ipRanges").putArray("items").addObject();
            range.put("cidrIp", cidr);
            if (!desc.isEmpty()) {
                range.put("description", desc);
            }
            item.putObject("ipv6Ranges");
            item.putObject("prefixListIds");
            return r;
        }

        private static ObjectNode authorizeResponse(
                Gen g, Subject s, boolean egress, String proto, int port, String cidr, String desc) {
            ObjectNode r = obj();
            r.put("requestId", g.rng().uuid()).put("_return", true);
            ObjectNode rule =
                    r.putObject("securityGroupRuleSet").putArray("items").addObject();
            rule.put("groupOwnerId", s.account())
                    .put("groupId", s.resourceId())
                    .put("securityGroupRuleId", "sgr-0" + g.rng().hex(16))
                    .put("isEgress", egress)
                    .put("ipProtocol", proto)
                    .put("fromPort", port)
                    .put("toPort", port)
                    .put("cidrIpv4", cidr);
            if (!desc.isEmpty()) {
                rule.put("description", desc);
            }
            return r;
        }

        private static ObjectNode revokeResponse(Gen g) {
            return obj().put("requestId", g.rng().uuid()).put("_return", true);
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            ObjectNode req = obj();
            req.putObject("securityGroupSet");
            req.putObject("securityGroupIdSet").putArray("items").addObject().put("groupId", s.resourceId());
            req.putObject("filterSet");
            return CloudTrailRecords.read(g, a, t, s.account(), s.region(), "ec2", "DescribeSecurityGroups", req);
        }
    }

    // ---------------------------------------------------------------- instances

    static final String[][] INSTANCE_LADDERS = {
        {"t3.medium", "t3.large", "t3.xlarge"},
        {"m5.large", "m5.xlarge", "m5.2xlarge", "m5.4xlarge"},
        {"c5.xlarge", "c5.2xlarge"}
    };

    static Subject declareInstance(Base d, Gen g, Service svc, String iac, String role) {
        Rng r = g.rng();
        String account = Base.account(g, iac);
        String region = Base.region(g, iac);
        String id = "i-0" + r.hex(16);
        String[] ladder = INSTANCE_LADDERS[r.nextInt(INSTANCE_LADDERS.length)];
        String type = ladder[0];
        String name = svc.name() + "-" + role + "-" + g.uid();
        String subnet = "subnet-0" + r.hex(16);
        String sg = "sg-0" + r.hex(16);
        String ami = "ami-0" + r.hex(16);
        String address;
        if (iac.equals("terraform")) {
            ObjectNode a = obj();
            a.put("ami", ami)
                    .put("arn", "arn:aws:ec2:" + region + ":" + account + ":instance/" + id)
                    .put("associate_public_ip_address", false)
                    .put("availability_zone", region + r.pickOf("a", "b", "c"))
                    .putArray("capacity_reservation_specification")
                    .addObject()
                    .put("capacity_reservation_preference", "open")
                    .putArray("capacity_reservation_target");
            a.putArray("cpu_options")
                    .addObject()
                    .put("amd_sev_snp", "")
                    .put("core_count", 1)
                    .put("threads_per_core", 2);
            a.put("disable_api_stop", false)
                    .put("disable_api_termination", true)
                    .put("ebs_optimized", true)
                    .put("get_password_data", false)
                    .put("hibernation", false)
                    .putNull("host_id")
                    .put("iam_instance_profile", svc.name() + "-app-profile")
                    .put("id", id)
                    .put("instance_initiated_shutdown_behavior", "stop")
                    .put("instance_state", "running")
                    .put("instance_type", type)
                    .put("ipv6_address_count", 0)
                    .put("key_name", "")
                    .put("monitoring", false)
                    .put("placement_group", "")
                    .put(
                            "private_dns",
                            "ip-10-20-" + r.between(1, 250) + "-" + r.between(1, 250) + "." + region
                                    + ".compute.internal")
                    .put("private_ip", "10.20." + r.between(1, 250) + "." + r.between(1, 250))
                    .put("public_ip", "")
                    .put("secondary_private_ips", (String) null);
            a.remove("secondary_private_ips");
            a.putArray("root_block_device")
                    .addObject()
                    .put("delete_on_termination", true)
                    .put("device_name", "/dev/xvda")
                    .put("encrypted", true)
                    .put("iops", 3000)
                    .put("throughput", 125)
                    .put("volume_size", 30)
                    .put("volume_type", "gp3");
            a.put("source_dest_check", true).put("subnet_id", subnet);
            a.set("tags", Base.tfTags(Base.tags(svc, name)));
            a.set("tags_all", Base.tfTags(Base.tags(svc, name)));
            a.put("tenancy", "default").putNull("timeouts");
            a.set("vpc_security_group_ids", strings(sg));
            address = g.iac()
                    .terraform(Base.env(account), svc, "aws_instance", name.replace('-', '_'), "aws", 1, a, List.of());
        } else {
            Map<String, Object> p = m(
                    "ImageId",
                    ami,
                    "InstanceType",
                    type,
                    "SubnetId",
                    subnet,
                    "SecurityGroupIds",
                    List.of(sg),
                    "DisableApiTermination",
                    true,
                    "IamInstanceProfile",
                    new YamlWriter.Tagged("!Sub", "${ServiceName}-app-profile"),
                    "Monitoring",
                    false,
                    // declared as Terraform's state declares it, so a troubleshooter turning the
                    // check off drifts a managed attribute on either IaC source
                    "SourceDestCheck",
                    true,
                    "Tags",
                    Base.cfnTags(Base.tags(svc, name)));
            address = g.iac().cloudFormation(svc, "AppInstance" + r.upperAlnum(4), "AWS::EC2::Instance", p, id);
        }
        return d.subject(
                g,
                svc,
                iac,
                iac.equals("terraform") ? "aws_instance" : "AWS::EC2::Instance",
                address,
                id,
                name,
                account,
                region,
                m("ladder", String.join(",", ladder), "instanceType", type));
    }

    static List<Emitted> describeInstance(Gen g, Subject s, Actor a, Instant t) {
        ObjectNode req = obj();
        req.putObject("instancesSet").putArray("items").addObject().put("instanceId", s.resourceId());
        req.putObject("filterSet");
        return CloudTrailRecords.read(g, a, t, s.account(), s.region(), "ec2", "DescribeInstances", req);
    }

    static final class Instance extends Base {
        public CatalogRow row() {
            return CatalogRow.AWS_EC2_MODIFY_INSTANCE_ATTRIBUTE;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.EMERGENCY, Intent.TROUBLESHOOT, Intent.NOOP);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            return declareInstance(this, g, svc, iac, g.rng().pickOf("app", "worker", "batch"));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            String[] ladder = s.str("ladder").split(",");
            String declared = s.str("instanceType");
            return switch (intent) {
                case EMERGENCY -> {
                    String to = ladder[Math.min(step + 1, ladder.length - 1)];
                    yield attribute(
                            g,
                            s,
                            "instanceType",
                            to,
                            declared,
                            Prices.resize(declared, to, 1),
                            List.of(),
                            "instance type " + declared + " -> " + to);
                }
                case MISCONFIGURE ->
                    step == 0 && g.rng().chance(0.5)
                            ? attribute(
                                    g,
                                    s,
                                    "instanceType",
                                    "t3.nano",
                                    declared,
                                    Prices.resize(declared, "t3.nano", 1),
                                    List.of(),
                                    "instance type " + declared + " -> t3.nano")
                            : attributeBool(
                                    g,
                                    s,
                                    "disableApiTermination",
                                    false,
                                    true,
                                    List.of(Effect.DELETION_PROTECTION_OFF),
                                    "termination protection turned off");
                case TROUBLESHOOT ->
                    attributeBool(
                            g, s, "sourceDestCheck", false, true, List.of(), "source/destination check turned off");
                case NOOP ->
                    attribute(
                            g,
                            s,
                            "instanceType",
                            declared,
                            declared,
                            null,
                            List.of(),
                            "instance type set to its declared value");
                default -> null;
            };
        }

        private Change attribute(
                Gen g,
                Subject s,
                String attr,
                String value,
                String declared,
                Sizing sizing,
                List<Effect> effects,
                String summary) {
            return change(
                    summary,
                    effects,
                    sizing,
                    call(
                            g,
                            s,
                            "ec2",
                            "ModifyInstanceAttribute",
                            req(s, attr, value),
                            obj().put("requestId", g.rng().uuid()).put("_return", true)),
                    call(
                            g,
                            s,
                            "ec2",
                            "ModifyInstanceAttribute",
                            req(s, attr, declared),
                            obj().put("requestId", g.rng().uuid()).put("_return", true)));
        }

        private Change attributeBool(
                Gen g, Subject s, String attr, boolean value, boolean declared, List<Effect> effects, String summary) {
            ObjectNode on = obj().put("instanceId", s.resourceId());
            on.putObject(attr).put("value", value);
            ObjectNode back = obj().put("instanceId", s.resourceId());
            back.putObject(attr).put("value", declared);
            return change(
                    summary,
                    effects,
                    null,
                    call(
                            g,
                            s,
                            "ec2",
                            "ModifyInstanceAttribute",
                            on,
                            obj().put("requestId", g.rng().uuid()).put("_return", true)),
                    call(
                            g,
                            s,
                            "ec2",
                            "ModifyInstanceAttribute",
                            back,
                            obj().put("requestId", g.rng().uuid()).put("_return", true)));
        }

        private static ObjectNode req(Subject s, String attr, String value) {
            ObjectNode r = obj().put("instanceId", s.resourceId());
            r.putObject(attr).put("value", value);
            return r;
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            return describeInstance(g, s, a, t);
        }
    }

    // ---------------------------------------------------------------- EC2 tags

    static final class Ec2Tags extends Base {
        public CatalogRow row() {
            return CatalogRow.AWS_EC2_TAGS;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.AUTOMATE, Intent.MISCONFIGURE, Intent.UNDECLARED, Intent.IGNORED, Intent.NOOP);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            return declareInstance(this, g, svc, iac, "node");
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            return switch (intent) {
                case AUTOMATE ->
                    new Change(
                            "tag Environment prod -> production by the tag enforcer",
                            List.of(Effect.TAG_CHANGED),
                            null,
                            g.world().tagEnforcer(),
                            tags(g, s, "CreateTags", "Environment", "production"),
                            tags(g, s, "CreateTags", "Environment", "prod"));
                case MISCONFIGURE ->
                    change(
                            "required tag Owner deleted",
                            List.of(Effect.REQUIRED_TAG_REMOVED),
                            null,
                            tags(g, s, "DeleteTags", "Owner", null),
                            tags(g, s, "CreateTags", "Owner", s.service().team()));
                case UNDECLARED ->
                    change(
                            "undeclared tag debug-session added",
                            List.of(),
                            null,
                            tags(g, s, "CreateTags", "debug-session", actor.name()),
                            tags(g, s, "DeleteTags", "debug-session", null));
                case IGNORED ->
                    change(
                            "ignored tag scan-schedule weekly -> daily",
                            List.of(Effect.TAG_CHANGED),
                            null,
                            tags(g, s, "CreateTags", "scan-schedule", "daily"),
                            tags(g, s, "CreateTags", "scan-schedule", "weekly"));
                case NOOP ->
                    change(
                            "tag Environment set to its declared value",
                            List.of(),
                            null,
                            tags(g, s, "CreateTags", "Environment", "prod"),
                            tags(g, s, "CreateTags", "Environment", "prod"));
                default -> null;
            };
        }

        private Call tags(Gen g, Subject s, String op, String key, String value) {
            ObjectNode req = obj();
            req.putObject("resourcesSet").putArray("items").addObject().put("resourceId", s.resourceId());
            ObjectNode tag =
                    req.putObject("tagSet").putArray("items").addObject().put("key", key);
            if (value != null) {
                tag.put("value", value);
            }
            return call(
                    g, s, "ec2", op, req, obj().put("requestId", g.rng().uuid()).put("_return", true));
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            return describeInstance(g, s, a, t);
        }
    }

    // ---------------------------------------------------------------- S3

    static Subject declareBucket(Base d, Gen g, Service svc, String iac, boolean publicAssets) {
        Rng r = g.rng();
        String account = Base.account(g, iac);
        String region = Base.region(g, iac);
        String bucket = "acme-" + svc.name() + "-"
                + (publicAssets ? "public-assets" : r.pickOf("data", "exports", "uploads", "artifacts")) + "-"
                + r.hex(6);
        String arn = "arn:aws:s3:::" + bucket;
        String oac = "arn:aws:iam::" + account + ":role/" + svc.name() + "-app-role";
        String policy =
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AppRead\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                        + oac + "\"},\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"" + arn + "/*\"}]}";
        if (publicAssets) {
            policy =
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PublicRead\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                            + "\"Action\":\"s3:GetObject\",\"Resource\":\"" + arn + "/*\"}]}";
        }
        String address;
        if (iac.equals("terraform")) {
            String env = Base.env(account);
            String n = bucket.substring(5).replace('-', '_');
            ObjectNode b = obj();
            b.putNull("acceleration_status");
            b.put("arn", arn)
                    .put("bucket", bucket)
                    .put("bucket_domain_name", bucket + ".s3.amazonaws.com")
                    .putNull("bucket_prefix");
            b.put("bucket_regional_domain_name", bucket + ".s3." + region + ".amazonaws.com")
                    .put("force_destroy", false)
                    .put("hosted_zone_id", "Z3AQBSTGFYJSTF")
                    .put("id", bucket)
                    .put("object_lock_enabled", false)
                    .put("region", region)
                    .put("request_payer", "BucketOwner");
            b.set("tags", Base.tfTags(m("service", svc.name(), "Environment", "prod", "Owner", svc.team())));
            b.set("tags_all", Base.tfTags(m("service", svc.name(), "Environment", "prod", "Owner", svc.team())));
            b.putNull("timeouts");
            address = g.iac().terraform(env, svc, "aws_s3_bucket", n, "aws", 0, b, List.of());
            ObjectNode pab = obj();
            pab.put("block_public_acls", !publicAssets)
                    .put("block_public_policy", !publicAssets)
                    .put("bucket", bucket)
                    .put("id", bucket)
                    .put("ignore_public_acls", !publicAssets)
                    .put("restrict_public_buckets", !publicAssets);
            g.iac().terraform(env, svc, "aws_s3_bucket_public_access_block", n, "aws", 0, pab, List.of(address));
            ObjectNode pol = obj().put("bucket", bucket).put("id", bucket).put("policy", policy);
            g.iac().terraform(env, svc, "aws_s3_bucket_policy", n, "aws", 0, pol, List.of(address));
            ObjectNode ver = obj().put("bucket", bucket)
                    .put("expected_bucket_owner", "")
                    .put("id", bucket)
                    .putNull("mfa");
            ver.putArray("versioning_configuration")
                    .addObject()
                    .put("mfa_delete", "")
                    .put("status", "Enabled");
            g.iac().terraform(env, svc, "aws_s3_bucket_versioning", n, "aws", 0, ver, List.of(address));
            ObjectNode sse =
                    obj().put("bucket", bucket).put("expected_bucket_owner", "").put("id", bucket);
            ObjectNode rule = sse.putArray("rule").addObject();
            rule.putArray("apply_server_side_encryption_by_default")
                    .addObject()
                    .put("kms_master_key_id", "")
                    .put("sse_algorithm", "AES256");
            rule.put("bucket_key_enabled", false);
            g.iac()
                    .terraform(
                            env,
                            svc,
                            "aws_s3_bucket_server_side_encryption_configuration",
                            n,
                            "aws",
                            0,
                            sse,
                            List.of(address));
        } else {
            Map<String, Object> p = m(
                    "BucketName",
                    bucket,
                    "PublicAccessBlockConfiguration",
                    m(
                            "BlockPublicAcls",
                            !publicAssets,
                            "BlockPublicPolicy",
                            !publicAssets,
                            "IgnorePublicAcls",
                            !publicAssets,
                            "RestrictPublicBuckets",
                            !publicAssets),
                    "VersioningConfiguration",
                    m("Status", "Enabled"),
                    "BucketEncryption",
                    m(
                            "ServerSideEncryptionConfiguration",
                            List.of(m("ServerSideEncryptionByDefault", m("SSEAlgorithm", "AES256")))),
                    "Tags",
                    List.of(
                            m("Key", "service", "Value", SERVICE_NAME),
                            m("Key", "Environment", "Value", "prod"),
                            m("Key", "Owner", "Value", svc.team())));
            String logical = "DataBucket" + r.upperAlnum(4);
            address = g.iac().cloudFormation(svc, logical, "AWS::S3::Bucket", p, bucket);
            g.iac()
                    .cloudFormation(
                            svc,
                            logical + "Policy",
                            "AWS::S3::BucketPolicy",
                            m("Bucket", new YamlWriter.Tagged("!Ref", logical), "PolicyDocument", policyMap(policy)),
                            bucket);
        }
        return d.subject(
                g,
                svc,
                iac,
                iac.equals("terraform") ? "aws_s3_bucket" : "AWS::S3::Bucket",
                address,
                bucket,
                bucket,
                account,
                region,
                m("policy", policy, "public", publicAssets));
    }

    private static Object policyMap(String policy) {
        try {
            return Json.MAPPER.readValue(policy, LinkedHashMap.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode s3Req(Subject s, String subresource) {
        ObjectNode r = obj();
        r.put("bucketName", s.resourceId()).put("Host", s.resourceId() + ".s3." + s.region() + ".amazonaws.com");
        r.set(subresource, strings(""));
        return r;
    }

    static final class S3Access extends Base {
        public CatalogRow row() {
            return CatalogRow.AWS_S3_ACCESS;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.TIGHTEN);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            return declareBucket(this, g, svc, iac, intent == Intent.TIGHTEN);
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            boolean pub = Boolean.TRUE.equals(s.props().get("public"));
            if (intent == Intent.MISCONFIGURE && !pub) {
                if (step == 0) {
                    String open =
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PublicRead\",\"Effect\":\"Allow\","
                                    + "\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::"
                                    + s.resourceId() + "/*\"}]}";
                    return change(
                            "bucket policy grants s3:GetObject to *",
                            List.of(Effect.STORAGE_PUBLIC),
                            null,
                            policyCall(g, s, open),
                            policyCall(g, s, s.str("policy")));
                }
                return change(
                        "public access block removed",
                        List.of(Effect.STORAGE_PUBLIC),
                        null,
                        call(g, s, "s3", "DeletePublicAccessBlock", s3Req(s, "publicAccessBlock"), null),
                        pabCall(g, s, true));
            }
            if (intent == Intent.TIGHTEN && pub) {
                return step == 0
                        ? change(
                                "public access block turned on",
                                List.of(Effect.TIGHTENED),
                                null,
                                pabCall(g, s, true),
                                pabCall(g, s, false))
                        : change(
                                "public bucket policy deleted",
                                List.of(Effect.TIGHTENED),
                                null,
                                call(g, s, "s3", "DeleteBucketPolicy", s3Req(s, "policy"), null),
                                policyCall(g, s, s.str("policy")));
            }
            return null;
        }

        private Call policyCall(Gen g, Subject s, String policy) {
            ObjectNode req = s3Req(s, "policy");
            req.set("bucketPolicy", Json.MAPPER.valueToTree(policyMap(policy)));
            return call(g, s, "s3", "PutBucketPolicy", req, null);
        }

        private Call pabCall(Gen g, Subject s, boolean on) {
            ObjectNode req = s3Req(s, "publicAccessBlock");
            req.putObject("PublicAccessBlockConfiguration")
                    .put("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/")
                    .put("RestrictPublicBuckets", on)
                    .put("BlockPublicPolicy", on)
                    .put("BlockPublicAcls", on)
                    .put("IgnorePublicAcls", on);
            return call(g, s, "s3", "PutPublicAccessBlock", req, null);
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            return CloudTrailRecords.read(
                    g,
                    a,
                    t,
                    s.account(),
                    s.region(),
                    "s3",
                    g.rng().pickOf("GetBucketPolicy", "GetBucketAcl", "GetBucketPublicAccessBlock"),
                    s3Req(s, g.rng().pickOf("policy", "acl", "publicAccessBlock")));
        }
    }

    static final class S3Configuration extends Base {
        public CatalogRow row() {
            return CatalogRow.AWS_S3_CONFIGURATION;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.TIGHTEN, Intent.UNDECLARED, Intent.AUTOMATE, Intent.NOOP);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            return declareBucket(this, g, svc, iac, false);
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            return switch (intent) {
                // Deleting a bucket's default encryption is no misconfiguration here: the bucket
                // declares SSE-S3 (AES256), which S3 re-applies to every bucket without a
                // configuration, so the declared value stays in force (a NOOP below).
                case MISCONFIGURE ->
                    step == 0
                            ? change(
                                    "versioning suspended",
                                    List.of(Effect.BACKUP_RETENTION_LOWERED),
                                    null,
                                    versioning(g, s, "Suspended"),
                                    versioning(g, s, "Enabled"))
                            : change(
                                    "tag Environment prod -> prd",
                                    List.of(Effect.TAG_CHANGED),
                                    null,
                                    tagging(g, s, "prd"),
                                    tagging(g, s, "prod"));
                case TIGHTEN ->
                    change(
                            "default encryption switched to aws:kms",
                            List.of(Effect.TIGHTENED),
                            null,
                            encryption(g, s, "aws:kms"),
                            encryption(g, s, "AES256"));
                case UNDECLARED -> {
                    ObjectNode req = s3Req(s, "logging");
                    req.putObject("BucketLoggingStatus")
                            .put("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/")
                            .putObject("LoggingEnabled")
                            .put("TargetBucket", "acme-s3-access-logs-" + s.account())
                            .put("TargetPrefix", s.resourceId() + "/");
                    ObjectNode off = s3Req(s, "logging");
                    off.putObject("BucketLoggingStatus").put("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/");
                    yield change(
                            "server access logging enabled (not declared)",
                            List.of(),
                            null,
                            call(g, s, "s3", "PutBucketLogging", req, null),
                            call(g, s, "s3", "PutBucketLogging", off, null));
                }
                case AUTOMATE ->
                    new Change(
                            "tag Environment prod -> production by the tag enforcer",
                            List.of(Effect.TAG_CHANGED),
                            null,
                            g.world().tagEnforcer(),
                            tagging(g, s, "production"),
                            tagging(g, s, "prod"));
                case NOOP ->
                    g.rng().chance(0.5)
                            ? change(
                                    "versioning set to its declared value",
                                    List.of(),
                                    null,
                                    versioning(g, s, "Enabled"),
                                    versioning(g, s, "Enabled"))
                            : change(
                                    "default encryption deleted: S3 re-applies SSE-S3, the declared AES256",
                                    List.of(),
                                    null,
                                    call(g, s, "s3", "DeleteBucketEncryption", s3Req(s, "encryption"), null),
                                    encryption(g, s, "AES256"));
                default -> null;
            };
        }

        private Call encryption(Gen g, Subject s, String algorithm) {
            ObjectNode req = s3Req(s, "encryption");
            ObjectNode rule = req.putObject("ServerSideEncryptionConfiguration")
                    .put("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/")
                    .putObject("Rule");
            ObjectNode def =
                    rule.putObject("ApplyServerSideEncryptionByDefault").put("SSEAlgorithm", algorithm);
            if (algorithm.equals("aws:kms")) {
                def.put(
                        "KMSMasterKeyID",
                        "arn:aws:kms:" + s.region() + ":" + s.account() + ":key/"
                                + g.rng().uuid());
            }
            rule.put("BucketKeyEnabled", algorithm.equals("aws:kms"));
            return call(g, s, "s3", "PutBucketEncryption", req, null);
        }

        private Call versioning(Gen g, Subject s, String status) {
            ObjectNode req = s3Req(s, "versioning");
            req.putObject("VersioningConfiguration")
                    .put("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/")
                    .put("Status", status);
            return call(g, s, "s3", "PutBucketVersioning", req, null);
        }

        private Call tagging(Gen g, Subject s, String env) {
            ObjectNode req = s3Req(s, "tagging");
            ArrayNode set = req.putObject("Tagging")
                    .put("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/")
                    .putObject("TagSet")
                    .putArray("Tag");
            set.addObject().put("Key", "service").put("Value", s.service().name());
            set.addObject().put("Key", "Environment").put("Value", env);
            set.addObject().put("Key", "Owner").put("Value", s.service().team());
            return call(g, s, "s3", "PutBucketTagging", req, null);
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            String op = g.rng()
                    .pickOf("GetBucketEncryption", "GetBucketVersioning", "GetBucketLogging", "GetBucketTagging");
            String sub = switch (op) {
                case "GetBucketEncryption" -> "encryption";
                case "GetBucketVersioning" -> "versioning";
                case "GetBucketLogging" -> "logging";
                default -> "tagging";
            };
            return CloudTrailRecords.read(g, a, t, s.account(), s.region(), "s3", op, s3Req(s, sub));
        }
    }

    // ---------------------------------------------------------------- RDS

    static final class Rds extends Base {
        private static final String[][] LADDERS = {
            {"db.r5.large", "db.r5.xlarge", "db.r5.2xlarge"}, {"db.m5.large", "db.m5.xlarge", "db.m5.2xlarge"}
        };

        public CatalogRow row() {
            return CatalogRow.AWS_RDS_MODIFY_DB_INSTANCE;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.EMERGENCY, Intent.NOOP);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String account = account(g, iac);
            String region = region(g, iac);
            String id = svc.name() + "-" + r.pickOf("db", "pg", "postgres") + "-" + g.uid() + "-prod";
            String[] ladder = LADDERS[r.nextInt(LADDERS.length)];
            String address;
            if (iac.equals("terraform")) {
                ObjectNode a = obj();
                a.put("address", id + "." + r.lowerAlnum(12) + "." + region + ".rds.amazonaws.com")
                        .put("allocated_storage", 100)
                        .putNull("allow_major_version_upgrade")
                        .putNull("apply_immediately")
                        .put("arn", "arn:aws:rds:" + region + ":" + account + ":db:" + id)
                        .put("auto_minor_version_upgrade", true)
                        .put("availability_zone", region + "a")
                        .put("backup_retention_period", 7)
                        .put("backup_window", "03:00-03:30")
                        .put("ca_cert_identifier", "rds-ca-rsa2048-g1")
                        .put("copy_tags_to_snapshot", true)
                        .put("db_name", svc.name().replace("-", "_"))
                        .put("db_subnet_group_name", svc.name() + "-db-subnets")
                        .put("delete_automated_backups", true)
                        .put("deletion_protection", true)
                        .put("engine", "postgres")
                        .put("engine_version", "16.4")
                        .putNull("final_snapshot_identifier")
                        .put("iam_database_authentication_enabled", true)
                        .put("id", "db-" + r.upperAlnum(26))
                        .put("identifier", id)
                        .put("instance_class", ladder[0])
                        .put("iops", 3000)
                        .put("kms_key_id", "arn:aws:kms:" + region + ":" + account + ":key/" + r.uuid())
                        .put("maintenance_window", "sun:04:00-sun:04:30")
                        .put("manage_master_user_password", true)
                        .put("max_allocated_storage", 500)
                        .put("monitoring_interval", 60)
                        .put("multi_az", true)
                        .put("parameter_group_name", "default.postgres16")
                        .put("performance_insights_enabled", true)
                        .put("port", 5432)
                        .put("publicly_accessible", false)
                        .put("resource_id", "db-" + r.upperAlnum(26))
                        .put("skip_final_snapshot", false)
                        .put("storage_encrypted", true)
                        .put("storage_type", "gp3")
                        .put("username", "app_admin");
                a.set("tags", Base.tfTags(m("service", svc.name(), "Environment", "prod", "Owner", svc.team())));
                a.set("vpc_security_group_ids", strings("sg-0" + r.hex(16)));
                address = g.iac()
                        .terraform(env(account), svc, "aws_db_instance", "main_" + g.uid(), "aws", 2, a, List.of());
            } else {
                Map<String, Object> p = m(
                        "DBInstanceIdentifier",
                        id,
                        "DBInstanceClass",
                        ladder[0],
                        "Engine",
                        "postgres",
                        "EngineVersion",
                        "16.4",
                        "AllocatedStorage",
                        "100",
                        "MaxAllocatedStorage",
                        500,
                        "BackupRetentionPeriod",
                        7,
                        "DeletionProtection",
                        true,
                        "MultiAZ",
                        true,
                        "PubliclyAccessible",
                        false,
                        "StorageEncrypted",
                        true,
                        "StorageType",
                        "gp3",
                        "MasterUsername",
                        "app_admin",
                        "ManageMasterUserPassword",
                        true,
                        "DBSubnetGroupName",
                        new YamlWriter.Tagged("!Sub", "${ServiceName}-db-subnets"),
                        "Tags",
                        List.of(m("Key", "service", "Value", SERVICE_NAME)));
                address = g.iac().cloudFormation(svc, "Database" + r.upperAlnum(4), "AWS::RDS::DBInstance", p, id);
            }
            return subject(
                    g,
                    svc,
                    iac,
                    iac.equals("terraform") ? "aws_db_instance" : "AWS::RDS::DBInstance",
                    address,
                    id,
                    id,
                    account,
                    region,
                    m("ladder", String.join(",", ladder)));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            String[] ladder = s.str("ladder").split(",");
            return switch (intent) {
                case EMERGENCY -> {
                    String to = ladder[Math.min(step + 1, ladder.length - 1)];
                    Sizing sz = Prices.resize(ladder[0], to, 2);
                    yield change(
                            "instance class " + ladder[0] + " -> " + to,
                            List.of(),
                            sz,
                            modify(g, s, m("dBInstanceClass", to)),
                            modify(g, s, m("dBInstanceClass", ladder[0])));
                }
                case MISCONFIGURE ->
                    (step + g.rng().nextInt(2)) % 2 == 0
                            ? change(
                                    "automated backups disabled (retention 7 -> 0)",
                                    List.of(Effect.BACKUP_RETENTION_LOWERED),
                                    null,
                                    modify(g, s, m("backupRetentionPeriod", 0)),
                                    modify(g, s, m("backupRetentionPeriod", 7)))
                            : change(
                                    "deletion protection turned off",
                                    List.of(Effect.DELETION_PROTECTION_OFF),
                                    null,
                                    modify(g, s, m("deletionProtection", false)),
                                    modify(g, s, m("deletionProtection", true)));
                case NOOP ->
                    change(
                            "allocated storage and Multi-AZ set to their declared values",
                            List.of(),
                            null,
                            modify(g, s, m("allocatedStorage", 100, "multiAZ", true)),
                            modify(g, s, m("allocatedStorage", 100, "multiAZ", true)));
                default -> null;
            };
        }

        private Call modify(Gen g, Subject s, Map<String, Object> values) {
            ObjectNode req = obj().put("dBInstanceIdentifier", s.resourceId());
            values.forEach((k, v) -> req.set(k, Json.MAPPER.valueToTree(v)));
            req.put("applyImmediately", true);
            ObjectNode resp = obj().put("dBInstanceIdentifier", s.resourceId())
                    .put("dBInstanceClass", s.str("ladder").split(",")[0])
                    .put("engine", "postgres")
                    .put("dBInstanceStatus", "modifying")
                    .put("multiAZ", true)
                    .put("dBInstanceArn", "arn:aws:rds:" + s.region() + ":" + s.account() + ":db:" + s.resourceId());
            ObjectNode pending = resp.putObject("pendingModifiedValues");
            values.forEach((k, v) -> pending.set(k, Json.MAPPER.valueToTree(v)));
            return call(g, s, "rds", "ModifyDBInstance", req, resp);
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            return CloudTrailRecords.read(
                    g,
                    a,
                    t,
                    s.account(),
                    s.region(),
                    "rds",
                    "DescribeDBInstances",
                    obj().put("dBInstanceIdentifier", s.resourceId()));
        }
    }

    // ---------------------------------------------------------------- Lambda

    static final class Lambda extends Base {
        public CatalogRow row() {
            return CatalogRow.AWS_LAMBDA_CONFIGURATION;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.EMERGENCY, Intent.TROUBLESHOOT, Intent.NOOP);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String account = account(g, iac);
            String region = region(g, iac);
            String fn = svc.name() + "-" + r.pickOf("webhook-handler", "event-processor", "thumbnailer", "sync-worker")
                    + "-" + g.uid();
            String arn = "arn:aws:lambda:" + region + ":" + account + ":function:" + fn;
            String role = "arn:aws:iam::" + account + ":role/" + fn + "-exec";
            String address;
            if (iac.equals("terraform")) {
                ObjectNode a = obj();
                a.set("architectures", strings("arm64"));
                a.put("arn", arn)
                        .put("code_signing_config_arn", "")
                        .put("description", "Handles " + svc.name() + " events");
                a.putArray("environment")
                        .addObject()
                        .putObject("variables")
                        .put("LOG_LEVEL", "info")
                        .put("SERVICE_NAME", svc.name())
                        .put("POWERTOOLS_SERVICE_NAME", svc.name());
                a.putArray("ephemeral_storage").addObject().put("size", 512);
                a.put("filename", (String) null);
                a.remove("filename");
                a.put("function_name", fn)
                        .put("handler", "app.handler")
                        .put("id", fn)
                        .put(
                                "invoke_arn",
                                "arn:aws:apigateway:" + region + ":lambda:path/2015-03-31/functions/" + arn
                                        + "/invocations")
                        .put("last_modified", "2025-02-20T10:14:03.000+0000")
                        .put("memory_size", 512)
                        .put("package_type", "Zip")
                        .put("publish", false)
                        .put("qualified_arn", arn + ":$LATEST")
                        .put("reserved_concurrent_executions", -1)
                        .put("role", role)
                        .put("runtime", "python3.12")
                        .put("s3_bucket", "acme-lambda-artifacts-" + account)
                        .put("s3_key", svc.name() + "/" + fn + ".zip")
                        .put("source_code_hash", r.lowerAlnum(43) + "=")
                        .put("timeout", 30);
                a.set("tags", Base.tfTags(m("service", svc.name(), "Environment", "prod")));
                a.putArray("tracing_config").addObject().put("mode", "Active");
                address = g.iac()
                        .terraform(
                                env(account),
                                svc,
                                "aws_lambda_function",
                                fn.substring(svc.name().length() + 1).replace('-', '_'),
                                "aws",
                                0,
                                a,
                                List.of());
            } else {
                Map<String, Object> p = m(
                        "FunctionName",
                        fn,
                        "Runtime",
                        "python3.12",
                        "Handler",
                        "app.handler",
                        "MemorySize",
                        512,
                        "Timeout",
                        30,
                        "Architectures",
                        List.of("arm64"),
                        "Role",
                        new YamlWriter.Tagged("!Sub", "arn:aws:iam::${AWS::AccountId}:role/" + fn + "-exec"),
                        "Code",
                        m(
                                "S3Bucket",
                                new YamlWriter.Tagged("!Sub", "acme-lambda-artifacts-${AWS::AccountId}"),
                                "S3Key",
                                svc.name() + "/" + fn + ".zip"),
                        "Environment",
                        m("Variables", m("LOG_LEVEL", "info", "SERVICE_NAME", SERVICE_NAME)),
                        "TracingConfig",
                        m("Mode", "Active"));
                address = g.iac().cloudFormation(svc, "Function" + r.upperAlnum(4), "AWS::Lambda::Function", p, fn);
            }
            return subject(
                    g,
                    svc,
                    iac,
                    iac.equals("terraform") ? "aws_lambda_function" : "AWS::Lambda::Function",
                    address,
                    fn,
                    fn,
                    account,
                    region,
                    m("arn", arn, "role", role));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            return switch (intent) {
                case EMERGENCY ->
                    step == 0
                            ? change(
                                    "memory 512 -> 2048 MB",
                                    List.of(),
                                    Sizing.capacityOnly(512, 2048),
                                    update(g, s, m("memorySize", 2048)),
                                    update(g, s, m("memorySize", 512)))
                            : change(
                                    "timeout 30 -> 120 s",
                                    List.of(),
                                    null,
                                    update(g, s, m("timeout", 120)),
                                    update(g, s, m("timeout", 30)));
                case MISCONFIGURE ->
                    change(
                            "timeout 30 -> 3 s",
                            List.of(Effect.TIMEOUT_LOWERED),
                            null,
                            update(g, s, m("timeout", 3)),
                            update(g, s, m("timeout", 30)));
                case TROUBLESHOOT ->
                    change(
                                    "environment changed (LOG_LEVEL=debug; value hidden in the log)",
                                    List.of(),
                                    null,
                                    update(g, s, null),
                                    update(g, s, null))
                            .withValueHidden();
                case NOOP ->
                    change(
                            "memory and timeout set to their declared values",
                            List.of(),
                            null,
                            update(g, s, m("memorySize", 512, "timeout", 30)),
                            update(g, s, m("memorySize", 512, "timeout", 30)));
                default -> null;
            };
        }

        /** {@code values} null means an environment update, whose values CloudTrail hides. */
        private Call update(Gen g, Subject s, Map<String, Object> values) {
            ObjectNode req = obj().put("functionName", s.resourceId());
            if (values == null) {
                req.putObject("environment").put("variables", "HIDDEN_DUE_TO_SECURITY_REASONS");
            } else {
                values.forEach((k, v) -> req.set(k, Json.MAPPER.valueToTree(v)));
            }
            ObjectNode resp = obj();
            resp.put("functionName", s.resourceId())
                    .put("functionArn", s.str("arn"))
                    .put("runtime", "python3.12")
                    .put("role", s.str("role"))
                    .put("handler", "app.handler")
                    .put("codeSize", 48_213)
                    .put("description", "")
                    .put(
                            "timeout",
                            values != null && values.containsKey("timeout")
                                    ? ((Number) values.get("timeout")).intValue()
                                    : 30)
                    .put(
                            "memorySize",
                            values != null && values.containsKey("memorySize")
                                    ? ((Number) values.get("memorySize")).intValue()
                                    : 512)
                    .put("lastModified", "2025-03-03T00:00:00.000+0000")
                    .put("codeSha256", g.rng().lowerAlnum(43) + "=")
                    .put("version", "$LATEST");
            resp.putObject("environment").put("variables", "HIDDEN_DUE_TO_SECURITY_REASONS");
            resp.putObject("tracingConfig").put("mode", "Active");
            resp.put("revisionId", g.rng().uuid())
                    .put("state", "Active")
                    .put("lastUpdateStatus", "InProgress")
                    .put("lastUpdateStatusReason", "The function is being created.")
                    .put("packageType", "Zip");
            resp.set("architectures", strings("arm64"));
            return call(g, s, "lambda", "UpdateFunctionConfiguration20150331v2", req, resp);
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            return CloudTrailRecords.read(
                    g,
                    a,
                    t,
                    s.account(),
                    s.region(),
                    "lambda",
                    g.rng().pickOf("GetFunction20150331v2", "GetFunctionConfiguration20150331v2"),
                    obj().put("functionName", s.resourceId()));
        }
    }

    // ---------------------------------------------------------------- IAM

    static final class IamRole extends Base {
        public CatalogRow row() {
            return CatalogRow.AWS_IAM_ROLE_POLICIES;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.TIGHTEN);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String account = account(g, iac);
            String role = svc.name() + "-" + r.pickOf("app", "worker", "etl", "ci") + "-" + g.uid() + "-role";
            String trust =
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                            + "\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
            List<String> policies = List.of(
                    "arn:aws:iam::aws:policy/AmazonS3FullAccess",
                    "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy");
            String address;
            if (iac.equals("terraform")) {
                ObjectNode a = obj();
                a.put("arn", "arn:aws:iam::" + account + ":role/" + role)
                        .put("assume_role_policy", trust)
                        .put("create_date", "2024-06-11T09:21:44Z")
                        .put("description", "Runtime role of " + svc.name())
                        .put("force_detach_policies", false)
                        .put("id", role);
                a.putArray("inline_policy");
                a.set("managed_policy_arns", strings(policies.toArray(String[]::new)));
                a.put("max_session_duration", 3600)
                        .put("name", role)
                        .put("name_prefix", "")
                        .put("path", "/")
                        .put("permissions_boundary", "");
                a.set("tags", Base.tfTags(m("service", svc.name())));
                a.put("unique_id", "AROA" + r.upperAlnum(17));
                String env = env(account);
                address = g.iac().terraform(env, svc, "aws_iam_role", role.replace('-', '_'), "aws", 0, a, List.of());
                for (String p : policies) {
                    ObjectNode at = obj().put("id", role + "-" + r.digits(20))
                            .put("policy_arn", p)
                            .put("role", role);
                    g.iac()
                            .terraform(
                                    env,
                                    svc,
                                    "aws_iam_role_policy_attachment",
                                    role.replace('-', '_') + "_"
                                            + p.substring(p.lastIndexOf('/') + 1)
                                                    .toLowerCase(),
                                    "aws",
                                    0,
                                    at,
                                    List.of(address));
                }
            } else {
                Map<String, Object> p = m(
                        "RoleName",
                        role,
                        "AssumeRolePolicyDocument",
                        policyMap(trust),
                        "ManagedPolicyArns",
                        policies,
                        "MaxSessionDuration",
                        3600,
                        "Tags",
                        List.of(m("Key", "service", "Value", SERVICE_NAME)));
                address = g.iac().cloudFormation(svc, "AppRole" + r.upperAlnum(4), "AWS::IAM::Role", p, role);
            }
            return subject(
                    g,
                    svc,
                    iac,
                    iac.equals("terraform") ? "aws_iam_role" : "AWS::IAM::Role",
                    address,
                    role,
                    role,
                    account,
                    "us-east-1",
                    m());
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            String admin = "arn:aws:iam::aws:policy/AdministratorAccess";
            String s3full = "arn:aws:iam::aws:policy/AmazonS3FullAccess";
            return switch (intent) {
                case MISCONFIGURE ->
                    step == 0
                            ? change(
                                    "AdministratorAccess attached",
                                    List.of(Effect.ADMIN_ACCESS_GRANTED),
                                    null,
                                    policy(g, s, "AttachRolePolicy", admin),
                                    policy(g, s, "DetachRolePolicy", admin))
                            : change(
                                    "inline policy allowing * on * added",
                                    List.of(Effect.ADMIN_ACCESS_GRANTED),
                                    null,
                                    inline(g, s, true),
                                    inline(g, s, false));
                case TIGHTEN ->
                    change(
                            "AmazonS3FullAccess detached",
                            List.of(Effect.TIGHTENED),
                            null,
                            policy(g, s, "DetachRolePolicy", s3full),
                            policy(g, s, "AttachRolePolicy", s3full));
                default -> null;
            };
        }

        private Call policy(Gen g, Subject s, String op, String arn) {
            return call(g, s, "iam", op, obj().put("roleName", s.resourceId()).put("policyArn", arn), null);
        }

        private Call inline(Gen g, Subject s, boolean put) {
            ObjectNode req = obj().put("roleName", s.resourceId()).put("policyName", "debug-all");
            if (put) {
                req.put(
                        "policyDocument",
                        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", "
                                + "\"Action\": \"*\", \"Resource\": \"*\"}]\n}");
            }
            return call(g, s, "iam", put ? "PutRolePolicy" : "DeleteRolePolicy", req, null);
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            String op = g.rng().pickOf("GetRole", "ListAttachedRolePolicies", "ListRolePolicies");
            return CloudTrailRecords.read(
                    g, a, t, s.account(), "us-east-1", "iam", op, obj().put("roleName", s.resourceId()));
        }
    }

    // ---------------------------------------------------------------- Auto Scaling

    static final class AutoScalingGroup extends Base {
        public CatalogRow row() {
            return CatalogRow.AWS_AUTOSCALING_GROUP;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.AUTOMATE, Intent.EMERGENCY, Intent.MISCONFIGURE);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String account = account(g, iac);
            String region = region(g, iac);
            String name = svc.name() + "-" + r.pickOf("web", "workers", "consumers") + "-" + g.uid() + "-asg";
            int desired = r.between(3, 6);
            String lt = "lt-0" + r.hex(16);
            String address;
            if (iac.equals("terraform")) {
                ObjectNode a = obj();
                a.put(
                        "arn",
                        "arn:aws:autoscaling:" + region + ":" + account + ":autoScalingGroup:" + r.uuid()
                                + ":autoScalingGroupName/" + name);
                a.set("availability_zones", strings(region + "a", region + "b", region + "c"));
                a.put("capacity_rebalance", false)
                        .put("default_cooldown", 300)
                        .put("default_instance_warmup", 0)
                        .put("desired_capacity", desired)
                        .put("force_delete", false)
                        .put("health_check_grace_period", 300)
                        .put("health_check_type", "ELB")
                        .put("id", name);
                a.putArray("launch_template")
                        .addObject()
                        .put("id", lt)
                        .put("name", svc.name() + "-lt")
                        .put("version", "$Latest");
                a.put("max_instance_lifetime", 0)
                        .put("max_size", desired * 3)
                        .put("min_size", desired - 1)
                        .put("name", name)
                        .put("name_prefix", "")
                        .put("protect_from_scale_in", false)
                        .put(
                                "service_linked_role_arn",
                                "arn:aws:iam::" + account
                                        + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
                a.set(
                        "target_group_arns",
                        strings("arn:aws:elasticloadbalancing:" + region + ":" + account + ":targetgroup/" + svc.name()
                                + "-tg/" + r.hex(16)));
                a.set("vpc_zone_identifier", strings("subnet-0" + r.hex(16), "subnet-0" + r.hex(16)));
                a.put("wait_for_capacity_timeout", "10m");
                address = g.iac()
                        .terraform(
                                env(account),
                                svc,
                                "aws_autoscaling_group",
                                name.replace('-', '_'),
                                "aws",
                                0,
                                a,
                                List.of());
            } else {
                Map<String, Object> p = m(
                        "AutoScalingGroupName",
                        name,
                        "MinSize",
                        String.valueOf(desired - 1),
                        "MaxSize",
                        String.valueOf(desired * 3),
                        "DesiredCapacity",
                        String.valueOf(desired),
                        "LaunchTemplate",
                        m("LaunchTemplateId", lt, "Version", "$Latest"),
                        "VPCZoneIdentifier",
                        List.of("subnet-0" + r.hex(16), "subnet-0" + r.hex(16)),
                        "HealthCheckType",
                        "ELB",
                        "HealthCheckGracePeriod",
                        300);
                address = g.iac()
                        .cloudFormation(
                                svc,
                                "AutoScalingGroup" + r.upperAlnum(4),
                                "AWS::AutoScaling::AutoScalingGroup",
                                p,
                                name);
            }
            return subject(
                    g,
                    svc,
                    iac,
                    iac.equals("terraform") ? "aws_autoscaling_group" : "AWS::AutoScaling::AutoScalingGroup",
                    address,
                    name,
                    name,
                    account,
                    region,
                    m("desired", desired, "max", desired * 3, "min", desired - 1));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            int desired = s.num("desired");
            int max = s.num("max");
            int min = s.num("min");
            return switch (intent) {
                case AUTOMATE -> {
                    int to = desired + 2 + step;
                    yield new Change(
                            "desired capacity " + desired + " -> " + to + " by Auto Scaling",
                            List.of(),
                            Prices.recount("m5.large", desired, to),
                            g.world().awsAutoscaling(),
                            update(g, s, m("desiredCapacity", to)),
                            update(g, s, m("desiredCapacity", desired)));
                }
                case EMERGENCY -> {
                    int to = desired * 2 + step * 2;
                    yield change(
                            "desired " + desired + " -> " + to + ", max " + max + " -> " + max * 2,
                            List.of(),
                            Prices.recount("m5.large", desired, to),
                            update(g, s, m("maxSize", max * 2, "desiredCapacity", to)),
                            update(g, s, m("maxSize", max, "desiredCapacity", desired)));
                }
                case MISCONFIGURE ->
                    change(
                            "min 0 and desired 1",
                            List.of(),
                            Prices.recount("m5.large", desired, 1),
                            update(g, s, m("minSize", 0, "desiredCapacity", 1)),
                            update(g, s, m("minSize", min, "desiredCapacity", desired)));
                default -> null;
            };
        }

        private Call update(Gen g, Subject s, Map<String, Object> values) {
            ObjectNode req = obj().put("autoScalingGroupName", s.resourceId());
            values.forEach((k, v) -> req.put(k, ((Number) v).intValue()));
            return call(g, s, "autoscaling", "UpdateAutoScalingGroup", req, null);
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            ObjectNode req = obj();
            req.set("autoScalingGroupNames", strings(s.resourceId()));
            return CloudTrailRecords.read(
                    g, a, t, s.account(), s.region(), "autoscaling", "DescribeAutoScalingGroups", req);
        }
    }

    // ---------------------------------------------------------------- CloudTrail

    static final class Trail extends Base {
        public CatalogRow row() {
            return CatalogRow.AWS_CLOUDTRAIL_TRAIL;
        }

        public Set<Intent> intents() {
            return EnumSet.of(Intent.MISCONFIGURE, Intent.TIGHTEN);
        }

        public Subject declare(Gen g, Service svc, String iac, Intent intent) {
            Rng r = g.rng();
            String account = account(g, iac);
            String region = "us-east-1";
            String name = svc.name() + "-audit-trail-" + g.uid();
            String arn = "arn:aws:cloudtrail:" + region + ":" + account + ":trail/" + name;
            String bucket = "acme-cloudtrail-" + account + "-" + svc.name();
            String address;
            if (iac.equals("terraform")) {
                ObjectNode a = obj();
                a.putArray("advanced_event_selector");
                a.put("arn", arn)
                        .put("cloud_watch_logs_group_arn", "")
                        .put("cloud_watch_logs_role_arn", "")
                        .put("enable_log_file_validation", false)
                        .put("enable_logging", true)
                        .put("home_region", region)
                        .put("id", arn)
                        .put("include_global_service_events", true)
                        .put("is_multi_region_trail", true)
                        .put("is_organization_trail", false)
                        .put("kms_key_id", "")
                        .put("name", name)
                        .put("s3_bucket_name", bucket)
                        .put("s3_key_prefix", "")
                        .put("sns_topic_name", "");
                a.putArray("event_selector").addObject().putArray("data_resource");
                ((ObjectNode) a.get("event_selector").get(0))
                        .put("include_management_events", true)
                        .put("read_write_type", "All");
                a.set("tags", Base.tfTags(m("service", svc.name())));
                address = g.iac()
                        .terraform(env(account), svc, "aws_cloudtrail", name.replace('-', '_'), "aws", 0, a, List.of());
            } else {
                Map<String, Object> p = m(
                        "TrailName",
                        name,
                        "IsLogging",
                        true,
                        "S3BucketName",
                        bucket,
                        "IsMultiRegionTrail",
                        true,
                        "IncludeGlobalServiceEvents",
                        true,
                        "EnableLogFileValidation",
                        false);
                address = g.iac().cloudFormation(svc, "AuditTrail" + r.upperAlnum(4), "AWS::CloudTrail::Trail", p, arn);
            }
            return subject(
                    g,
                    svc,
                    iac,
                    iac.equals("terraform") ? "aws_cloudtrail" : "AWS::CloudTrail::Trail",
                    address,
                    arn,
                    name,
                    account,
                    region,
                    m("bucket", bucket));
        }

        public Change change(Gen g, Subject s, Intent intent, int step, Actor actor) {
            return switch (intent) {
                case MISCONFIGURE ->
                    change(
                            "trail logging stopped",
                            List.of(Effect.AUDIT_LOGGING_DISABLED),
                            null,
                            call(g, s, "cloudtrail", "StopLogging", obj().put("name", s.resourceId()), null),
                            call(g, s, "cloudtrail", "StartLogging", obj().put("name", s.resourceId()), null));
                case TIGHTEN ->
                    change(
                            "log file validation enabled",
                            List.of(Effect.TIGHTENED),
                            null,
                            update(g, s, true),
                            update(g, s, false));
                default -> null;
            };
        }

        private Call update(Gen g, Subject s, boolean validation) {
            ObjectNode resp = obj().put("name", s.name())
                    .put("s3BucketName", s.str("bucket"))
                    .put("includeGlobalServiceEvents", true)
                    .put("isMultiRegionTrail", true)
                    .put("trailARN", s.resourceId())
                    .put("logFileValidationEnabled", validation)
                    .put("isOrganizationTrail", false);
            return call(
                    g,
                    s,
                    "cloudtrail",
                    "UpdateTrail",
                    obj().put("name", s.resourceId()).put("enableLogFileValidation", validation),
                    resp);
        }

        public List<Emitted> read(Gen g, Subject s, Actor a, Instant t) {
            return CloudTrailRecords.read(
                    g,
                    a,
                    t,
                    s.account(),
                    s.region(),
                    "cloudtrail",
                    g.rng().pickOf("GetTrailStatus", "DescribeTrails", "GetEventSelectors"),
                    obj().put("name", s.resourceId()));
        }
    }
}
