package io.driftguard.ingest.catalog.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftguard.core.json.Json;
import io.driftguard.core.state.AttributeValues;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each named normalisation rule on the equivalent forms providers write. */
class NormalisationRulesTest {

    @Nested
    class Cidr {
        @Test
        void hostIsASlash32AndHostBitsAreCleared() {
            assertThat(CidrNormalisation.normalise("10.0.0.1")).isEqualTo("10.0.0.1/32");
            assertThat(CidrNormalisation.normalise("10.0.0.1/32")).isEqualTo("10.0.0.1/32");
            assertThat(CidrNormalisation.normalise("208.236.235.254/0")).isEqualTo("0.0.0.0/0");
            assertThat(CidrNormalisation.normalise(" 10.0.77.9/16 ")).isEqualTo("10.0.0.0/16");
        }

        @Test
        void ipv6IsCompressedAndMasked() {
            assertThat(CidrNormalisation.normalise("2001:0DB8:0000:0000:0000:0000:0000:0001/32"))
                    .isEqualTo("2001:db8::/32");
            assertThat(CidrNormalisation.normalise("::/0")).isEqualTo("::/0");
            assertThat(CidrNormalisation.normalise("2001:db8::1")).isEqualTo("2001:db8::1/128");
        }

        @Test
        void nonAddressesAreLeftAlone() {
            assertThat(CidrNormalisation.normalise("pl-1234")).isEqualTo("pl-1234");
            assertThat(CidrNormalisation.normalise("example.com")).isEqualTo("example.com");
            assertThat(CidrNormalisation.normalise("10.0.0.0/40")).isEqualTo("10.0.0.0/40");
        }
    }

    @Nested
    class PolicyDocuments {
        String canonical(String json) throws Exception {
            return AttributeValues.canonical(PolicyDocumentNormalisation.normalise(Json.MAPPER.readTree(json)));
        }

        @Test
        void objectStringAndUrlEncodedFormsAreOneDocument() throws Exception {
            String object = canonical(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:PutObject\",\"s3:GetObject\"],\"Resource\":\"*\"}]}");
            String singleStatement = canonical(
                    "\"{\\\"Statement\\\":{\\\"Resource\\\":[\\\"*\\\"],\\\"Action\\\":[\\\"s3:GetObject\\\",\\\"s3:PutObject\\\",\\\"s3:GetObject\\\"],\\\"Effect\\\":\\\"Allow\\\"},\\\"Version\\\":\\\"2012-10-17\\\"}\"");
            String encoded = canonical(
                    "\"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%5B%22s3%3APutObject%22%2C%22s3%3AGetObject%22%5D%2C%22Resource%22%3A%22*%22%7D%7D\"");
            assertThat(singleStatement).isEqualTo(object);
            assertThat(encoded).isEqualTo(object);
        }

        @Test
        void starPrincipalEqualsAwsStar() throws Exception {
            assertThat(canonical(
                            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\"}]}"))
                    .isEqualTo(
                            canonical(
                                    "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"*\"]},\"Action\":\"s3:GetObject\"}]}"));
        }

        @Test
        void statementOrderDoesNotMatterButContentDoes() throws Exception {
            String a = "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}";
            String b = "{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}";
            assertThat(canonical("{\"Statement\":[" + a + "," + b + "]}"))
                    .isEqualTo(canonical("{\"Statement\":[" + b + "," + a + "]}"));
            assertThat(canonical("{\"Statement\":[" + a + "]}")).isNotEqualTo(canonical("{\"Statement\":[" + b + "]}"));
        }

        @Test
        void emptyOrBrokenIsNoPolicy() throws Exception {
            assertThat(PolicyDocumentNormalisation.normalise(TextNode.valueOf("")))
                    .isNull();
            assertThat(PolicyDocumentNormalisation.normalise(TextNode.valueOf("{not json")))
                    .isNull();
            assertThat(PolicyDocumentNormalisation.normalise(Json.MAPPER.readTree("[\"\"]")))
                    .isNull();
        }
    }

    @Nested
    class NumericStrings {
        @Test
        void numbersInAnySpellingAreOneJsonNumber() {
            assertThat(NumericStringNormalisation.number(TextNode.valueOf("80")))
                    .isEqualTo(NumericStringNormalisation.number(IntNode.valueOf(80)));
            assertThat(AttributeValues.canonical(NumericStringNormalisation.number(TextNode.valueOf("80.0"))))
                    .isEqualTo("80");
            assertThat(AttributeValues.canonical(NumericStringNormalisation.number(TextNode.valueOf("0.5"))))
                    .isEqualTo("0.5");
            assertThat(NumericStringNormalisation.number(TextNode.valueOf("eighty")))
                    .isNull();
            assertThat(NumericStringNormalisation.numberOrText(TextNode.valueOf("eighty")))
                    .isEqualTo(TextNode.valueOf("eighty"));
        }

        @Test
        void booleans() {
            assertThat(NumericStringNormalisation.bool(TextNode.valueOf("True")).booleanValue())
                    .isTrue();
            assertThat(NumericStringNormalisation.bool(TextNode.valueOf("false"))
                            .booleanValue())
                    .isFalse();
            assertThat(NumericStringNormalisation.bool(TextNode.valueOf("maybe")))
                    .isNull();
        }
    }

    @Test
    void providerOwnedTagsAreRecognised() {
        assertThat(ProviderTagFilter.isProviderOwned("aws:cloudformation:stack-name"))
                .isTrue();
        assertThat(ProviderTagFilter.isProviderOwned("AWS:autoscaling:groupName"))
                .isTrue();
        assertThat(ProviderTagFilter.isProviderOwned("goog-gke-node")).isTrue();
        assertThat(ProviderTagFilter.isProviderOwned("kubectl.kubernetes.io/last-applied-configuration"))
                .isTrue();
        assertThat(ProviderTagFilter.isProviderOwned("deployment.kubernetes.io/revision"))
                .isTrue();
        assertThat(ProviderTagFilter.isProviderOwned("Owner")).isFalse();
        assertThat(ProviderTagFilter.isProviderOwned("awsome")).isFalse();
    }

    @Test
    void identifierCase() {
        assertThat(IdentifierCase.rdsIdentifier("Production-DB")).isEqualTo("production-db");
        assertThat(IdentifierCase.ipProtocol("6")).isEqualTo("tcp");
        assertThat(IdentifierCase.ipProtocol("TCP")).isEqualTo("tcp");
        assertThat(IdentifierCase.ipProtocol("all")).isEqualTo("-1");
        assertThat(IdentifierCase.ipProtocol("50")).isEqualTo("50");
        assertThat(IdentifierCase.azureResourceId("/subscriptions/S/resourceGroups/RG"))
                .isEqualTo("/subscriptions/s/resourcegroups/rg");
    }

    @Test
    void providerDefaults() {
        assertThat(ProviderDefaults.value("s3_sse_algorithm").asText()).isEqualTo("AES256");
        assertThat(ProviderDefaults.value("s3_public_access_block_flag").booleanValue())
                .isFalse();
        assertThat(ProviderDefaults.ec2RuleHasPorts("-1")).isFalse();
        assertThat(ProviderDefaults.ec2RuleHasPorts("tcp")).isTrue();
        assertThatThrownBy(() -> ProviderDefaults.value("nope"))
                .hasMessageContaining("no provider default named 'nope'");
    }
}
