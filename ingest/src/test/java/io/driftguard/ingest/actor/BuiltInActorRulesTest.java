package io.driftguard.ingest.actor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.event.Actor;
import io.driftguard.core.event.ActorType;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuiltInActorRulesTest {

    private static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "service-123456789@gcp-sa-artifactregistry.iam.gserviceaccount.com, AUTOMATION",
        "service-42@container-engine-robot.iam.gserviceaccount.com, AUTOMATION",
        "123456789@cloudservices.gserviceaccount.com, AUTOMATION",
        "service-42@compute-system.iam.gserviceaccount.com, AUTOMATION",
        "checkout-api@shop-prod.iam.gserviceaccount.com, SERVICE",
        "123-compute@developer.gserviceaccount.com, SERVICE",
        "jane@example.com, HUMAN",
    })
    void gcpPrincipals(String email, ActorType expected) {
        Actor a = GcpActors.from(json("{\"principalEmail\":\"" + email + "\"}"), "google-cloud-sdk gcloud/470.0.0");
        assertThat(a.type()).isEqualTo(expected);
        assertThat(a.id()).isEqualTo(email);
    }

    @Test
    void gcpDeployToolsAndImpersonation() {
        assertThat(GcpActors.from(json("{\"principalEmail\":\"jane@example.com\"}"), "Google-Deployment-Manager")
                        .type())
                .isEqualTo(ActorType.DEPLOY);
        Actor sa = GcpActors.from(json("""
                {"principalEmail":"ops@p.iam.gserviceaccount.com","serviceAccountDelegationInfo":[
                  {"firstPartyPrincipal":{"principalEmail":"jane@example.com"}}]}"""), null);
        assertThat(sa.identities()).containsExactly("ops@p.iam.gserviceaccount.com", "jane@example.com");
    }

    @ParameterizedTest
    @CsvSource({
        "system:serviceaccount:kube-system:replicaset-controller, AUTOMATION",
        "system:kube-controller-manager, AUTOMATION",
        "system:serviceaccount:kube-system:horizontal-pod-autoscaler, AUTOMATION",
        "system:serviceaccount:cluster-autoscaler:cluster-autoscaler, AUTOMATION",
        "system:serviceaccount:argocd:argocd-application-controller, DEPLOY",
        "system:serviceaccount:flux-system:kustomize-controller, DEPLOY",
        "system:serviceaccount:shop:checkout, SERVICE",
        "system:node:ip-10-0-0-1.ec2.internal, SERVICE",
        "system:anonymous, UNKNOWN",
        "kubernetes-admin, HUMAN",
        "jane@example.com, HUMAN",
    })
    void kubernetesUsers(String username, ActorType expected) {
        assertThat(KubernetesActors.from(json("{\"username\":\"" + username + "\"}"), null)
                        .type())
                .isEqualTo(expected);
    }

    @Test
    void eksUserExtraGivesAwsIdentities() {
        Actor a = KubernetesActors.from(json("""
                {"username":"arn:aws:sts::1:assumed-role/eks-admins/jane","groups":["system:authenticated"],
                 "extra":{"arn":["arn:aws:sts::1:assumed-role/eks-admins/jane"],"sessionName":["jane"]}}"""), json("{\"username\":\"ops-bot\"}"));
        assertThat(a.identities())
                .contains(
                        "arn:aws:sts::1:assumed-role/eks-admins/jane",
                        "arn:aws:iam::1:role/eks-admins",
                        "jane",
                        "ops-bot",
                        "system:authenticated");
        assertThat(a.display()).isEqualTo("jane");
        assertThat(a.type()).isEqualTo(ActorType.HUMAN);
    }

    @Test
    void awsIdentityTypes() {
        Actor service = AwsActors.from(
                json("{\"type\":\"AWSService\",\"invokedBy\":\"cloudtrail.amazonaws.com\"}"),
                "cloudtrail.amazonaws.com",
                "cloudtrail.amazonaws.com");
        assertThat(service.type()).isEqualTo(ActorType.AUTOMATION);
        assertThat(service.id()).isEqualTo("cloudtrail.amazonaws.com");
        Actor cfn = AwsActors.from(json("""
                {"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/cfn-exec/AWSCloudFormation",
                 "invokedBy":"cloudformation.amazonaws.com"}"""), "cloudformation.amazonaws.com", "cloudformation.amazonaws.com");
        assertThat(cfn.type()).isEqualTo(ActorType.DEPLOY);
        assertThat(cfn.id()).isEqualTo("arn:aws:iam::1:role/cfn-exec/AWSCloudFormation"); // role derived from the ARN
        Actor federated = AwsActors.from(
                json("{\"type\":\"FederatedUser\",\"arn\":\"arn:aws:sts::1:federated-user/bob\"}"),
                "aws-cli/2",
                "1.2.3.4");
        assertThat(federated.display()).isEqualTo("bob");
        assertThat(federated.type()).isEqualTo(ActorType.HUMAN);
        assertThat(AwsActors.from(null, null, null)).isEqualTo(Actor.unknown());
    }

    @Test
    void azureServicePrincipalAndManagedIdentities() {
        Actor sp = AzureActors.from(json("""
                {"caller":"4d3c2b1a-0000-1111-2222-333344445555","claims":{"appid":"app-guid","idtyp":"app",
                 "http://schemas.microsoft.com/identity/claims/objectidentifier":"4d3c2b1a-0000-1111-2222-333344445555"}}"""));
        assertThat(sp.type()).isEqualTo(ActorType.SERVICE);
        assertThat(sp.identities()).contains("app-guid", "4d3c2b1a-0000-1111-2222-333344445555");
        Actor mi = AzureActors.from(json("""
                {"identity":{"claims":{"appid":"a","xms_mirid":"/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/fixer"}}}"""));
        assertThat(mi.type()).isEqualTo(ActorType.AUTOMATION);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "service-\\d+@[a-z0-9.-]*\\.gserviceaccount\\.com ; .gserviceaccount.com",
                "\\d+@cloudservices\\.gserviceaccount\\.com ; @cloudservices.gserviceaccount.com",
                "abc\\d ; ''",
                "abc+ ; ''",
                "(abc)? ; ''",
                "[a-z]com ; com",
                "x\\\\.com ; com",
                "foo|bar ; ''",
                "ab\\\\ ; ab\\",
                "done$ ; ''",
                "ab\\x41 ; ''",
                "ab\\u0041 ; ''",
                "ab\\0101 ; ''",
                "\\Qa.b\\E ; ''",
                "(?x)abc # a comment ; ''",
                "(?i)abc ; ''",
            })
    void aRegexLiteralTailIsWhatEveryMatchEndsWith(String regex, String tail) {
        assertThat(ActorRule.literalTail(regex)).isEqualTo(tail);
    }

    /** The tail check in front of a regex never turns a match into a miss, nor the reverse. */
    @Test
    void aRegexRuleMatchesExactlyWhatItsRegexMatches() {
        List<ActorRule> regexRules = BuiltInActorRules.RULES.stream()
                .filter(r -> r.match() == ActorRule.Match.REGEX)
                .toList();
        assertThat(regexRules).isNotEmpty().allSatisfy(r -> assertThat(r.tail()).isNotEmpty());
        String[] seeds = {
            "service-123456@gcp-sa-artifactregistry.iam.gserviceaccount.com",
            "123456@cloudservices.gserviceaccount.com",
            "checkout-api@shop-prod.iam.gserviceaccount.com",
            "jane@example.com"
        };
        String alphabet = "0123456789@.-_aZsgcom ";
        Random random = new Random(3);
        int matched = 0;
        for (int n = 0; n < 50_000; n++) {
            StringBuilder v = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            for (int edits = random.nextInt(4); edits > 0 && v.length() > 0; edits--) {
                int at = random.nextInt(v.length());
                switch (random.nextInt(4)) {
                    case 0 -> v.deleteCharAt(at);
                    case 1 -> v.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 2 -> v.setCharAt(at, Character.toUpperCase(v.charAt(at)));
                    default -> v.setLength(at);
                }
            }
            String value = v.toString();
            for (ActorRule r : regexRules) {
                boolean byRegex = r.regex().matcher(value).matches();
                assertThat(r.matches(facts(r.facet(), value)))
                        .as(r.pattern() + " on " + value)
                        .isEqualTo(byRegex);
                matched += byRegex ? 1 : 0;
            }
        }
        assertThat(matched).as("the generated values include matches").isGreaterThan(100);
    }

    private static ActorFacts facts(Facet facet, String value) {
        String[] f = new String[Facet.values().length];
        f[facet.ordinal()] = value;
        ActorFacts facts = new ActorFacts(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
        assertThat(facts.get(facet)).isEqualTo(value);
        return facts;
    }
}
