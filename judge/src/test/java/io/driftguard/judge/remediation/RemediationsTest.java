package io.driftguard.judge.remediation;

import static io.driftguard.judge.testing.Episodes.SSH_WORLD;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Finding.Remediation;
import io.driftguard.judge.testing.Episodes;
import org.junit.jupiter.api.Test;

class RemediationsTest {

    static Remediation of(Episodes e) {
        return Remediations.of(e.build().finding());
    }

    @Test
    void awsSecurityGroupRevokesTheAddedRule() {
        Remediation r =
                of(Episodes.aws("aws_security_group", "sg-0abc").change("ingress", "[]", "[" + SSH_WORLD + "]"));
        assertThat(r.revertCommand())
                .isEqualTo("aws ec2 revoke-security-group-ingress --group-id sg-0abc --ip-permissions "
                        + "'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]'");
        assertThat(r.codifyPatch())
                .contains("resource \"aws_security_group\" \"web\" {")
                .contains("+  ingress = [{\"from_port\":22");
    }

    @Test
    void awsInstanceRdsLambdaIamAsgCloudTrailS3() {
        assertThat(of(Episodes.aws("aws_instance", "i-0123").change("instance_type", "\"t3.medium\"", "\"t3.xlarge\""))
                        .revertCommand())
                .contains("aws ec2 modify-instance-attribute --instance-id i-0123 --instance-type Value=t3.medium");
        assertThat(of(Episodes.aws("aws_db_instance", "orders")
                                .change("backup_retention_period", "7", "0")
                                .change("deletion_protection", "true", "false"))
                        .revertCommand())
                .isEqualTo(
                        "aws rds modify-db-instance --db-instance-identifier orders --backup-retention-period 7 --deletion-protection --apply-immediately");
        assertThat(of(Episodes.aws("aws_lambda_function", "resize")
                                .change("memory_size", "512", "128")
                                .change("timeout", "30", "3"))
                        .revertCommand())
                .isEqualTo(
                        "aws lambda update-function-configuration --function-name resize --memory-size 512 --timeout 30");
        assertThat(of(Episodes.aws("aws_iam_role", "app")
                                .change(
                                        "managed_policy_arns",
                                        "[]",
                                        "[\"arn:aws:iam::aws:policy/AdministratorAccess\"]"))
                        .revertCommand())
                .isEqualTo(
                        "aws iam detach-role-policy --role-name app --policy-arn arn:aws:iam::aws:policy/AdministratorAccess");
        assertThat(of(Episodes.aws("aws_autoscaling_group", "web-asg").change("desired_capacity", "4", "7"))
                        .revertCommand())
                .isEqualTo(
                        "aws autoscaling update-auto-scaling-group --auto-scaling-group-name web-asg --desired-capacity 4");
        assertThat(of(Episodes.aws("aws_cloudtrail", "org-trail").change("logging_enabled", "true", "false"))
                        .revertCommand())
                .isEqualTo("aws cloudtrail start-logging --name org-trail");
        Episodes pab = Episodes.aws("aws_s3_bucket", "assets");
        for (String flag : new String[] {
            "block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"
        }) {
            pab.change("public_access_block." + flag, "true", "false");
        }
        assertThat(of(pab).revertCommand())
                .isEqualTo(
                        "aws s3api put-public-access-block --bucket assets --public-access-block-configuration "
                                + "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true");
        assertThat(of(Episodes.aws("aws_s3_bucket", "assets")
                                .change("public_access_block.block_public_acls", "true", "false"))
                        .revertCommand())
                .startsWith("# no exact revert command");
    }

