package io.driftguard.ingest.iac.remote;

import com.sun.net.httpserver.HttpExchange;
import io.driftguard.testkit.FakeHttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The CloudFormation API on a local port, in its Query protocol (form-encoded POST with {@code Action}
 * and {@code Version}, XML answers in the {@code 2010-05-15} namespace, {@code ErrorResponse} bodies),
 * enough for the official client to list stacks, read a template and list a stack's resources:
 * {@code DescribeStacks} (all stacks one per page, or one by name or id), {@code GetTemplate}
 * ({@code TemplateStage}) and {@code ListStackResources} (two per page), each paginated with
 * {@code NextToken} as the real API is. A test changes stacks by hand, can make the next call of an
 * action fail (throttling, denied), and counts the calls per action.
 */
public final class CloudFormationFake extends FakeHttpServer {

    private static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    public static final String ACCOUNT = "111122223333";

    /** One stack resource as {@code ListStackResources} summarises it. */
    public record Resource(String logicalId, String physicalId, String type, String status) {
        public static Resource created(String logicalId, String physicalId, String type) {
            return new Resource(logicalId, physicalId, type, "CREATE_COMPLETE");
        }
    }

    /** A stack: {@code original} is the template as submitted, {@code processed} after transforms (null: same). */
    public record Stack(
            String name,
            String id,
            String status,
            Instant created,
            Instant updated,
            String original,
            String processed,
            Map<String, String> parameters,
            List<Resource> resources) {

        /** The same stack after an update: a new template, resources and status, and a new LastUpdatedTime. */
        public Stack updated(String template, List<Resource> resources, Instant at) {
            return new Stack(name, id, "UPDATE_COMPLETE", created, at, template, null, parameters, resources);
        }

        public Stack withStatus(String status) {
            return new Stack(name, id, status, created, updated, original, processed, parameters, resources);
        }
    }

    /** An error the next call of an action answers with. */
    private record Failure(int status, String type, String code, String message) {}

    private final String region;
    private final Map<String, Stack> stacks = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Queue<Failure>> failures = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    public CloudFormationFake(String region) throws IOException {
        this.region = region;
    }

    public URI endpoint() {
        return URI.create(url());
    }

    /** The client {@code iac-sync} builds for this fake's region and endpoint, with test credentials. */
    public CloudFormationClient client() {
        return CloudFormationStacks.clientBuilder(region, endpoint())
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .build();
    }

    /** A stack created now, or replaced as given. */
    public void put(Stack s) {
        stacks.put(s.name(), s);
    }

    public Stack get(String name) {
        return stacks.get(name);
    }

    /** A new stack: its id is an ARN in this region and account, as the API gives it. */
    public Stack create(String name, String template, Map<String, String> parameters, List<Resource> resources) {
        Stack s = new Stack(
                name,
                "arn:aws:cloudformation:" + region + ":" + ACCOUNT + ":stack/" + name + "/0a1b2c3d-" + name.length()
                        + "-4e5f-8a9b-0c1d2e3f4a5b",
                "CREATE_COMPLETE",
                Instant.parse("2026-03-01T10:00:00Z"),
                null,
                template,
                null,
                parameters,
                resources);
        put(s);
        return s;
    }

    /** Deletes a stack: it is no longer listed, and described by name it does not exist. */
    public void delete(String name) {
        stacks.remove(name);
    }

    /** The next call of {@code action} is throttled (HTTP 400 {@code Throttling}, which the SDK retries). */
    public void throttleNext(String action) {
        fail(action, new Failure(400, "Sender", "Throttling", "Rate exceeded"));
    }

    /** The next {@code n} calls of {@code action} are denied (HTTP 403 {@code AccessDenied}, not retried). */
    public void denyNext(String action, int n) {
        for (int i = 0; i < n; i++) {
            fail(
                    action,
                    new Failure(
                            403,
                            "Sender",
                            "AccessDenied",
                            "User: arn:aws:iam::" + ACCOUNT
                                    + ":user/iac-sync is not authorized to perform: cloudformation:" + action));
        }
    }

    private void fail(String action, Failure f) {
        failures.computeIfAbsent(action, a -> new ConcurrentLinkedQueue<>()).add(f);
    }

    /** How many calls of {@code action} were answered, errors included. */
    public int calls(String action) {
        AtomicInteger n = calls.get(action);
        return n == null ? 0 : n.get();
    }

    /** Every action called, as the IAM action that allows it ({@code cloudformation:GetTemplate}). */
    public Set<String> actions() {
        Set<String> out = new TreeSet<>();
        calls.forEach((action, n) -> {
            if (n.get() > 0) {
                out.add("cloudformation:" + action);
            }
        });
        return out;
    }

    @Override
    protected void handle(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        Map<String, String> form = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String action = form.getOrDefault("Action", "");
        calls.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
        if (!"POST".equals(x.getRequestMethod()) || !"2010-05-15".equals(form.get("Version"))) {
            error(x, new Failure(400, "Sender", "InvalidAction", "expected a form-encoded POST of version 2010-05-15"));
            return;
        }
        Queue<Failure> queued = failures.get(action);
        Failure f = queued == null ? null : queued.poll();
        if (f != null) {
            error(x, f);
            return;
        }
        switch (action) {
            case "DescribeStacks" -> describeStacks(x, form);
            case "GetTemplate" -> getTemplate(x, form);
            case "ListStackResources" -> listStackResources(x, form);
            default -> error(x, new Failure(400, "Sender", "InvalidAction", "no action " + action));
        }
    }

