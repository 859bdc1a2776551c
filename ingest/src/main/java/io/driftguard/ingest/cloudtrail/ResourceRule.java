package io.driftguard.ingest.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;

/**
 * Where one API family names its resource: a path into {@code requestParameters} (or
 * {@code responseElements}, for creates whose id the service assigns), the resource type, and how
 * to turn the value into docs/design/replay-contract.md's {@code resource_id}.
 *
 * <p>A path segment ending in {@code []} iterates an array, so
 * {@code instancesSet.items[].instanceId} yields every instance of a StopInstances call.
 *
 * @param path the path's segments, parsed once: a read of EC2 walks all twenty EC2 rules
 * @param resourceType CloudFormation type name, or null to derive it from the id's prefix
 *     ({@code sg-}, {@code i-}, …) as for CreateTags
 */
record ResourceRule(String eventSource, boolean fromResponse, Segment[] path, String resourceType, IdForm form) {

    /** One key of a path; {@code array} for a segment written {@code key[]}. */
    record Segment(String key, boolean array) {
        static Segment[] parse(String path) {
            String[] parts = path.split("\\.");
            Segment[] out = new Segment[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                out[i] = p.endsWith("[]") ? new Segment(p.substring(0, p.length() - 2), true) : new Segment(p, false);
            }
            return out;
        }
    }

    /** How a raw value becomes the resource id. */
    enum IdForm {
        /** as written */
        AS_IS,
        /** a Lambda function name or ARN ({@code arn:…:function:NAME[:qualifier]}) → NAME */
        LAMBDA_FUNCTION,
        /** an ARN whose resource part ends in {@code /NAME} (CloudTrail trails) → NAME; plain names pass */
        ARN_LAST_SEGMENT
    }

    static ResourceRule request(String eventSource, String path, String resourceType) {
        return new ResourceRule(eventSource, false, Segment.parse(path), resourceType, IdForm.AS_IS);
    }

    static ResourceRule request(String eventSource, String path, String resourceType, IdForm form) {
        return new ResourceRule(eventSource, false, Segment.parse(path), resourceType, form);
    }

    static ResourceRule response(String eventSource, String path, String resourceType) {
        return new ResourceRule(eventSource, true, Segment.parse(path), resourceType, IdForm.AS_IS);
    }

    /** Adds every value at the path to {@code out}. */
    void collect(JsonNode root, List<String> out) {
        walk(root, 0, out);
    }

    private void walk(JsonNode node, int depth, List<String> out) {
        if (node == null || node instanceof NullNode) {
            return;
        }
        if (depth == path.length) {
            if (node.isValueNode()) {
                String v = form(node.asText());
                if (v != null && !v.isEmpty()) {
                    out.add(v);
                }
            }
            return;
        }
        Segment seg = path[depth];
        if (seg.array()) {
            JsonNode arr = node.get(seg.key());
            if (arr != null && arr.isArray()) {
                for (JsonNode e : arr) {
                    walk(e, depth + 1, out);
                }
            }
        } else {
            walk(node.get(seg.key()), depth + 1, out);
        }
    }

    private String form(String v) {
        return switch (form) {
            case AS_IS -> v;
            case LAMBDA_FUNCTION -> {
                int i = v.indexOf(":function:");
                if (i < 0) {
                    yield v;
                }
                String rest = v.substring(i + 10);
                int q = rest.indexOf(':');
                yield q < 0 ? rest : rest.substring(0, q);
            }
            case ARN_LAST_SEGMENT ->
                v.startsWith("arn:") && v.indexOf('/') > 0 ? v.substring(v.lastIndexOf('/') + 1) : v;
        };
    }
}