    @Test
    void gcpIamCommandsAddressThePolicyOfTheResourceThatChanged() {
        // only the public flag is declared (a bucket without IAM resources): the role is not in the path
        Episodes publicBucket = Episodes.aws("google_storage_bucket", "projects/_/buckets/shop-assets")
                .cloud(Cloud.GCP)
                .change("iam.public.allUsers", "false", "true");
        assertThat(of(publicBucket).revertCommand())
                .isEqualTo("gcloud storage buckets get-iam-policy gs://shop-assets --format=json"
                        + " | jq '.bindings |= map(.members -= [\"allUsers\"] | select(.members | length > 0))'"
                        + " > policy.json && gcloud storage buckets set-iam-policy gs://shop-assets policy.json");
        Episodes topic = Episodes.aws("google_pubsub_topic", "projects/shop-prod/topics/orders")
                .cloud(Cloud.GCP)
                .change("iam.member.roles/pubsub.publisher user:eve@example.com", "null", "true");
        assertThat(of(topic).revertCommand())
                .isEqualTo("gcloud pubsub topics remove-iam-policy-binding orders --project=shop-prod"
                        + " --member=user:eve@example.com --role=roles/pubsub.publisher");
        Episodes key = Episodes.aws(
                        "google_kms_crypto_key",
                        "projects/shop-prod/locations/europe-west1/keyRings/payments/cryptoKeys/cards")
                .cloud(Cloud.GCP)
                .change(
                        "iam.binding.roles/cloudkms.cryptoKeyDecrypter",
                        "[\"serviceAccount:app@shop-prod.iam.gserviceaccount.com\"]",
                        "[\"serviceAccount:app@shop-prod.iam.gserviceaccount.com\",\"user:eve@example.com\"]");
        assertThat(of(key).revertCommand())
                .isEqualTo(
                        "gcloud kms keys remove-iam-policy-binding cards --keyring=payments --location=europe-west1"
                                + " --project=shop-prod --member=user:eve@example.com --role=roles/cloudkms.cryptoKeyDecrypter");
        Episodes account = Episodes.aws(
                        "google_service_account",
                        "projects/shop-prod/serviceAccounts/deploy@shop-prod.iam.gserviceaccount.com")
                .cloud(Cloud.GCP)
                .change("iam.member.roles/iam.serviceAccountTokenCreator user:eve@example.com", "null", "true");
        assertThat(of(account).revertCommand())
                .isEqualTo("gcloud iam service-accounts remove-iam-policy-binding"
                        + " deploy@shop-prod.iam.gserviceaccount.com --project=shop-prod --member=user:eve@example.com"
                        + " --role=roles/iam.serviceAccountTokenCreator");
        Episodes project = Episodes.aws("google_project", "projects/shop-prod")
                .cloud(Cloud.GCP)
                .change(
                        "iam.members",
                        "[\"roles/viewer group:sre@example.com\"]",
                        "[\"roles/owner user:eve@example.com\",\"roles/viewer group:sre@example.com\"]");
        assertThat(of(project).revertCommand())
                .isEqualTo(
                        "gcloud projects remove-iam-policy-binding shop-prod --member=user:eve@example.com --role=roles/owner");
    }

