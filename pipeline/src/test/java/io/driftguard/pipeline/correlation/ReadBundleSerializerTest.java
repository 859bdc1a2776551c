package io.driftguard.pipeline.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/**
 * {@link ReadBundleSerializer} through Flink's own serializer contract ({@link SerializerTestBase}: round
 * trips one by one and in sequence, with and without reuse, copies in memory and of the serialized bytes,
 * duplicate, snapshot and restore), on bundles with repeated names, reads without a resource or an id, and
 * an empty one.
 */
class ReadBundleSerializerTest extends SerializerTestBase<ReadBundle> {

    ReadBundleSerializerTest() {
        super(new DeeplyEqualsChecker()
                .withCustomCheck(
                        (a, b) -> a instanceof ReadBundle && b instanceof ReadBundle,
                        (a, b, checker) -> same((ReadBundle) a, (ReadBundle) b)));
    }

    @Override
    protected TypeSerializer<ReadBundle> createSerializer() {
        return ReadBundleSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<ReadBundle> getTypeClass() {
        return ReadBundle.class;
    }

    @Override
    protected ReadBundle[] getTestData() {
        String jane = "arn:aws:iam::123456789012:user/jane";
        String scope = "aws|123456789012|ec2";
        return new ReadBundle[] {
            ReadBundle.of(
                    new ReadEvent(jane, "aws|123456789012|sg-0a1b", scope, 1_772_359_200_123L, "e7c1-42"),
                    new ReadEvent(jane, null, scope, 1_772_359_200_200L, null),
                    new ReadEvent(jane, "aws|123456789012|sg-0a1b", scope, Long.MIN_VALUE, "e7c1-43"),
                    new ReadEvent(jane, "aws|123456789012|i-9", "aws|123456789012|s3", Long.MAX_VALUE, "")),
            ReadBundle.of(new ReadEvent("ünïcødé ☃ actor", "azure|sub|/x/résource", "azure|sub|M.Compute", 0L, "ü")),
            // beyond Flink's 2,048-char buffer; a lone surrogate, which UTF-8 could not carry
            ReadBundle.of(new ReadEvent("x".repeat(5000), "\ud800 alone", "aws|1|s3", 1L, "id")),
            ReadBundle.decoded("", new String[0], 0)
        };
    }

    /** Every read of the bundle must come back, with the same names. */
    private static boolean same(ReadBundle a, ReadBundle b) {
        if (!a.actor.equals(b.actor) || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            ReadEvent x = a.read(i);
            ReadEvent y = b.read(i);
            if (!x.actor.equals(y.actor)
                    || !java.util.Objects.equals(x.resource, y.resource)
                    || !x.scope.equals(y.scope)
                    || x.time != y.time
                    || x.idHash != y.idHash
                    || x.hasId != y.hasId) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theJobsBundlesUseIt() {
        TypeInformation<ReadBundle> type = TypeInformation.of(ReadBundle.class);
        assertThat(type.createSerializer(new SerializerConfigImpl())).isSameAs(ReadBundleSerializer.INSTANCE);
    }
}
