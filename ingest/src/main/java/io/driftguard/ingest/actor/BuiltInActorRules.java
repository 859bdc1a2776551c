package io.driftguard.ingest.actor;

import static io.driftguard.core.event.ActorType.AUTOMATION;
import static io.driftguard.core.event.ActorType.DEPLOY;
import static io.driftguard.core.event.ActorType.HUMAN;
import static io.driftguard.core.event.ActorType.SERVICE;
import static io.driftguard.core.event.ActorType.UNKNOWN;
import static io.driftguard.ingest.actor.ActorRule.Match.CONTAINS;
import static io.driftguard.ingest.actor.ActorRule.Match.EXACT;
import static io.driftguard.ingest.actor.ActorRule.Match.PREFIX;
import static io.driftguard.ingest.actor.ActorRule.Match.REGEX;
import static io.driftguard.ingest.actor.ActorRule.Match.SUFFIX;

import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.Cloud;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in recognition of deploy tools, cloud automation and workloads (docs/design/taxonomy.md), as one
 * table. Per cloud the rules run in order and the first match wins, so deploy tools come before
 * automation and automation before plain service identities. What no rule matches keeps the type
 * the provider's identity model implies (usually human).
 *
 * <p>Configured deploy, automation and security principals (config.yaml) are applied later by the
 * pipeline; they are not here.
 */
public final class BuiltInActorRules {

