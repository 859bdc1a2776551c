package io.driftguard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftguard.core.event.Actor;
import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.Cloud;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final String EXAMPLE = """
            deploy_identities:
              - {cloud: aws, match: "arn:aws:iam::*:role/terraform-ci-deployer", iac: terraform}
              - {cloud: kubernetes, cluster: prod-eu-1, match: "system:serviceaccount:argocd:argocd-application-controller", iac: kubernetes}
            security_principals:
              - "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecurityIncidentResponse_*"
              - "secops.amara@example.com"
            automation_principals:
              - {cloud: aws, match: "arn:aws:iam::*:role/tag-enforcer-lambda-role", display: tag enforcer, comment: "fixes tags"}
            ignore_rules:
              - {tag_key_prefix: "scan-"}
              - {resource_type: Deployment, attribute: spec.replicas, resource: "prod-eu-1/shop/Deployment/web"}
            services:
              - name: checkout
                team: payments-sre
                pagerduty_service: "Checkout API"
                pagerduty_service_id: PXXXXXX
                jira_component: checkout
                alert_label: {service: checkout}
                kubernetes_namespace: checkout
                resources: ["sg-0123*", "/subscriptions/*/checkout-nsg"]
            policy:
              severity: {}
            """;

    @Test
    void readsEveryDocumentedSection() {
        DriftGuardConfig config = ConfigLoader.parse(EXAMPLE, "config.yaml");

        assertThat(config.deployIdentities()).hasSize(2);
        assertThat(config.securityPrincipals()).hasSize(2);
        assertThat(config.automationPrincipals())
                .singleElement()
                .extracting(PrincipalRule::display)
                .isEqualTo("tag enforcer");
        assertThat(config.ignoreRules()).hasSize(2);
        assertThat(config.services()).singleElement().satisfies(s -> {
            assertThat(s.pagerdutyServiceId()).isEqualTo("PXXXXXX");
            assertThat(s.alertLabels()).containsEntry("service", "checkout");
            assertThat(s.resources())
                    .extracting(Glob::pattern)
                    .containsExactly("sg-0123*", "/subscriptions/*/checkout-nsg");
        });
        assertThat(config.policy()).containsKey("severity");
    }

    @Test
    void assumedRoleMatchesOnTheIssuingRoleArn() {
        DriftGuardConfig config = ConfigLoader.parse(EXAMPLE, "config.yaml");
        Actor deployer = new Actor(
                "arn:aws:iam::111122223333:role/terraform-ci-deployer/gh-run-42",
                ActorType.HUMAN,
                "gh-run-42",
                List.of(
                        "arn:aws:sts::111122223333:assumed-role/terraform-ci-deployer/gh-run-42",
                        "arn:aws:iam::111122223333:role/terraform-ci-deployer"));
        Actor someone = new Actor("arn:aws:iam::111122223333:user/jane", ActorType.HUMAN, "jane", List.of());

        assertThat(config.deployIdentity(Cloud.AWS, "111122223333", deployer)).isPresent();
        assertThat(config.deployIdentity(Cloud.GCP, "p", deployer)).isEmpty();
        assertThat(config.deployIdentity(Cloud.AWS, "111122223333", someone)).isEmpty();
    }

    @Test
    void kubernetesDeployIdentityIsScopedToItsCluster() {
        DriftGuardConfig config = ConfigLoader.parse(EXAMPLE, "config.yaml");
        Actor argo = new Actor(
                "system:serviceaccount:argocd:argocd-application-controller", ActorType.SERVICE, "argocd", List.of());

        assertThat(config.deployIdentity(Cloud.KUBERNETES, "prod-eu-1", argo)).isPresent();
        assertThat(config.deployIdentity(Cloud.KUBERNETES, "staging", argo)).isEmpty();
    }

    @Test
    void ignoreRulesMatchTagPrefixesAndAttributePaths() {
        DriftGuardConfig config = ConfigLoader.parse(EXAMPLE, "config.yaml");

        assertThat(config.ignoreRule(Cloud.AWS, "aws_instance", "i-1", "tags.scan-last"))
                .get()
                .extracting(IgnoreRule::origin)
                .isEqualTo("config.yaml:10");
        assertThat(config.ignoreRule(Cloud.AWS, "aws_instance", "i-1", "tags.Owner"))
                .isEmpty();
        assertThat(config.ignoreRule(Cloud.KUBERNETES, "Deployment", "prod-eu-1/shop/Deployment/web", "spec.replicas"))
                .isPresent();
        assertThat(config.ignoreRule(Cloud.KUBERNETES, "Deployment", "prod-eu-1/shop/Deployment/api", "spec.replicas"))
                .isEmpty();
    }

    @Test
    void unknownKeyFailsWithLineAndKey() {
        String typo = "ignore_rules:\n  - {tag_key_prefix: scan-}\n  - {resource_typ: Deployment}\n";

        assertThatThrownBy(() -> ConfigLoader.parse(typo, "config.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml line 3")
                .hasMessageContaining("unknown key 'resource_typ'");
    }

    @Test
    void unknownTopLevelKeyIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.parse("deploy_identity: []\n", "c.yaml"))
                .hasMessageContaining("c.yaml line 1")
                .hasMessageContaining("deploy_identity");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() ->
                        ConfigLoader.parse("deploy_identities:\n  - {cloud: aws, match: x, iac: pulumi}\n", "c.yaml"))
                .hasMessageContaining("line 2")
                .hasMessageContaining("pulumi");
        assertThatThrownBy(() -> ConfigLoader.parse("security_principals:\n  - {cloud: oracle, match: x}\n", "c.yaml"))
                .hasMessageContaining("oracle");
        assertThatThrownBy(() -> ConfigLoader.parse("ignore_rules:\n  - {comment: nothing}\n", "c.yaml"))
                .hasMessageContaining("needs at least one");
        assertThatThrownBy(() -> ConfigLoader.parse("services: [{team: x}]\n", "c.yaml"))
                .hasMessageContaining("needs 'name'");
        assertThatThrownBy(() -> ConfigLoader.parse("services: [ {name: a\n", "c.yaml"))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void emptyFileMeansDefaults() {
        assertThat(ConfigLoader.parse("", "c.yaml").deployIdentities()).isEmpty();
    }
}
