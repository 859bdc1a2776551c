package io.driftguard.pipeline.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.pipeline.parse.ParseFunction;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/**
 * {@link ReadEventSerializer} through Flink's own serializer contract ({@link SerializerTestBase}:
 * round trips one by one and in sequence, with and without reuse, copies in memory and of the
 * serialized bytes, duplicate, snapshot and restore), on reads with and without a resource and an id.
 */
class ReadEventSerializerTest extends SerializerTestBase<ReadEvent> {

    ReadEventSerializerTest() {
        super(new DeeplyEqualsChecker()
                .withCustomCheck(
                        (a, b) -> a instanceof ReadEvent && b instanceof ReadEvent,
                        (a, b, checker) -> sameFields((ReadEvent) a, (ReadEvent) b)));
    }

    @Override
    protected TypeSerializer<ReadEvent> createSerializer() {
        return ReadEventSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<ReadEvent> getTypeClass() {
        return ReadEvent.class;
    }

    @Override
    protected ReadEvent[] getTestData() {
        ReadEvent blank = new ReadEvent();
        return new ReadEvent[] {
            new ReadEvent(
                    "arn:aws:iam::123456789012:user/jane",
                    "aws|123456789012|sg-0a1b",
                    "aws|123456789012|ec2",
                    1_772_359_200_123L,
                    "e7c1-42"),
            // a List call names no resource; a read without an event id
            new ReadEvent("jane@example.com", null, "gcp|project-1|compute", 0L, null),
            new ReadEvent("", "", "", Long.MIN_VALUE, ""),
            new ReadEvent(
                    "ünïcødé ☃ actor",
                    "azure|sub|/subscriptions/x/résource",
                    "azure|sub|Microsoft.Compute",
                    Long.MAX_VALUE,
                    "id-ü"),
            // beyond Flink's 2,048-char buffer; a lone surrogate, which UTF-8 could not carry
            new ReadEvent("x".repeat(5000), "\ud800 alone", "aws|1|s3", 1L, "id"),
            blank
        };
    }

    /** ReadEvent has no equals of its own: every field must come back. */
    private static boolean sameFields(ReadEvent a, ReadEvent b) {
        return Objects.equals(a.actor, b.actor)
                && Objects.equals(a.resource, b.resource)
                && Objects.equals(a.scope, b.scope)
                && a.time == b.time
                && a.idHash == b.idHash
                && a.hasId == b.hasId;
    }

    @Test
    void theJobsReadsUseIt() {
        TypeInformation<ReadEvent> type = TypeInformation.of(ReadEvent.class);
        assertThat(type.createSerializer(new SerializerConfigImpl())).isSameAs(ReadEventSerializer.INSTANCE);
        assertThat(ParseFunction.READS.getTypeInfo()).isEqualTo(type);
    }
}