    @Test
    void gcpCommands() {
        Episodes fw = Episodes.aws("google_compute_firewall", "projects/shop-prod/global/firewalls/allow-ssh")
                .cloud(Cloud.GCP)
                .change("source_ranges", "[\"35.235.240.0/20\"]", "[\"0.0.0.0/0\"]");
        assertThat(of(fw).revertCommand())
                .isEqualTo(
                        "gcloud compute firewall-rules update allow-ssh --project=shop-prod --source-ranges=35.235.240.0/20");
        Episodes bucket = Episodes.aws("google_storage_bucket", "projects/_/buckets/shop-assets")
                .cloud(Cloud.GCP)
                .change("iam.member.roles/storage.objectViewer allUsers", "null", "true")
                .change("iam.public.allUsers", "false", "true");
        assertThat(of(bucket).revertCommand())
                .isEqualTo(
                        "gcloud storage buckets remove-iam-policy-binding gs://shop-assets --member=allUsers --role=roles/storage.objectViewer");
        Episodes vm = Episodes.aws("google_compute_instance", "projects/p/zones/europe-west1-b/instances/web-1")
                .cloud(Cloud.GCP)
                .change("machine_type", "\"n1-standard-2\"", "\"n1-standard-8\"");
        assertThat(of(vm).revertCommand())
                .contains(
                        "gcloud compute instances set-machine-type web-1 --zone=europe-west1-b --project=p --machine-type=n1-standard-2");
        Episodes sql = Episodes.aws("google_sql_database_instance", "projects/p/instances/orders")
                .cloud(Cloud.GCP)
                .change("backup_enabled", "true", "false")
                .change("tier", "\"db-custom-2-7680\"", "\"db-custom-1-3840\"");
        assertThat(of(sql).revertCommand())
                .isEqualTo("gcloud sql instances patch orders --project=p --backup --tier=db-custom-2-7680");
        Episodes mig = Episodes.aws(
                        "google_compute_region_instance_group_manager",
                        "projects/p/regions/europe-west1/instanceGroupManagers/web")
                .cloud(Cloud.GCP)
                .change("target_size", "4", "1");
        assertThat(of(mig).revertCommand())
                .isEqualTo(
                        "gcloud compute instance-groups managed resize web --size=4 --region=europe-west1 --project=p");
    }

    @Test
    void azureCommands() {
        String rule =
                "/subscriptions/s1/resourcegroups/rg-net/providers/microsoft.network/networksecuritygroups/nsg-web/securityrules/allow-rdp";
        Episodes nsg = Episodes.aws("azurerm_network_security_rule", rule)
                .cloud(Cloud.AZURE)
                .change("source_prefixes", "[\"10.0.0.0/16\"]", "[\"*\"]")
                .change("access", "\"deny\"", "\"allow\"");
        assertThat(of(nsg).revertCommand())
                .isEqualTo("az network nsg rule update --ids " + rule
                        + " --source-address-prefixes 10.0.0.0/16 --access Deny");
        String sa = "/subscriptions/s1/resourcegroups/rg/providers/microsoft.storage/storageaccounts/shopdata";
        assertThat(of(Episodes.aws("azurerm_storage_account", sa)
                                .cloud(Cloud.AZURE)
                                .change("public_blob_access", "false", "true"))
                        .revertCommand())
                .isEqualTo("az storage account update --ids " + sa + " --allow-blob-public-access false");
        String vm = "/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/web-1";
        assertThat(of(Episodes.aws("azurerm_linux_virtual_machine", vm)
                                .cloud(Cloud.AZURE)
                                .change("size", "\"standard_d2s_v3\"", "\"standard_d8s_v3\""))
                        .revertCommand())
                .isEqualTo("az vm resize --ids " + vm + " --size standard_d2s_v3");
        String fr = "/subscriptions/s1/resourcegroups/rg/providers/microsoft.sql/servers/sql-1/firewallrules/office";
        assertThat(of(Episodes.aws("azurerm_mssql_firewall_rule", fr)
                                .cloud(Cloud.AZURE)
                                .change("start_ip", "\"203.0.113.10\"", "\"0.0.0.0\"")
                                .change("end_ip", "\"203.0.113.10\"", "\"255.255.255.255\""))
                        .revertCommand())
                .isEqualTo(
                        "az sql server firewall-rule update --resource-group rg --server sql-1 --name office --start-ip-address 203.0.113.10 --end-ip-address 203.0.113.10");
        String kv = "/subscriptions/s1/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv-shop";
        assertThat(of(Episodes.aws("azurerm_key_vault", kv)
                                .cloud(Cloud.AZURE)
                                .change("purge_protection", "true", "false"))
                        .revertCommand())
                .isEqualTo("az keyvault update --resource-group rg --name kv-shop --enable-purge-protection true");
        String vmss = "/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachinescalesets/web";
        assertThat(of(Episodes.aws("azurerm_linux_virtual_machine_scale_set", vmss)
                                .cloud(Cloud.AZURE)
                                .change("instances", "4", "0"))
                        .revertCommand())
                .isEqualTo("az vmss scale --resource-group rg --name web --new-capacity 4");
    }

