package io.driftguard.core.config;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.vocabulary.Recommendation;
import io.driftguard.core.vocabulary.Severity;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses {@code config.yaml} strictly: an unknown key, a wrong type or a bad value fails with a
 * message naming the file, line and key, because a silently ignored typo in an ignore rule or a
 * deploy identity would produce wrong findings for weeks.
 */
public final class ConfigLoader {

    private static final Set<String> TOP = Set.of(
            "deploy_identities",
            "security_principals",
            "automation_principals",
            "ignore_rules",
            "services",
            "policy",
            "slack");
    private static final Set<String> SLACK = Set.of("min_severity", "digest", "finding_link_base", "routes", "comment");
    private static final Set<String> SLACK_DIGEST = Set.of("max_messages", "per_seconds");
    private static final Set<String> SLACK_ROUTE =
            Set.of("service", "cloud", "min_severity", "recommendation", "channel", "comment");
    private static final Set<String> PRINCIPAL =
            Set.of("cloud", "match", "field", "cluster", "iac", "display", "comment");
    private static final Set<String> IGNORE =
            Set.of("cloud", "resource_type", "resource", "attribute", "tag_key", "tag_key_prefix", "comment");
    private static final Set<String> SERVICE = Set.of(
            "name",
            "team",
            "pagerduty_service",
            "pagerduty_service_id",
            "jira_component",
            "jira_project",
            "alert_label",
            "kubernetes_namespace",
            "tags",
            "resources",
            "comment");
    private static final Set<String> IAC = Set.of("terraform", "cloudformation", "kubernetes");

    private final String origin;

    private ConfigLoader(String origin) {
        this.origin = origin;
    }

    public static DriftGuardConfig load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new ConfigLoader(file.toString()).parse(reader);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static DriftGuardConfig parse(String text, String origin) {
        return new ConfigLoader(origin).parse(new StringReader(text));
    }

