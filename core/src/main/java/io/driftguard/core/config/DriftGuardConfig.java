package io.driftguard.core.config;

import io.driftguard.core.event.Actor;
import io.driftguard.core.event.Cloud;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of docs/design/replay-contract.md's {@code config.yaml}, the same file in live mode and in replay. Parsed
 * once ({@link ConfigLoader}) into this immutable object.
 *
 * @param policy the {@code policy} section, kept as parsed YAML for the severity and recommendation
 *     policy to interpret
 * @param slack the {@code slack} section: which findings are announced in Slack, and where
 * @param origin the file it came from, for messages
 */
public record DriftGuardConfig(
        List<PrincipalRule> deployIdentities,
        List<PrincipalRule> securityPrincipals,
        List<PrincipalRule> automationPrincipals,
        List<IgnoreRule> ignoreRules,
        List<ServiceOwnership> services,
        Map<String, Object> policy,
        SlackSettings slack,
        String origin)
        implements Serializable {

    public DriftGuardConfig {
        slack = slack == null ? SlackSettings.defaults() : slack;
        deployIdentities = List.copyOf(deployIdentities);
        securityPrincipals = List.copyOf(securityPrincipals);
        automationPrincipals = List.copyOf(automationPrincipals);
        ignoreRules = List.copyOf(ignoreRules);
        services = List.copyOf(services);
        policy = policy == null ? Map.of() : policy;
    }

    /** Settings without a {@code slack} section. */
    public DriftGuardConfig(
            List<PrincipalRule> deployIdentities,
            List<PrincipalRule> securityPrincipals,
            List<PrincipalRule> automationPrincipals,
            List<IgnoreRule> ignoreRules,
            List<ServiceOwnership> services,
            Map<String, Object> policy,
            String origin) {
        this(
                deployIdentities,
                securityPrincipals,
                automationPrincipals,
                ignoreRules,
                services,
                policy,
                SlackSettings.defaults(),
                origin);
    }

    /** No configuration: built-in recognition only. */
    public static DriftGuardConfig empty() {
        return new DriftGuardConfig(List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), "defaults");
    }

    /** The same settings with more ignore rules (a {@code .driftignore} next to the IaC). */
    public DriftGuardConfig withIgnoreRules(List<IgnoreRule> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<IgnoreRule> all = new java.util.ArrayList<>(ignoreRules);
        all.addAll(more);
        return new DriftGuardConfig(
                deployIdentities, securityPrincipals, automationPrincipals, all, services, policy, slack, origin);
    }

    /** Reads {@code file}, or returns {@link #empty()} when it is null. */
    public static DriftGuardConfig load(Path file) {
        return file == null ? empty() : ConfigLoader.load(file);
    }

    public Optional<PrincipalRule> deployIdentity(Cloud cloud, String account, Actor actor) {
        return first(deployIdentities, cloud, account, actor);
    }

    public Optional<PrincipalRule> automationPrincipal(Cloud cloud, String account, Actor actor) {
        return first(automationPrincipals, cloud, account, actor);
    }

    public Optional<PrincipalRule> securityPrincipal(Cloud cloud, String account, Actor actor) {
        return first(securityPrincipals, cloud, account, actor);
    }

    /** The first ignore rule that silences {@code path} of the resource. */
    public Optional<IgnoreRule> ignoreRule(Cloud cloud, String resourceType, String resourceId, String path) {
        for (IgnoreRule rule : ignoreRules) {
            if (rule.matches(cloud, resourceType, resourceId, path)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    private static Optional<PrincipalRule> first(List<PrincipalRule> rules, Cloud cloud, String account, Actor actor) {
        for (PrincipalRule rule : rules) {
            if (rule.matches(cloud, account, actor)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }
}