    @Test
    void kubernetesCommands() {
        Episodes scale = Episodes.aws("Deployment", "prod-eu-1/checkout/Deployment/web")
                .cloud(Cloud.KUBERNETES)
                .iac(
                        "kubernetes",
                        "kubernetes/prod-eu-1/checkout.yaml#apps/Deployment/checkout/web",
                        "kubernetes/prod-eu-1/checkout.yaml")
                .change("spec.replicas", "3", "10");
        Remediation r = of(scale);
        assertThat(r.revertCommand())
                .isEqualTo("kubectl --context=prod-eu-1 -n checkout scale deployment/web --replicas=3");
        assertThat(r.codifyPatch())
                .contains("--- a/kubernetes/prod-eu-1/checkout.yaml  (apps/Deployment/checkout/web)")
                .contains(" spec:\n-  replicas: 3\n+  replicas: 10");
        Episodes image = Episodes.aws("Deployment", "prod-eu-1/checkout/Deployment/web")
                .cloud(Cloud.KUBERNETES)
                .change("spec.template.spec.containers.web.image", "\"shop/web:1.4.2\"", "\"shop/web:1.4.3-debug\"");
        assertThat(of(image).revertCommand())
                .isEqualTo("kubectl --context=prod-eu-1 -n checkout set image deployment/web web=shop/web:1.4.2");
        Episodes cm = Episodes.aws("ConfigMap", "prod-eu-1/checkout/ConfigMap/web-config")
                .cloud(Cloud.KUBERNETES)
                .change("data.LOG_LEVEL", "\"info\"", "\"debug\"");
        assertThat(of(cm).revertCommand())
                .isEqualTo(
                        "kubectl --context=prod-eu-1 -n checkout patch configmap web-config --type merge -p '{\"data\":{\"LOG_LEVEL\":\"info\"}}'");
        Episodes rbac = Episodes.aws("ClusterRoleBinding", "prod-eu-1/ClusterRoleBinding/ops")
                .cloud(Cloud.KUBERNETES)
                .iac(
                        "kubernetes",
                        "kubernetes/prod-eu-1/rbac.yaml#rbac.authorization.k8s.io/ClusterRoleBinding/ops",
                        null)
                .change("subjects", "[]", "[{\"kind\":\"User\",\"name\":\"mallory\"}]");
        assertThat(of(rbac).revertCommand())
                .startsWith("kubectl --context=prod-eu-1 apply -f kubernetes/prod-eu-1/rbac.yaml");
    }

    @Test
    void hostileNamesStayOneInertArgument() {
        String evil = "a'b; rm -rf /";
        Remediation r = of(Episodes.aws("aws_autoscaling_group", evil).change("desired_capacity", "4", "7"));
        assertThat(r.revertCommand())
                .isEqualTo(
                        "aws autoscaling update-auto-scaling-group --auto-scaling-group-name 'a'\\''b; rm -rf /' --desired-capacity 4");
        // a Kubernetes name cannot hold '/', the id's separator
        Remediation k = of(Episodes.aws("ConfigMap", "c/ns/ConfigMap/a'b; rm -rf ~")
                .cloud(Cloud.KUBERNETES)
                .change("data.$(reboot)", "\"x'y\"", "\"z\""));
        assertThat(k.revertCommand())
                .contains("patch configmap 'a'\\''b; rm -rf ~'")
                .contains("-p '{\"data\":{\"$(reboot)\":\"x'\\''y\"}}'");
        Remediation tag =
                of(Episodes.aws("aws_instance", "i-0123").change("tags.Owner", "\"$(curl evil)`id`\"", "null"));
        assertThat(tag.revertCommand())
                .isEqualTo(
                        "aws ec2 create-tags --resources i-0123 --tags '[{\"Key\":\"Owner\",\"Value\":\"$(curl evil)`id`\"}]'");
        assertThat(tag.ignoreRule()).contains("tag_key: \"Owner\"");
        Remediation yaml = of(Episodes.aws("aws_s3_bucket", "b\"\n- {resource: \"*\"}")
                .change("versioning.enabled", "true", "false"));
        assertThat(yaml.ignoreRule())
                .contains("resource: \"b\\\"\\n- {resource: \\\"*\\\"}\"")
                .doesNotContain("\n- {resource");
    }

