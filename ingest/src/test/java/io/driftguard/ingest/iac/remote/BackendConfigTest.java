package io.driftguard.ingest.iac.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendConfigTest {

    @Test
    void takesTheBackendBlocksOwnKeys() {
        BackendConfig c = BackendConfig.parse(
                "--tf-azurerm",
                "storage_account_name=acmetfstate, container_name=tfstate,key=prod.terraform.tfstate",
                AzurermBackendState.SETTINGS);
        assertThat(c.required("storage_account_name")).isEqualTo("acmetfstate");
        assertThat(c.required("container_name")).isEqualTo("tfstate");
        assertThat(c.get("workspace", "default")).isEqualTo("default");
    }

    @Test
    void aTypoIsRefusedNotIgnored() {
        assertThatThrownBy(() -> BackendConfig.parse("--tf-gcs", "bucket=acme,prefx=prod", GcsBackendState.SETTINGS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown setting 'prefx'");
        assertThatThrownBy(() -> BackendConfig.parse("--tf-gcs", "bucket=a,bucket=b", GcsBackendState.SETTINGS))
                .hasMessageContaining("'bucket' given twice");
        assertThatThrownBy(() -> BackendConfig.parse("--tf-gcs", "acme", GcsBackendState.SETTINGS))
                .hasMessageContaining("expected key=value");
        assertThatThrownBy(() -> BackendConfig.parse("--tf-gcs", "prefix=prod", GcsBackendState.SETTINGS)
                        .required("bucket"))
                .hasMessageContaining("'bucket' is required");
    }

    @Test
    void gcsObjectsAreNamedAsTerraformNamesThem() {
        assertThat(GcsBackendState.objectName("prod/network", "default")).isEqualTo("prod/network/default.tfstate");
        assertThat(GcsBackendState.objectName("/prod/network/", "staging")).isEqualTo("prod/network/staging.tfstate");
        assertThat(GcsBackendState.objectName("", "default")).isEqualTo("default.tfstate");
    }

    @Test
    void azurermWorkspacesOtherThanDefaultAreSuffixedBlobs() {
        AzurermBackendState s = AzurermBackendState.of(
                BackendConfig.parse(
                        "--tf-azurerm",
                        "storage_account_name=acme,container_name=tfstate,key=prod.tfstate,workspace=staging,"
                                + "endpoint=http://127.0.0.1:1/acme",
                        AzurermBackendState.SETTINGS),
                Map.of("ARM_ACCESS_KEY", "c21va2U="));
        assertThat(s.location()).isEqualTo("http://127.0.0.1:1/acme/tfstate/prod.tfstateenv%3Astaging");
    }
}
