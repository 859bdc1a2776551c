package io.driftguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodesTest {

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void nullAndEmptyAreAbsentAndScalarsAreText() throws Exception {
        JsonNode n =
                json("{\"nul\":null,\"empty\":\"\",\"text\":\"x\",\"num\":5,\"yes\":true,\"obj\":{},\"Mixed\":null}");
        assertThat(Nodes.get(n, "nul")).isNull();
        assertThat(Nodes.get(n, "absent")).isNull();
        assertThat(Nodes.getIgnoreCase(n, "mixed")).isNull();
        assertThat(Nodes.get(n, "obj")).isNotNull();
        assertThat(Nodes.text(n, "empty")).isNull();
        assertThat(Nodes.text(n, "text")).isEqualTo("x");
        assertThat(Nodes.text(n, "num")).isEqualTo("5");
        assertThat(Nodes.text(n, "yes")).isEqualTo("true");
        assertThat(Nodes.text(n, "obj")).isNull();
        assertThat(Nodes.texts(json("{\"a\":[\"x\",\"\",7,{}]}"), "a")).containsExactly("x", "7");
    }

    /**
     * The two-character pre-check must not change an answer: past ASCII, case folding matches more
     * (the Kelvin sign K to k, the long s to s, the dotless i to i), and only {@code regionMatches}
     * knows it.
     */
    @Test
    void containsIgnoreCaseAnswersAsACaseFoldingCompareAtEveryOffset() {
        List<String> haystacks = List.of(
                "",
                "a",
                "Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.70.0",
                "aws-cli/2.17.18 md/command#autoscaling tt tE teRRAFORM/",
                "OK o\u212A tHE h\u0131 \u017Fystem \u0130d",
                "o\u212A",
                "\u0131d s\u017F",
                "x@gcp-sa-y.iam.gserviceaccount.com",
                "/subscriptions/1/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/m");
        List<String> needles = List.of(
                "t",
                "ok",
                "ok ",
                "th",
                "hi",
                "sy",
                "id",
                "Terraform/",
                "HashiCorp",
                "@gcp-sa-",
                "/userAssignedIdentities/",
                "S\u017F",
                "\u212A");
        for (String h : haystacks) {
            for (String n : needles) {
                assertThat(Nodes.containsIgnoreCase(h, n))
                        .as("'%s' in '%s'", n, h)
                        .isEqualTo(foldingCompareAtEveryOffset(h, n));
            }
        }
    }

    // what Nodes.containsIgnoreCase answered before the pre-check: the first character as itself
    // in either case, the rest by regionMatches
    private static boolean foldingCompareAtEveryOffset(String h, String n) {
        char lower = Character.toLowerCase(n.charAt(0));
        char upper = Character.toUpperCase(n.charAt(0));
        for (int i = 0; i + n.length() <= h.length(); i++) {
            char c = h.charAt(i);
            if ((c == lower || c == upper) && h.regionMatches(true, i + 1, n, 1, n.length() - 1)) {
                return true;
            }
        }
        return false;
    }
}
