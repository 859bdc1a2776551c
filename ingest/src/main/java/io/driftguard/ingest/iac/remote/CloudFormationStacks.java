package io.driftguard.ingest.iac.remote;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.iac.cloudformation.CloudFormationReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClientBuilder;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * CloudFormation stacks read from the CloudFormation API of one region, mirrored as the stack folders
 * {@link CloudFormationReader} reads ({@code <folder>/cloudformation/<stack>/} with the template,
 * {@code resources.json} and {@code parameters.json}), so declarations key to the live resources'
 * physical ids exactly as with exported stacks.
 *
 * <p>Each poll lists the stacks with {@code DescribeStacks} (every stack of the region, paginated, or
 * the named ones), which also gives each stack's parameters, status and last update. Only a stack whose
 * id, last update ({@code LastUpdatedTime}, else {@code CreationTime}) or status moved is read again:
 * {@code GetTemplate} (the processed template by default, whose logical ids are the ones the stack's
 * resources have once transforms such as {@code AWS::Serverless} are expanded) and
 * {@code ListStackResources} (paginated). Its copy is replaced only when what was read differs from it.
 * A stack still being created, updated or rolled back is left as it was until it settles; a stack that is
 * gone (deleted, or never created: {@code ROLLBACK_COMPLETE}, {@code REVIEW_IN_PROGRESS}) loses its copy, so
 * its declarations are tombstoned.
 *
 * <p>A template that cannot be read keeps the stack's last good copy and is rejected
 * ({@code not-a-template}, the template as payload); an API error (access denied, throttling past the
 * SDK's retries) keeps every copy it concerns and is rejected ({@code unreadable}). Needs
 * {@code cloudformation:DescribeStacks}, {@code cloudformation:GetTemplate} and
 * {@code cloudformation:ListStackResources} (deploy/permissions/aws-iac-sync-cloudformation-policy.json).
 */
public final class CloudFormationStacks implements RemoteIac {

    /** A stack declares nothing in these: deleted, or its creation failed and was rolled back, or never run. */
    private static final Set<String> DECLARES_NOTHING =
            Set.of("DELETE_COMPLETE", "ROLLBACK_COMPLETE", "REVIEW_IN_PROGRESS");

    private final CloudFormationClient cfn;
    private final String region;
    private final List<String> named;
    private final TemplateStage stage;
    private final Path folder;
    private final Map<String, String> seen = new HashMap<>();
    private final ReportedOnce reported = new ReportedOnce();

    /**
     * @param region the client's region, for origins ({@code cloudformation:<region>/<stack>})
     * @param stacks the stacks to read, by name; empty for every stack of the region
     * @param stage which template {@code GetTemplate} returns: {@code Processed} or {@code Original}
     * @param folder the IaC folder the copies are kept in (one per region)
     */
    public CloudFormationStacks(
            CloudFormationClient cfn, String region, List<String> stacks, TemplateStage stage, Path folder) {
        this.cfn = cfn;
        this.region = region;
        this.named = List.copyOf(stacks);
        this.stage = stage;
        this.folder = folder;
    }

    /**
     * The client {@code iac-sync} reads a region with: credentials from the SDK's default chain, the SDK's
     * standard retries (throttling and server errors, with backoff) and the URL-connection HTTP client
     * the other AWS clients of {@code iac-sync} use.
     *
     * @param endpoint a VPC endpoint or a local fake; the region's public endpoint when null
     */
    public static CloudFormationClientBuilder clientBuilder(String region, URI endpoint) {
        CloudFormationClientBuilder b = CloudFormationClient.builder()
                .region(Region.of(region))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        return b;
    }

    /** {@code processed} (the default) or {@code original}, as {@code --cfn-template} takes them. */
    public static TemplateStage stage(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "processed" -> TemplateStage.PROCESSED;
            case "original" -> TemplateStage.ORIGINAL;
            default ->
                throw new IllegalArgumentException(
                        "--cfn-template: expected processed or original, got '" + name + "'");
        };
    }

    @Override
    public Path folder() {
        return folder;
    }

    /** Where the region's stacks are, for messages: {@code cloudformation:<region>}. */
    public String location() {
        return "cloudformation:" + region;
    }

    @Override
    public Refresh refresh() {
        List<Rejection> rejected = new ArrayList<>();
        Map<String, Stack> stacks = new LinkedHashMap<>();
        Set<String> gone = new TreeSet<>();
        if (named.isEmpty()) {
            try {
                cfn.describeStacksPaginator().stacks().forEach(s -> stacks.put(s.stackName(), s));
            } catch (SdkException e) {
                report(
                        Rejection.unreadable(location(), "stacks not listed, every copy is kept: " + message(e)),
                        rejected);
                return new Refresh(0, rejected);
            }
            reported.cleared(location());
            gone.addAll(copies());
            gone.removeAll(stacks.keySet());
        } else {
            for (String name : named) {
                try {
                    cfn.describeStacks(b -> b.stackName(name)).stacks().forEach(s -> stacks.put(s.stackName(), s));
                } catch (CloudFormationException e) {
                    if (doesNotExist(e) && Files.isDirectory(stackDir(name))) {
                        gone.add(name);
                    } else {
                        report(
                                Rejection.unreadable(
                                        origin(name), "stack not described, its copy is kept: " + message(e)),
                                rejected);
                    }
                } catch (SdkException e) {
                    report(
                            Rejection.unreadable(origin(name), "stack not described, its copy is kept: " + message(e)),
                            rejected);
                }
            }
        }
        int changed = 0;
        for (Stack s : stacks.values()) {
            String status = s.stackStatusAsString();
            if (DECLARES_NOTHING.contains(status)) {
                gone.add(s.stackName());
            } else if (!status.endsWith("_IN_PROGRESS")) {
                changed += read(s, rejected) ? 1 : 0;
            }
        }
        for (String name : gone) {
            seen.remove(name);
            if (Files.isDirectory(stackDir(name))) {
                MirroredFiles.delete(stackDir(name));
                changed++;
            }
        }
        return new Refresh(changed, rejected);
    }

    /** Reads a stack whose version moved; true when its copy changed. */
    private boolean read(Stack s, List<Rejection> rejected) {
        String name = s.stackName();
        Instant updated = s.lastUpdatedTime() != null ? s.lastUpdatedTime() : s.creationTime();
        String version = s.stackId() + "|" + updated + "|" + s.stackStatusAsString();
        if (version.equals(seen.get(name))) {
            return false;
        }
        String template;
        List<StackResourceSummary> resources = new ArrayList<>();
        try {
            template = cfn.getTemplate(b -> b.stackName(s.stackId()).templateStage(stage))
                    .templateBody();
            cfn.listStackResourcesPaginator(b -> b.stackName(s.stackId()))
                    .stackResourceSummaries()
                    .forEach(resources::add);
        } catch (SdkException e) {
            report(Rejection.unreadable(origin(name), "stack not read, its copy is kept: " + message(e)), rejected);
            return false;
        }
        seen.put(name, version);
        String notATemplate = template == null ? "no template returned" : CloudFormationReader.templateError(template);
        if (notATemplate != null) {
            byte[] payload = template == null ? new byte[0] : template.getBytes(StandardCharsets.UTF_8);
            report(
                    new Rejection(
                            origin(name),
                            "not-a-template",
                            "template not taken, the stack's last copy is kept: " + notATemplate,
                            payload),
                    rejected);
            return false;
        }
        reported.cleared(origin(name));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(
                CloudFormationReader.isJson(template) ? "template.json" : "template.yaml",
                template.getBytes(StandardCharsets.UTF_8));
        files.put("resources.json", json(resources(resources)));
        files.put("parameters.json", json(parameters(s)));
        try {
            return MirroredFiles.replace(
                    stackDir(name), folder.resolve(".staging").resolve(name), files);
        } catch (UncheckedIOException e) {
            seen.remove(name);
            report(Rejection.unreadable(origin(name), "stack read but not copied: " + e.getMessage()), rejected);
            return false;
        }
    }

    /** {@code ListStackResources}' summaries in the shape of {@code aws cloudformation list-stack-resources}. */
    private static ObjectNode resources(List<StackResourceSummary> summaries) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        ArrayNode list = doc.putArray("StackResourceSummaries");
        for (StackResourceSummary r : summaries) {
            ObjectNode o = list.addObject();
            o.put("LogicalResourceId", r.logicalResourceId());
            o.put("PhysicalResourceId", r.physicalResourceId());
            o.put("ResourceType", r.resourceType());
            o.put("ResourceStatus", r.resourceStatusAsString());
        }
        return doc;
    }

    /** The stack's id and parameters in the shape of {@code aws cloudformation describe-stacks}. */
    private static ObjectNode parameters(Stack s) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        ObjectNode stack = doc.putArray("Stacks").addObject();
        stack.put("StackName", s.stackName());
        stack.put("StackId", s.stackId());
        ArrayNode params = stack.putArray("Parameters");
        for (Parameter p : s.parameters()) {
            ObjectNode o = params.addObject();
            o.put("ParameterKey", p.parameterKey());
            o.put("ParameterValue", p.parameterValue());
            if (p.resolvedValue() != null) {
                o.put("ResolvedValue", p.resolvedValue());
            }
        }
        return doc;
    }

    private Set<String> copies() {
        Set<String> out = new TreeSet<>();
        Path dir = folder.resolve("cloudformation");
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                s.filter(Files::isDirectory)
                        .forEach(p -> out.add(p.getFileName().toString()));
            } catch (IOException e) {
                // not listed, so none is removed: the next poll tries again
            }
        }
        return out;
    }

    private Path stackDir(String name) {
        return folder.resolve("cloudformation").resolve(name);
    }

    private String origin(String stack) {
        return location() + "/" + stack;
    }

    private void report(Rejection r, List<Rejection> rejected) {
        if (reported.isNew(r)) {
            rejected.add(r);
        }
    }

    private static boolean doesNotExist(CloudFormationException e) {
        return e.awsErrorDetails() != null
                && "ValidationError".equals(e.awsErrorDetails().errorCode())
                && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist");
    }

    private static String message(SdkException e) {
        if (e instanceof CloudFormationException c
                && c.awsErrorDetails() != null
                && c.awsErrorDetails().errorCode() != null) {
            return c.awsErrorDetails().errorCode() + ": " + c.awsErrorDetails().errorMessage() + " (HTTP "
                    + c.statusCode() + ")";
        }
        return e.getMessage();
    }

    private static byte[] json(ObjectNode doc) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