    private void describeStacks(HttpExchange x, Map<String, String> form) throws IOException {
        List<Stack> page = new ArrayList<>();
        String next = null;
        if (form.containsKey("StackName")) {
            Stack s = find(form.get("StackName"));
            if (s == null) {
                missing(x, form.get("StackName"));
                return;
            }
            page.add(s);
        } else {
            List<Stack> all = new ArrayList<>(stacks.values());
            int start = form.containsKey("NextToken") ? Integer.parseInt(form.get("NextToken")) : 0;
            if (start < all.size()) {
                page.add(all.get(start));
            }
            next = start + 1 < all.size() ? Integer.toString(start + 1) : null;
        }
        StringBuilder xml = new StringBuilder("<Stacks>");
        for (Stack s : page) {
            xml.append("<member><StackName>")
                    .append(s.name())
                    .append("</StackName><StackId>")
                    .append(s.id())
                    .append("</StackId><CreationTime>")
                    .append(s.created())
                    .append("</CreationTime>");
            if (s.updated() != null) {
                xml.append("<LastUpdatedTime>").append(s.updated()).append("</LastUpdatedTime>");
            }
            xml.append("<StackStatus>").append(s.status()).append("</StackStatus><Parameters>");
            s.parameters()
                    .forEach((k, v) -> xml.append("<member><ParameterKey>")
                            .append(escape(k))
                            .append("</ParameterKey><ParameterValue>")
                            .append(escape(v))
                            .append("</ParameterValue></member>"));
            xml.append("</Parameters><DisableRollback>false</DisableRollback></member>");
        }
        xml.append("</Stacks>");
        if (next != null) {
            xml.append("<NextToken>").append(next).append("</NextToken>");
        }
        ok(x, "DescribeStacks", xml.toString());
    }

    private void getTemplate(HttpExchange x, Map<String, String> form) throws IOException {
        Stack s = find(form.get("StackName"));
        if (s == null) {
            missing(x, form.get("StackName"));
            return;
        }
        String body = "Processed".equals(form.getOrDefault("TemplateStage", "Original")) && s.processed() != null
                ? s.processed()
                : s.original();
        ok(
                x,
                "GetTemplate",
                "<TemplateBody>" + escape(body) + "</TemplateBody><StagesAvailable><member>Original</member>"
                        + "<member>Processed</member></StagesAvailable>");
    }

    private void listStackResources(HttpExchange x, Map<String, String> form) throws IOException {
        Stack s = find(form.get("StackName"));
        if (s == null) {
            missing(x, form.get("StackName"));
            return;
        }
        int start = form.containsKey("NextToken") ? Integer.parseInt(form.get("NextToken")) : 0;
        List<Resource> page = s.resources()
                .subList(
                        Math.min(start, s.resources().size()),
                        Math.min(start + 2, s.resources().size()));
        StringBuilder xml = new StringBuilder("<StackResourceSummaries>");
        for (Resource r : page) {
            xml.append("<member><LogicalResourceId>").append(r.logicalId()).append("</LogicalResourceId>");
            if (r.physicalId() != null) {
                xml.append("<PhysicalResourceId>")
                        .append(escape(r.physicalId()))
                        .append("</PhysicalResourceId>");
            }
            xml.append("<ResourceType>")
                    .append(r.type())
                    .append("</ResourceType><LastUpdatedTimestamp>2026-03-01T10:00:00Z</LastUpdatedTimestamp>")
                    .append("<ResourceStatus>")
                    .append(r.status())
                    .append("</ResourceStatus><DriftInformation><StackResourceDriftStatus>NOT_CHECKED")
                    .append("</StackResourceDriftStatus></DriftInformation></member>");
        }
        xml.append("</StackResourceSummaries>");
        if (start + 2 < s.resources().size()) {
            xml.append("<NextToken>").append(start + 2).append("</NextToken>");
        }
        ok(x, "ListStackResources", xml.toString());
    }

    /** By name or by stack id, as the API takes either. */
    private Stack find(String nameOrId) {
        if (nameOrId == null) {
            return null;
        }
        Stack byName = stacks.get(nameOrId);
        return byName != null
                ? byName
                : stacks.values().stream()
                        .filter(s -> s.id().equals(nameOrId))
                        .findFirst()
                        .orElse(null);
    }

    private static void missing(HttpExchange x, String stack) throws IOException {
        error(x, new Failure(400, "Sender", "ValidationError", "Stack with id " + stack + " does not exist"));
    }

    private void ok(HttpExchange x, String action, String result) throws IOException {
        send(
                x,
                200,
                "text/xml",
                ("<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</" + action
                                + "Result><ResponseMetadata><RequestId>r-" + requests.get()
                                + "</RequestId></ResponseMetadata></" + action + "Response>")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange x, Failure f) throws IOException {
        send(
                x,
                f.status(),
                "text/xml",
                ("<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>" + f.type() + "</Type><Code>" + f.code()
                                + "</Code><Message>" + escape(f.message()) + "</Message></Error>"
                                + "<RequestId>e-1</RequestId></ErrorResponse>")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
