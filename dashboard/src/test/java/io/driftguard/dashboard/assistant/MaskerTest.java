package io.driftguard.dashboard.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class MaskerTest {

    final Masker masker = new Masker(true);

    @Test
    void awsAccessKeysAreMasked() {
        assertThat(masker.mask("aws-cli/2.15 key AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A"))
                .isEqualTo("aws-cli/2.15 key [masked:aws_access_key] and [masked:aws_access_key]");
    }

    @Test
    void envLikeAssignmentsOfSecretsAreMaskedAndTheNameKept() {
        assertThat(masker.mask("export DB_PASSWORD=hunter2 && GITHUB_TOKEN='ghp_x1' API_KEY: abc123; region=eu-west-1"))
                .isEqualTo(
                        "export DB_PASSWORD=[masked:secret] && GITHUB_TOKEN='[masked:secret]' API_KEY: [masked:secret];"
                                + " region=eu-west-1");
        assertThat(masker.mask("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
                .isEqualTo("aws_secret_access_key = [masked:secret]");
    }

    @Test
    void secretsInsideJsonStayValidJson() {
        JsonMapper json = JsonMapper.builder().build();
        String doc = json.writeValueAsString(Map.of(
                "env", Map.of("DB_PASSWORD", "hunter2", "HOME", "/root"),
                "detail",
                        "run with SECRET_KEY=s3cr3t\nthen -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
                "sa", "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n\"}"));
        String masked = masker.mask(doc);
        assertThat(masked)
                .doesNotContain("hunter2", "s3cr3t", "MIIEow", "MIIE\\\\n")
                .contains("/root");
        Map<?, ?> back = json.readValue(masked, Map.class);
        assertThat(((Map<?, ?>) back.get("env")).get("DB_PASSWORD")).isEqualTo("[masked:secret]");
        assertThat(back.get("detail").toString()).contains("SECRET_KEY=[masked:secret]", "[masked:private_key]");
    }

    @Test
    void tokensAreMasked() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assertThat(masker.mask("Authorization: Bearer " + jwt))
                .doesNotContain(jwt)
                .contains("[masked:jwt]");
        assertThat(masker.mask("curl -H 'Authorization: Bearer abcdefghijklmnopqrstuvwx'"))
                .doesNotContain("abcdefghijklmnopqrstuvwx");
        assertThat(masker.mask("token rotation is due")).isEqualTo("token rotation is due");
    }

    @Test
    void emailsBecomeStableTokensThatTheAnswerCanBeShownWith() {
        String a = masker.mask("by jane.doe@example.com and Jane.Doe@example.com, then bob@corp.example.org");
        assertThat(a).doesNotContain("@");
        assertThat(a.split("<email:")[1].substring(0, 8)).isEqualTo(a.split("<email:")[2].substring(0, 8));
        String token = a.substring(a.indexOf("<email:"), a.indexOf(">") + 1);
        assertThat(masker.restore("it was " + token)).isEqualTo("it was jane.doe@example.com");
        assertThat(masker.counts()).containsEntry("email", 3);
        assertThat(new Masker(false).mask("by jane.doe@example.com")).isEqualTo("by jane.doe@example.com");
    }

    @Test
    void ordinaryFindingTextIsLeftAlone() {
        String text =
                "{\"trigger_operation\":\"AuthorizeSecurityGroupIngress\",\"author\":\"jane\",\"key\":\"tags.Owner\","
                        + "\"resource_id\":\"sg-0a1b2c3d4e5f67890\",\"source_ip\":\"203.0.113.7\"}";
        assertThat(masker.mask(text)).isEqualTo(text);
        assertThat(masker.counts()).isEmpty();
    }
}
