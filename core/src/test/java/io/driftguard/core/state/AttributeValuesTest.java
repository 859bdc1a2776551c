package io.driftguard.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttributeValuesTest {

    @Test
    void addAndRemoveTreatArraysAsSets() {
        String declared = "[\"b\",\"a\"]";
        String afterAdd = AttributeValues.apply(
                declared, new AttributeChange("ingress", AttributeChange.Op.ADD, "[\"c\",\"a\"]"));
        assertThat(afterAdd).isEqualTo("[\"a\",\"b\",\"c\"]");

        String afterRemove =
                AttributeValues.apply(afterAdd, new AttributeChange("ingress", AttributeChange.Op.REMOVE, "[\"c\"]"));
        assertThat(afterRemove).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void objectsInSetsCompareByContentNotKeyOrder() {
        String a = AttributeValues.canonicalSet(java.util.List.of(AttributeValues.parse("{\"to\":22,\"from\":22}")));
        String b = AttributeValues.canonicalSet(java.util.List.of(AttributeValues.parse("{\"from\":22,\"to\":22}")));
        assertThat(a).isEqualTo(b).isEqualTo("[{\"from\":22,\"to\":22}]");
    }

    @Test
    void unknownMatchesNothing() {
        String hidden = AttributeValues.apply("{\"A\":\"1\"}", AttributeChange.unknown("environment"));
        assertThat(AttributeValues.matches("{\"A\":\"1\"}", hidden)).isFalse();
        assertThat(AttributeValues.matches(hidden, hidden)).isFalse();
    }

    @Test
    void absentAndEmptyAreTheSame() {
        assertThat(AttributeValues.matches(null, "[]")).isTrue();
        assertThat(AttributeValues.matches("{}", null)).isTrue();
        assertThat(AttributeValues.matches("\"t3.micro\"", "\"t3.large\"")).isFalse();
        assertThat(AttributeValues.apply("\"x\"", AttributeChange.unset("policy")))
                .isNull();
    }
}
