package io.driftguard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftguard.core.event.Cloud;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftIgnoreTest {

    private static final DriftGuardConfig CONFIG = DriftGuardConfig.empty()
            .withIgnoreRules(DriftIgnore.parse(
                    List.of(
                            "# kept next to the Terraform code",
                            "aws_s3_bucket.my\\.logs.bucket   # attribute bucket of the bucket my.logs",
                            "aws_iam_user.*",
                            "*.*.tags.scan-*",
                            "aws_instance.i-0abc.instance_type"),
                    ".driftignore"));

    @Test
    void aTypeAndIdIgnoreEveryAttributeOfThatResource() {
        assertThat(CONFIG.ignoreRule(Cloud.AWS, "aws_s3_bucket", "my.logs.bucket", "policy"))
                .isEmpty();
        assertThat(CONFIG.ignoreRule(Cloud.AWS, "aws_s3_bucket", "my.logs", "bucket"))
                .get()
                .extracting(IgnoreRule::origin)
                .isEqualTo(".driftignore:2");
        assertThat(CONFIG.ignoreRule(Cloud.AWS, "aws_iam_user", "alice", "tags.team"))
                .isPresent();
    }

    @Test
    void attributePathsAndWildcardsNarrowARule() {
        assertThat(CONFIG.ignoreRule(
                        Cloud.GCP, "google_compute_instance", "projects/p/zones/z/instances/a", "tags.scan-2026"))
                .isPresent();
        assertThat(CONFIG.ignoreRule(
                        Cloud.GCP, "google_compute_instance", "projects/p/zones/z/instances/a", "tags.owner"))
                .isEmpty();
        assertThat(CONFIG.ignoreRule(Cloud.AWS, "aws_instance", "i-0abc", "instance_type"))
                .isPresent();
        assertThat(CONFIG.ignoreRule(Cloud.AWS, "aws_instance", "i-0abc", "disable_api_termination"))
                .isEmpty();
    }

    @Test
    void badLinesFailWithTheirLine() {
        assertThatThrownBy(() -> DriftIgnore.parse(List.of("aws_iam_user.*", "!aws_iam_user.admin"), ".driftignore"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(".driftignore line 2")
                .hasMessageContaining("negated");
        assertThatThrownBy(() -> DriftIgnore.parse(List.of("aws_iam_user"), "x"))
                .hasMessageContaining("x line 1");
    }
}
