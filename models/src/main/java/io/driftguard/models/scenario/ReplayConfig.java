package io.driftguard.models.scenario;

import static io.driftguard.models.scenario.iac.IacModel.m;

import io.driftguard.models.scenario.driver.Subject;
import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.iac.YamlWriter;
import io.driftguard.models.scenario.world.Actor;
import io.driftguard.models.scenario.world.Service;
import io.driftguard.models.scenario.world.World;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The replay folder's {@code config.yaml}, in docs/design/replay-contract.md's format. */
final class ReplayConfig {

    private ReplayConfig() {}

    static String render(World world, IacModel iac, List<String> ignoredWorkloads, List<Subject> subjects) {
        Map<String, Object> root = m();
        List<Object> deploy = new ArrayList<>();
        deploy.add(m(
                "cloud",
                "aws",
                "match",
                "arn:aws:iam::*:role/terraform-ci-deployer",
                "iac",
                "terraform",
                "comment",
                "Terraform runs in CI under this role"));
        deploy.add(m(
                "cloud",
                "aws",
                "match",
                "arn:aws:iam::*:role/cfn-deployment-role",
                "iac",
                "cloudformation",
                "comment",
                "CloudFormation's service role"));
        deploy.add(m("cloud", "gcp", "match", "terraform-deployer@*.iam.gserviceaccount.com", "iac", "terraform"));
        deploy.add(m(
                "cloud",
                "azure",
                "match",
                World.AZURE_TF_APP_ID,
                "field",
                "identity.claims.appid",
                "display",
                "sp-terraform-ci",
                "iac",
                "terraform"));
        for (String cluster : World.CLUSTERS) {
            deploy.add(m(
                    "cloud",
                    "kubernetes",
                    "cluster",
                    cluster,
                    "match",
                    "system:serviceaccount:argocd:argocd-application-controller",
                    "iac",
                    "kubernetes"));
        }
        root.put("deploy_identities", deploy);
        List<Object> security = new ArrayList<>();
        security.add("arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecurityIncidentResponse_*");
        for (Actor a : world.securityPeople()) {
            security.add(a.email());
        }
        root.put("security_principals", security);
        root.put(
                "automation_principals",
                List.of(
                        m(
                                "cloud",
                                "aws",
                                "match",
                                "arn:aws:iam::*:role/tag-enforcer-lambda-role",
                                "display",
                                "tag enforcer"),
                        m(
                                "cloud",
                                "azure",
                                "match",
                                World.AZURE_AUTOMATION_APP_ID,
                                "field",
                                "identity.claims.appid",
                                "display",
                                "aa-ops-remediation runbooks")));
        List<Object> ignore = new ArrayList<>();
        ignore.add(m("tag_key_prefix", "scan-", "comment", "vulnerability scanner bookkeeping"));
        for (String id : ignoredWorkloads) {
            String kind = id.split("/")[2];
            ignore.add(m(
                    "resource_type",
                    kind,
                    "attribute",
                    "spec.template.spec.containers.*.image",
                    "resource",
                    id,
                    "comment",
                    "image tags rolled by an image updater"));
        }
        root.put("ignore_rules", ignore);
        List<Object> services = new ArrayList<>();
        List<Service> all = new ArrayList<>(world.services());
        all.addAll(world.noiseServices());
        for (Service s : all) {
            List<String> resources = iac.resourcesOf(s);
            if (resources.isEmpty() && !s.noiseOnly()) {
                continue;
            }
            services.add(m(
                    "name",
                    s.name(),
                    "team",
                    s.team(),
                    "pagerduty_service",
                    s.pagerdutyService(),
                    "pagerduty_service_id",
                    s.pagerdutyServiceId(),
                    "jira_component",
                    s.jiraComponent(),
                    "alert_label",
                    m("service", s.name()),
                    "kubernetes_namespace",
                    s.namespace(),
                    "resources",
                    new ArrayList<>(resources)));
        }
        root.put("services", services);
        return "# Generated by driftguard generate: the organisation the labelled scenarios happen in.\n"
                + YamlWriter.document(root);
    }
}
