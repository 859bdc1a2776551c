package io.driftguard.reconcile.aws;

import com.sun.net.httpserver.HttpExchange;
import io.driftguard.testkit.FakeHttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for EC2 (the Query protocol: form-encoded POST, XML answers) and S3 (path-style
 * REST, XML answers), holding security groups and buckets the test changes by hand, the way a person
 * would through a call the catalog does not list. DescribeSecurityGroups answers one group per page,
 * so the reader has to follow {@code nextToken}.
 */
final class FakeAws extends FakeHttpServer {

    /** One rule: protocol, ports, one IPv4 CIDR. */
    record Rule(String protocol, int from, int to, String cidr) {}

    record Group(String id, List<Rule> ingress, Map<String, String> tags) {}

    record Bucket(String name, String versioning, Map<String, String> tags) {}

    final Map<String, Group> groups = new ConcurrentHashMap<>();
    final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    final AtomicInteger describeCalls = new AtomicInteger();
    /** Every call answered, as the IAM action that allows it ({@code ec2:DescribeSecurityGroups}). */
    final Set<String> actions = ConcurrentHashMap.newKeySet();

    FakeAws() throws IOException {}

    URI endpoint() {
        return URI.create(url());
    }

    @Override
    protected void handle(HttpExchange x) throws IOException {
        try {
            if ("POST".equals(x.getRequestMethod())) {
                ec2(x, form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            } else {
                s3(x);
            }
        } catch (RuntimeException e) {
            send(x, 500, "<Error><Code>InternalError</Code><Message>" + e + "</Message></Error>");
        }
    }

    private void ec2(HttpExchange x, Map<String, String> form) throws IOException {
        if (!"DescribeSecurityGroups".equals(form.get("Action"))) {
            send(x, 400, "<Response><Errors><Error><Code>InvalidAction</Code></Error></Errors></Response>");
            return;
        }
        describeCalls.incrementAndGet();
        actions.add("ec2:DescribeSecurityGroups");
        List<String> wanted = new ArrayList<>();
        for (int i = 1; form.containsKey("Filter.1.Value." + i); i++) {
            wanted.add(form.get("Filter.1.Value." + i));
        }
        List<Group> matching = wanted.stream()
                .map(groups::get)
                .filter(g -> g != null)
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
        int start = form.containsKey("NextToken") ? Integer.parseInt(form.get("NextToken")) : 0;
        StringBuilder xml =
                new StringBuilder("<DescribeSecurityGroupsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                        + "<requestId>r-1</requestId><securityGroupInfo>");
        if (start < matching.size()) {
            Group g = matching.get(start);
            xml.append("<item><ownerId>111122223333</ownerId><groupId>")
                    .append(g.id())
                    .append("</groupId><groupName>web</groupName><groupDescription>web tier</groupDescription>")
                    .append("<vpcId>vpc-0f1e2d3c</vpcId><ipPermissions>");
            for (Rule r : g.ingress()) {
                xml.append(rule(r));
            }
            xml.append("</ipPermissions><ipPermissionsEgress>")
                    .append(rule(new Rule("-1", 0, 0, "0.0.0.0/0"))
                            .replace("<fromPort>0</fromPort><toPort>0</toPort>", ""))
                    .append("</ipPermissionsEgress><tagSet>");
            g.tags()
                    .forEach((k, v) -> xml.append("<item><key>")
                            .append(k)
                            .append("</key><value>")
                            .append(v)
                            .append("</value></item>"));
            xml.append("</tagSet></item>");
        }
        xml.append("</securityGroupInfo>");
        if (start + 1 < matching.size()) {
            xml.append("<nextToken>").append(start + 1).append("</nextToken>");
        }
        xml.append("</DescribeSecurityGroupsResponse>");
        send(x, 200, xml.toString());
    }

    private static String rule(Rule r) {
        return "<item><ipProtocol>" + r.protocol() + "</ipProtocol><fromPort>" + r.from() + "</fromPort><toPort>"
                + r.to() + "</toPort><groups/><ipRanges><item><cidrIp>" + r.cidr()
                + "</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item>";
    }

    private void s3(HttpExchange x) throws IOException {
        String name = x.getRequestURI().getPath().replaceAll("^/+|/+$", "");
        String query =
                x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery();
        Bucket b = buckets.get(name);
        String sub = query.replaceAll("[=&].*", "");
        actions.add("s3:"
                + switch (sub) {
                    case "versioning" -> "GetBucketVersioning";
                    case "tagging" -> "GetBucketTagging";
                    case "publicAccessBlock" -> "GetBucketPublicAccessBlock";
                    case "policy" -> "GetBucketPolicy";
                    default -> "unknown:" + x.getRequestMethod() + " ?" + sub;
                });
        if (b == null) {
            s3Error(x, 404, "NoSuchBucket");
        } else if (query.startsWith("versioning")) {
            send(
                    x,
                    200,
                    "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                            + (b.versioning() == null ? "" : "<Status>" + b.versioning() + "</Status>")
                            + "</VersioningConfiguration>");
        } else if (query.startsWith("tagging")) {
            if (b.tags().isEmpty()) {
                s3Error(x, 404, "NoSuchTagSet");
                return;
            }
            StringBuilder xml =
                    new StringBuilder("<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet>");
            b.tags()
                    .forEach((k, v) -> xml.append("<Tag><Key>")
                            .append(k)
                            .append("</Key><Value>")
                            .append(v)
                            .append("</Value></Tag>"));
            send(x, 200, xml.append("</TagSet></Tagging>").toString());
        } else if (query.startsWith("publicAccessBlock")) {
            s3Error(x, 404, "NoSuchPublicAccessBlockConfiguration");
        } else if (query.startsWith("policy")) {
            s3Error(x, 404, "NoSuchBucketPolicy");
        } else {
            s3Error(x, 501, "NotImplemented");
        }
    }

    private static void s3Error(HttpExchange x, int status, String code) throws IOException {
        send(
                x,
                status,
                "<Error><Code>" + code + "</Code><Message>" + code + "</Message><RequestId>r-1</RequestId></Error>");
    }

    private static void send(HttpExchange x, int status, String xml) throws IOException {
        send(x, status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }
}
