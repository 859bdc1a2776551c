package io.driftguard.ingest.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One worked example per catalog call, in {@code catalog/examples/<cloud>.yaml}: the call as the
 * provider logs it (CloudTrail {@code requestParameters}, GCP {@code protoPayload.request} and
 * {@code resourceName}, Azure {@code requestbody} and {@code resourceId}, Kubernetes
 * {@code objectRef} and {@code requestObject}), the resource as each IaC source declares it
 * (Terraform state attributes, CloudFormation properties with the stack's physical id, a
 * manifest), which declared attributes the call drifts, and optionally a request that sets the
 * declared values again and so is not drift. The catalog tests replay every example through the
 * real parsers, IaC readers and episode rules; the scenario generator draws changes from them.
 *
 * @param cloud the table's cloud
 * @param service the call's service as the parser names it (eventSource, serviceName, resource
 *     provider, API group)
 * @param operation eventName, methodName, operationName, or verb[/subresource]
 * @param resource GCP resourceName, Azure resourceId, Kubernetes {@code namespace/resource/name};
 *     null for AWS
 * @param request the logged request (null when the call logs none)
 * @param response the logged response, or null
 * @param declared per IaC source ({@code terraform}, {@code cloudformation}, {@code kubernetes}),
 *     the resources it declares
 * @param drift the declared attribute paths the call drifts
 * @param driftBySource where one IaC source declares less than another: its own drifted paths
 * @param same a request that restates the declared values, or null
 * @param note what the example shows, for readers
 */
public record CatalogExamples(List<Example> examples) {

    /** The tables' clouds, in load order. */
    public static final List<Cloud> CLOUDS = List.of(Cloud.AWS, Cloud.GCP, Cloud.AZURE, Cloud.KUBERNETES);

    /** One example; see the class comment. */
    public record Example(
            Cloud cloud,
            String service,
            String operation,
            String resource,
            JsonNode request,
            JsonNode response,
            JsonNode declared,
            List<String> drift,
            Map<String, List<String>> driftBySource,
            JsonNode same,
            String note) {

        /** The paths the call drifts in a declaration read from {@code source}. */
        public List<String> drift(String source) {
            return driftBySource.getOrDefault(source, drift);
        }

        /** {@code service operation}, as the example names its call. */
        public String call() {
            return service + " " + operation;
        }

        @Override
        public String toString() {
            return cloud.name().toLowerCase(Locale.ROOT) + " " + call() + (note == null ? "" : " (" + note + ")");
        }
    }

    /** The built-in examples of every cloud. */
    public static CatalogExamples builtIn() {
        List<Example> all = new ArrayList<>();
        for (Cloud c : CLOUDS) {
            String file = "catalog/examples/" + c.name().toLowerCase(Locale.ROOT) + ".yaml";
            try (InputStream in = CatalogExamples.class.getClassLoader().getResourceAsStream(file)) {
                if (in != null) {
                    LoaderOptions options = new LoaderOptions();
                    options.setCodePointLimit(16 * 1024 * 1024);
                    options.setMaxAliasesForCollections(10_000);
                    Object loaded = new Yaml(new SafeConstructor(options)).load(in);
                    all.addAll(read(c, Json.MAPPER.valueToTree(loaded), file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file, e);
            }
        }
        return new CatalogExamples(List.copyOf(all));
    }

    static List<Example> read(Cloud cloud, JsonNode doc, String file) {
        List<Example> out = new ArrayList<>();
        int i = 0;
        for (JsonNode e : doc.path("examples")) {
            String call = e.path("call").asText();
            int space = call.lastIndexOf(' ');
            if (space < 0) {
                throw new IllegalStateException(file + ", examples[" + i + "]: call must be '<service> <operation>'");
            }
            List<String> drift = new ArrayList<>();
            e.path("drift").forEach(p -> drift.add(p.asText()));
            Map<String, List<String>> bySource = new LinkedHashMap<>();
            e.path("drift_by_source").fields().forEachRemaining(f -> {
                List<String> paths = new ArrayList<>();
                f.getValue().forEach(p -> paths.add(p.asText()));
                bySource.put(f.getKey(), List.copyOf(paths));
            });
            out.add(new Example(
                    cloud,
                    call.substring(0, space),
                    call.substring(space + 1),
                    e.hasNonNull("resource") ? e.get("resource").asText() : null,
                    e.get("request"),
                    e.get("response"),
                    e.path("declared"),
                    List.copyOf(drift),
                    Map.copyOf(bySource),
                    e.get("same"),
                    e.hasNonNull("note") ? e.get("note").asText() : null));
            i++;
        }
        return out;
    }
}
