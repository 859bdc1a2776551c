package io.driftguard.reconcile.gcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Terraform state the GCP scan tests declare: three firewalls and one instance in shop-prod. */
final class GcpState {

    static final String PROJECT = "shop-prod";
    static final String ZONE = "europe-west1-b";
    static final String WEB = "projects/shop-prod/global/firewalls/allow-web";
    static final String DB = "projects/shop-prod/global/firewalls/allow-db";
    static final String IAP = "projects/shop-prod/global/firewalls/allow-ssh-iap";
    static final String VM = "projects/shop-prod/zones/europe-west1-b/instances/web-1";

    private GcpState() {}

    /** The live resources, exactly as declared. */
    static void live(FakeGcp gcp) {
        gcp.firewall(PROJECT, "allow-web", java.util.List.of("10.0.0.0/8"), java.util.List.of("web"), "tcp:443");
        gcp.firewall(PROJECT, "allow-db", java.util.List.of("10.0.0.0/8"), java.util.List.of("db"), "tcp:5432");
        gcp.firewall(PROJECT, "allow-ssh-iap", java.util.List.of("35.235.240.0/20"), java.util.List.of(), "tcp:22");
        gcp.instance(PROJECT, ZONE, "web-1", "e2-medium", java.util.Map.of("team", "checkout", "env", "prod"));
    }

    static void write(Path iac) throws IOException {
        Path dir = Files.createDirectories(iac.resolve("terraform/gcp-prod/network"));
        StringBuilder resources = new StringBuilder();
        for (String[] f : new String[][] {
            {"allow-web", "[\"10.0.0.0/8\"]", "[\"web\"]", "443"},
            {"allow-db", "[\"10.0.0.0/8\"]", "[\"db\"]", "5432"},
            {"allow-ssh-iap", "[\"35.235.240.0/20\"]", "[]", "22"}
        }) {
            resources.append("""
                {"mode": "managed", "type": "google_compute_firewall", "name": "%5$s",
                 "provider": "provider[\\"registry.terraform.io/hashicorp/google\\"]",
                 "instances": [{"schema_version": 1, "attributes": {
                    "id": "projects/shop-prod/global/firewalls/%1$s", "name": "%1$s", "project": "shop-prod",
                    "network": "https://www.googleapis.com/compute/v1/projects/shop-prod/global/networks/default",
                    "self_link": "https://www.googleapis.com/compute/v1/projects/shop-prod/global/firewalls/%1$s",
                    "direction": "INGRESS", "priority": 1000, "disabled": false,
                    "source_ranges": %2$s, "destination_ranges": [], "source_tags": [], "target_tags": %3$s,
                    "source_service_accounts": [], "target_service_accounts": [],
                    "allow": [{"protocol": "tcp", "ports": ["%4$s"]}], "deny": [],
                    "log_config": [], "description": ""},
                   "sensitive_attributes": []}]},
                """.formatted(f[0], f[1], f[2], f[3], f[0].replace('-', '_')));
        }
        resources.append("""
            {"mode": "managed", "type": "google_compute_instance", "name": "web_1",
             "provider": "provider[\\"registry.terraform.io/hashicorp/google\\"]",
             "instances": [{"schema_version": 6, "attributes": {
                "id": "projects/shop-prod/zones/europe-west1-b/instances/web-1", "name": "web-1",
                "project": "shop-prod", "zone": "europe-west1-b", "machine_type": "e2-medium",
                "self_link": "https://www.googleapis.com/compute/v1/projects/shop-prod/zones/europe-west1-b/instances/web-1",
                "tags": ["web"], "labels": {"team": "checkout", "env": "prod"},
                "metadata": {"enable-oslogin": "TRUE"}},
               "sensitive_attributes": []}]}
            """);
        Files.writeString(dir.resolve("terraform.tfstate"), """
            {"version": 4, "terraform_version": "1.9.5", "serial": 12, "lineage": "7c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f",
             "outputs": {}, "resources": [%s]}
            """.formatted(resources));
    }
}