    private DriftGuardConfig parse(Reader reader) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (YAMLException e) {
            throw new ConfigException(
                    origin + ": not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
        List<PrincipalRule> deploy = List.of();
        List<PrincipalRule> security = List.of();
        List<PrincipalRule> automation = List.of();
        List<IgnoreRule> ignore = List.of();
        List<ServiceOwnership> services = List.of();
        Map<String, Object> policy = Map.of();
        SlackSettings slack = SlackSettings.defaults();
        if (root != null && !(root instanceof ScalarNode s && s.getValue().isEmpty())) {
            for (Map.Entry<String, Node> e : mapping(root, "top level", TOP).entrySet()) {
                Node v = e.getValue();
                switch (e.getKey()) {
                    case "deploy_identities" -> deploy = list(v, e.getKey(), n -> principal(n, e.getKey(), true));
                    case "security_principals" -> security = list(v, e.getKey(), n -> principal(n, e.getKey(), false));
                    case "automation_principals" ->
                        automation = list(v, e.getKey(), n -> principal(n, e.getKey(), false));
                    case "ignore_rules" -> ignore = list(v, e.getKey(), this::ignoreRule);
                    case "services" -> services = list(v, e.getKey(), this::service);
                    case "policy" -> policy = plainMapping(v, "policy");
                    case "slack" -> slack = slack(v);
                    default -> throw new IllegalStateException(e.getKey());
                }
            }
        }
        return new DriftGuardConfig(deploy, security, automation, ignore, services, policy, slack, origin);
    }

    private PrincipalRule principal(Node node, String section, boolean deploy) {
        if (node instanceof ScalarNode s) {
            return new PrincipalRule(null, Glob.of(nonEmpty(s, section)), null, null, null, null);
        }
        Map<String, Node> m = mapping(node, "an entry of " + section, PRINCIPAL);
        Node match = require(m, "match", node, section);
        String iac = optional(m, "iac");
        if (iac != null && !IAC.contains(iac)) {
            throw error(m.get("iac"), section + ".iac must be one of " + IAC + ", got '" + iac + "'");
        }
        if (iac != null && !deploy) {
            throw error(m.get("iac"), "iac is only meaningful under deploy_identities");
        }
        return new PrincipalRule(
                cloud(m),
                Glob.of(nonEmpty(match, section + ".match")),
                optional(m, "field"),
                optional(m, "cluster"),
                iac,
                optional(m, "display"));
    }

    private IgnoreRule ignoreRule(Node node) {
        Map<String, Node> m = mapping(node, "an entry of ignore_rules", IGNORE);
        if (m.keySet().stream().allMatch(k -> k.equals("comment") || k.equals("cloud"))) {
            throw error(
                    node,
                    "an ignore rule needs at least one of resource_type, resource, attribute, tag_key, tag_key_prefix");
        }
        return new IgnoreRule(
                cloud(m),
                glob(m, "resource_type"),
                glob(m, "resource"),
                glob(m, "attribute"),
                optional(m, "tag_key"),
                optional(m, "tag_key_prefix"),
                origin + ":" + line(node));
    }

    private ServiceOwnership service(Node node) {
        Map<String, Node> m = mapping(node, "an entry of services", SERVICE);
        String name = nonEmpty(require(m, "name", node, "services"), "services.name");
        List<Glob> resources = m.containsKey("resources")
                ? list(m.get("resources"), "services.resources", n -> Glob.of(nonEmpty(n, "services.resources")))
                : List.of();
        return new ServiceOwnership(
                name,
                optional(m, "team"),
                optional(m, "pagerduty_service"),
                optional(m, "pagerduty_service_id"),
                optional(m, "jira_component"),
                optional(m, "jira_project"),
                stringMap(m.get("alert_label"), "services.alert_label"),
                optional(m, "kubernetes_namespace"),
                stringMap(m.get("tags"), "services.tags"),
                resources);
    }

    private SlackSettings slack(Node node) {
        Map<String, Node> m = mapping(node, "slack", SLACK);
        int maxMessages = SlackSettings.DEFAULT_DIGEST_MAX_MESSAGES;
        Duration window = SlackSettings.DEFAULT_DIGEST_WINDOW;
        if (m.containsKey("digest")) {
            Map<String, Node> d = mapping(m.get("digest"), "slack.digest", SLACK_DIGEST);
            if (d.containsKey("max_messages")) {
                maxMessages = positive(d.get("max_messages"), "slack.digest.max_messages");
            }
            if (d.containsKey("per_seconds")) {
                window = Duration.ofSeconds(positive(d.get("per_seconds"), "slack.digest.per_seconds"));
            }
        }
        List<SlackRoute> routes =
                m.containsKey("routes") ? list(m.get("routes"), "slack.routes", this::slackRoute) : List.of();
        return new SlackSettings(
                severity(m, "slack.min_severity"), maxMessages, window, optional(m, "finding_link_base"), routes);
    }

    private SlackRoute slackRoute(Node node) {
        Map<String, Node> m = mapping(node, "an entry of slack.routes", SLACK_ROUTE);
        String channel = nonEmpty(require(m, "channel", node, "slack.routes"), "slack.routes.channel");
        String recommendation = optional(m, "recommendation");
        Recommendation wanted;
        try {
            wanted = recommendation == null ? null : Recommendation.of(recommendation);
        } catch (IllegalArgumentException e) {
            throw error(
                    m.get("recommendation"),
                    "slack.routes.recommendation must be one of auto_revert, codify_into_iac, escalate_for_review,"
                            + " accept_as_exception, got '" + recommendation + "'");
        }
        return new SlackRoute(
                glob(m, "service"),
                cloud(m),
                severity(m, "slack.routes.min_severity"),
                wanted,
                channel,
                origin + ":" + line(node));
    }

    private Severity severity(Map<String, Node> m, String what) {
        String value = optional(m, "min_severity");
        if (value == null) {
            return null;
        }
        try {
            return Severity.of(value);
        } catch (IllegalArgumentException e) {
            throw error(m.get("min_severity"), what + " must be one of low, medium, high, got '" + value + "'");
        }
    }

    private int positive(Node node, String what) {
        String value = nonEmpty(node, what);
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(node, what + " must be a whole number of at least 1, got '" + value + "'");
    }

    private Cloud cloud(Map<String, Node> m) {
        String value = optional(m, "cloud");
        if (value == null) {
            return null;
        }
        try {
            return Cloud.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw error(m.get("cloud"), "cloud must be one of aws, gcp, azure, kubernetes, got '" + value + "'");
        }
    }

    private Glob glob(Map<String, Node> m, String key) {
        String value = optional(m, key);
        return value == null ? null : Glob.of(value);
    }

    private Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, what + " must be a mapping");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (!allowed.contains(key)) {
                throw error(
                        t.getKeyNode(),
                        "unknown key '" + key + "' in " + what + "; expected one of "
                                + allowed.stream().sorted().toList());
            }
            out.put(key, t.getValueNode());
        }
        return out;
    }

    private <T> List<T> list(Node node, String what, Function<Node, T> item) {
        if (!(node instanceof SequenceNode seq)) {
            if (node instanceof ScalarNode s && s.getValue().isEmpty()) {
                return List.of();
            }
            throw error(node, what + " must be a list");
        }
        List<T> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            out.add(item.apply(n));
        }
        return out;
    }

    private Map<String, String> stringMap(Node node, String what) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, what + " must be a mapping of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            out.put(((ScalarNode) t.getKeyNode()).getValue(), nonEmpty(t.getValueNode(), what));
        }
        return out;
    }

    private Map<String, Object> plainMapping(Node node, String what) {
        if (!(node instanceof MappingNode)) {
            throw error(node, what + " must be a mapping");
        }
        Object value = plain(node);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return map;
    }

    private Object plain(Node node) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            seq.getValue().forEach(n -> out.add(plain(n)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            out.put(((ScalarNode) t.getKeyNode()).getValue(), plain(t.getValueNode()));
        }
        out.put("__line", line(node));
        return out;
    }

    private Node require(Map<String, Node> m, String key, Node parent, String section) {
        Node n = m.get(key);
        if (n == null) {
            throw error(parent, "an entry of " + section + " needs '" + key + "'");
        }
        return n;
    }

    private String optional(Map<String, Node> m, String key) {
        Node n = m.get(key);
        return n == null ? null : nonEmpty(n, key);
    }

    private String nonEmpty(Node node, String what) {
        if (!(node instanceof ScalarNode s)) {
            throw error(node, what + " must be a string");
        }
        String v = s.getValue().trim();
        if (v.isEmpty()) {
            throw error(node, what + " must not be empty");
        }
        return v;
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private ConfigException error(Node node, String message) {
        return new ConfigException(String.format(Locale.ROOT, "%s line %d: %s", origin, line(node), message));
    }
}