    @Test
    void noExactCommandSaysSoAndFallsBackToTheIac() {
        Remediation r = of(Episodes.aws("aws_lambda_function", "fn")
                .hidden("environment", "{\"A\":\"1\"}")
                .change("runtime", "\"python3.11\"", "\"python3.12\"")
                .change("tags.team", "\"a\"", "\"b\""));
        assertThat(r.revertCommand())
                .contains("# no exact revert command: tags of aws_lambda_function")
                .contains("terraform apply -target=module.net.aws_security_group.web");
        assertThat(r.codifyPatch()).contains("+  environment = <value not in the log: read it from the resource>");
    }

    @Test
    void unmanagedResourceIsRemovedNotSetToNothing() {
        String rule = "/subscriptions/6f1c2d3e/resourceGroups/rg-id/providers/Microsoft.Network/"
                + "networkSecurityGroups/nsg-app/securityRules/allow-ssh";
        Remediation azure = of(Episodes.aws("azurerm_network_security_rule", rule)
                .cloud(Cloud.AZURE)
                .unmanaged()
                .change("access", "null", "\"allow\"")
                .change("destination_ports", "null", "[\"22\"]"));
        assertThat(azure.revertCommand())
                .startsWith("# not declared in any IaC source")
                .endsWith("\naz resource delete --ids " + rule)
                .doesNotContain("Null")
                .doesNotContain("update");
        assertThat(of(Episodes.aws("Deployment", "prod-eu-1/shop/Deployment/debug-shell")
                                .cloud(Cloud.KUBERNETES)
                                .unmanaged()
                                .change("spec.replicas", "null", "1"))
                        .revertCommand())
                .endsWith("\nkubectl --context=prod-eu-1 -n shop delete deployment/debug-shell");
        assertThat(of(Episodes.aws("google_compute_firewall", "projects/shop-prod/global/firewalls/allow-ssh")
                                .cloud(Cloud.GCP)
                                .unmanaged()
                                .change("source_ranges", "null", "[\"0.0.0.0/0\"]"))
                        .revertCommand())
                .endsWith("\ngcloud compute firewall-rules delete allow-ssh --project=shop-prod --quiet");
        assertThat(of(Episodes.aws("AWS::SQS::Queue", "https://sqs.eu-west-1.amazonaws.com/1/jobs")
                                .unmanaged()
                                .change("VisibilityTimeout", "null", "60"))
                        .revertCommand())
                .endsWith("\naws cloudcontrol delete-resource --type-name AWS::SQS::Queue --identifier "
                        + "https://sqs.eu-west-1.amazonaws.com/1/jobs");
        assertThat(of(Episodes.aws("aws_sns_topic", "arn:aws:sns:eu-west-1:1:alerts")
                                .unmanaged()
                                .change("display_name", "null", "\"x\""))
                        .revertCommand())
                .contains("no removal command follows from the id");
    }

    @Test
    void unmanagedResourceAlreadyGoneHasNothingToRemove() {
        assertThat(of(Episodes.aws("aws_security_group", "sg-0dead").unmanaged().change("ingress", "null", "null"))
                        .revertCommand())
                .contains("nothing to remove")
                .doesNotContain("delete-security-group");
    }
}