    /** The table, in evaluation order per cloud. */
    public static final List<ActorRule> RULES = List.of(
            // --- AWS ---
            ActorRule.of(Cloud.AWS, Facet.USER_AGENT, CONTAINS, "Terraform/", DEPLOY, "Terraform user agent"),
            ActorRule.of(Cloud.AWS, Facet.USER_AGENT, CONTAINS, "HashiCorp", DEPLOY, "HashiCorp SDK user agent"),
            ActorRule.of(Cloud.AWS, Facet.INVOKED_BY, EXACT, "cloudformation.amazonaws.com", DEPLOY, "CloudFormation"),
            ActorRule.of(Cloud.AWS, Facet.SOURCE_IP, EXACT, "cloudformation.amazonaws.com", DEPLOY, "CloudFormation"),
            ActorRule.of(Cloud.AWS, Facet.USER_AGENT, EXACT, "cloudformation.amazonaws.com", DEPLOY, "CloudFormation"),
            ActorRule.of(Cloud.AWS, Facet.IDENTITY_TYPE, EXACT, "AWSService", AUTOMATION, "AWS service principal"),
            ActorRule.of(Cloud.AWS, Facet.ROLE_NAME, PREFIX, "AWSServiceRoleFor", AUTOMATION, "service-linked role"),
            ActorRule.of(
                    Cloud.AWS, Facet.INVOKED_BY, SUFFIX, ".amazonaws.com", AUTOMATION, "invoked by an AWS service"),
            ActorRule.of(Cloud.AWS, Facet.INVOKED_BY, EXACT, "AWS Internal", AUTOMATION, "invoked by AWS"),
            ActorRule.of(Cloud.AWS, Facet.IDENTITY_TYPE, EXACT, "AWSAccount", SERVICE, "another account's principal"),
            ActorRule.of(Cloud.AWS, Facet.IDENTITY_TYPE, EXACT, "WebIdentityUser", SERVICE, "web identity (workload)"),
            ActorRule.of(Cloud.AWS, Facet.IDENTITY_TYPE, EXACT, "Unknown", UNKNOWN, "identity not disclosed"),

            // --- GCP ---
            ActorRule.of(Cloud.GCP, Facet.USER_AGENT, CONTAINS, "Terraform/", DEPLOY, "Terraform user agent"),
            ActorRule.of(
                    Cloud.GCP, Facet.USER_AGENT, CONTAINS, "Google-Deployment-Manager", DEPLOY, "Deployment Manager"),
            ActorRule.of(
                    Cloud.GCP,
                    Facet.PRINCIPAL,
                    REGEX,
                    "service-\\d+@[a-z0-9.-]*\\.gserviceaccount\\.com",
                    AUTOMATION,
                    "Google-managed service agent"),
            ActorRule.of(
                    Cloud.GCP,
                    Facet.PRINCIPAL,
                    REGEX,
                    "\\d+@cloudservices\\.gserviceaccount\\.com",
                    AUTOMATION,
                    "Google APIs service agent"),
            ActorRule.of(Cloud.GCP, Facet.PRINCIPAL, CONTAINS, "@container-engine-robot.", AUTOMATION, "GKE robot"),
            ActorRule.of(Cloud.GCP, Facet.PRINCIPAL, CONTAINS, "@gcp-sa-", AUTOMATION, "Google-managed service agent"),
            ActorRule.of(
                    Cloud.GCP,
                    Facet.PRINCIPAL,
                    SUFFIX,
                    "@compute-system.iam.gserviceaccount.com",
                    AUTOMATION,
                    "Compute Engine system agent"),
            ActorRule.of(
                    Cloud.GCP,
                    Facet.PRINCIPAL,
                    SUFFIX,
                    "@system.gserviceaccount.com",
                    AUTOMATION,
                    "Google system account"),
            ActorRule.of(Cloud.GCP, Facet.PRINCIPAL, SUFFIX, ".gserviceaccount.com", SERVICE, "service account"),
            ActorRule.of(Cloud.GCP, Facet.PRINCIPAL, PREFIX, "system:", SERVICE, "GKE system identity"),

            // --- Azure ---
            ActorRule.of(
                    Cloud.AZURE,
                    Facet.MANAGED_IDENTITY,
                    CONTAINS,
                    "/Microsoft.Automation/",
                    AUTOMATION,
                    "automation account managed identity"),
            ActorRule.of(
                    Cloud.AZURE,
                    Facet.MANAGED_IDENTITY,
                    CONTAINS,
                    "/userAssignedIdentities/",
                    AUTOMATION,
                    "user-assigned managed identity"),
            ActorRule.of(
                    Cloud.AZURE,
                    Facet.MANAGED_IDENTITY,
                    CONTAINS,
                    "/Microsoft.Logic/workflows/",
                    AUTOMATION,
                    "Logic App managed identity"),
            ActorRule.of(Cloud.AZURE, Facet.PRINCIPAL, CONTAINS, "@", HUMAN, "user principal name"),
            ActorRule.of(Cloud.AZURE, Facet.PRINCIPAL_TYPE, EXACT, "ManagedIdentity", SERVICE, "managed identity"),
            ActorRule.of(Cloud.AZURE, Facet.PRINCIPAL_TYPE, EXACT, "ServicePrincipal", SERVICE, "service principal"),
            ActorRule.of(Cloud.AZURE, Facet.PRINCIPAL_TYPE, EXACT, "app", SERVICE, "app-only token"),
            ActorRule.of(Cloud.AZURE, Facet.PRINCIPAL_TYPE, EXACT, "User", HUMAN, "user"),

            // --- Kubernetes ---
            ActorRule.of(
                    Cloud.KUBERNETES,
                    Facet.PRINCIPAL,
                    EXACT,
                    "system:serviceaccount:argocd:argocd-application-controller",
                    DEPLOY,
                    "Argo CD"),
            ActorRule.of(
                    Cloud.KUBERNETES,
                    Facet.PRINCIPAL,
                    PREFIX,
                    "system:serviceaccount:flux-system:",
                    DEPLOY,
                    "Flux controllers"),
            ActorRule.of(
                    Cloud.KUBERNETES,
                    Facet.PRINCIPAL,
                    CONTAINS,
                    "horizontal-pod-autoscaler",
                    AUTOMATION,
                    "horizontal pod autoscaler"),
            ActorRule.of(
                    Cloud.KUBERNETES,
                    Facet.PRINCIPAL,
                    CONTAINS,
                    "cluster-autoscaler",
                    AUTOMATION,
                    "cluster autoscaler"),
            ActorRule.of(
                    Cloud.KUBERNETES,
                    Facet.PRINCIPAL,
                    PREFIX,
                    "system:serviceaccount:kube-system:",
                    AUTOMATION,
                    "kube-system controller"),
            ActorRule.of(
                    Cloud.KUBERNETES,
                    Facet.PRINCIPAL,
                    EXACT,
                    "system:kube-controller-manager",
                    AUTOMATION,
                    "controller manager"),
            ActorRule.of(Cloud.KUBERNETES, Facet.PRINCIPAL, EXACT, "system:kube-scheduler", AUTOMATION, "scheduler"),
            ActorRule.of(Cloud.KUBERNETES, Facet.PRINCIPAL, EXACT, "system:addon-manager", AUTOMATION, "addon manager"),
            ActorRule.of(Cloud.KUBERNETES, Facet.PRINCIPAL, PREFIX, "eks:", AUTOMATION, "EKS control plane"),
            ActorRule.of(Cloud.KUBERNETES, Facet.PRINCIPAL, EXACT, "system:anonymous", UNKNOWN, "unauthenticated"),
            ActorRule.of(Cloud.KUBERNETES, Facet.PRINCIPAL, PREFIX, "system:serviceaccount:", SERVICE, "workload"),
            ActorRule.of(Cloud.KUBERNETES, Facet.PRINCIPAL, PREFIX, "system:", SERVICE, "node or component"));

    private static final Map<Cloud, ActorRule[]> BY_CLOUD = new EnumMap<>(Cloud.class);

    static {
        for (Cloud c : Cloud.values()) {
            List<ActorRule> rules = new ArrayList<>();
            for (ActorRule r : RULES) {
                if (r.cloud() == c) {
                    rules.add(r);
                }
            }
            BY_CLOUD.put(c, rules.toArray(ActorRule[]::new));
        }
    }

    private BuiltInActorRules() {}

    /** The first matching rule's type, or {@code fallback} when none matches. */
    public static ActorType classify(Cloud cloud, ActorFacts facts, ActorType fallback) {
        ActorRule rule = firstMatch(cloud, facts);
        return rule == null ? fallback : rule.type();
    }

    /** The first matching rule, or null. */
    public static ActorRule firstMatch(Cloud cloud, ActorFacts facts) {
        for (ActorRule r : BY_CLOUD.get(cloud)) {
            if (r.matches(facts)) {
                return r;
            }
        }
        return null;
    }
}
