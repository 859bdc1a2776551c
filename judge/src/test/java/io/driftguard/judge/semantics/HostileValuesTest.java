package io.driftguard.judge.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.finding.Finding;
import io.driftguard.judge.Judge;
import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.testing.Episodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Values a change carries come from audit logs: whatever a caller sent, the provider echoed. Every
 * attribute path the judge reads, on a resource of every cloud, changed to and from hostile values
 * (non-ASCII digits, absurd numbers, broken addresses and ranges, wrong JSON types, deep nesting,
 * huge strings, policy documents of the wrong shape): the judge returns a finding for each, with a
 * severity and a recommendation, and never throws.
 */
class HostileValuesTest {

    private static final Map<Cloud, String> TYPES = Map.of(
            Cloud.AWS, "aws_security_group",
            Cloud.GCP, "google_compute_firewall",
            Cloud.AZURE, "azurerm_linux_virtual_machine",
            Cloud.KUBERNETES, "kubernetes_deployment");

    /** Sizes of every provider's naming scheme, with digits that {@code Character.isDigit} accepts. */
    static final List<String> HOSTILE = List.of(
            q("Standard_D\u0664s_v3"),
            q("m5.\u0662xlarge"),
            q("n2-standard-\u0668"),
            q("db-custom-\u0662-7680"),
            q("db-custom-2-"),
            q("Standard_"),
            q("t3."),
            q(""),
            "null",
            q("null"),
            "1e309",
            "-1e309",
            q("NaN"),
            q("Infinity"),
            "-5",
            "9223372036854775808",
            "0.0000000000000000000001",
            q("0.0.0.0/-1"),
            q("::/129"),
            q("999.1.1.1/8"),
            q("\u0661\u0660.0.0.0/8"),
            q("10.0.0.0/\u0668"),
            q("22-"),
            q("-"),
            q("65536-1"),
            q("\u0662\u0662"),
            q("1-\u0662"),
            "[]",
            "{}",
            "[null,5,\"0.0.0.0/0\",{}]",
            "[".repeat(300) + "]".repeat(300),
            "{\"a\":".repeat(200) + "1" + "}".repeat(200),
            q("A".repeat(200_000)),
            "{\"Statement\":\"x\"}",
            "{\"Statement\":[{\"Effect\":5,\"Action\":{},\"Principal\":[[]],\"Condition\":7}]}",
            "{\"Statement\":[null,{\"Effect\":\"Allow\"}]}",
            "{\"bindings\":[{\"role\":null,\"members\":\"allUsers\"}]}",
            "{\"from_port\":\"x\",\"to_port\":-1,\"peer\":5,\"protocol\":[]}",
            "{\"cpu\":\"\u0662\",\"memory\":\"1Zi\"}",
            q("\u0000"),
            q("<script>alert(1)</script>"),
            "true",
            "{",
            "not json at all",
            "");

    private static Judge judge;

    @BeforeAll
    static void open() {
        judge = Judge.of(DriftGuardConfig.empty(), CauseModel.fromClasspath(new CauseFeatures()));
        judge.open();
    }

    @AfterAll
    static void close() {
        judge.close();
    }

    @Test
    void everyPathOnEveryCloudTakesHostileValuesWithoutThrowing() {
        Random random = new Random(20261206L);
        int judged = 0;
        List<String> failures = new ArrayList<>();
        for (String pattern : AttributeTable.patterns()) {
            String path = pattern.replace("*", "main");
            for (Map.Entry<Cloud, String> type : TYPES.entrySet()) {
                List<EpisodeContext> batch = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                for (String value : HOSTILE) {
                    String other = HOSTILE.get(random.nextInt(HOSTILE.size()));
                    batch.add(context(type, path, q("x"), value));
                    batch.add(context(type, path, value, q("x")));
                    batch.add(context(type, path, value, other));
                    labels.add(type.getValue() + " " + path + " -> " + shorten(value));
                    labels.add(type.getValue() + " " + path + " <- " + shorten(value));
                    labels.add(type.getValue() + " " + path + " " + shorten(value) + " -> " + shorten(other));
                }
                for (int i = 0; i < batch.size(); i++) {
                    try {
                        Finding f = judge.judge(List.of(batch.get(i))).get(0);
                        assertThat(f.severity()).as(labels.get(i)).isNotNull();
                        assertThat(f.recommendation()).as(labels.get(i)).isNotNull();
                        judged++;
                    } catch (RuntimeException e) {
                        failures.add(labels.get(i) + ": " + e + " at " + where(e));
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            List<String> distinct = failures.stream()
                    .collect(java.util.stream.Collectors.toMap(
                            f -> f.substring(f.lastIndexOf(" at ")), f -> f, (a, b) -> a, java.util.LinkedHashMap::new))
                    .values()
                    .stream()
                    .toList();
            fail(failures.size() + " of " + (judged + failures.size()) + " judgements threw; one of each place:\n"
                    + String.join("\n", distinct));
        }
        assertThat(judged).isGreaterThan(10_000);
    }

    private static EpisodeContext context(Map.Entry<Cloud, String> type, String path, String desired, String actual) {
        return Episodes.aws(type.getValue(), "res-1")
                .cloud(type.getKey())
                .onlyChange(type.getValue(), path, desired, actual)
                .build();
    }

    /** The judge's own frame that threw: failures are told apart by it. */
    private static String where(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("io.driftguard.judge")) {
                return frame.toString();
            }
        }
        return "?";
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + ")" : s;
    }
}
