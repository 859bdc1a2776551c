package io.driftguard.pipeline.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link ReadBundler}: one bundle per actor with its reads in order, sent before every watermark, before a
 * checkpoint barrier, at the end of the input and when the cap is reached in replay; live, each read at once.
 */
class ReadBundlerTest {

    private static final String SCOPE = ReadEvent.scope("aws", "111122223333", "ec2.amazonaws.com");

    private static ReadEvent read(String actor, String resource, long time, String id) {
        return new ReadEvent(actor, resource, SCOPE, time, id);
    }

    @Test
    void everyReadIsSentInItsActorsBundleInOrderBeforeTheWatermarkThatFollowsIt() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<ReadEvent, ReadBundle>(new ReadBundler(true))) {
            h.open();
            h.processElement(new StreamRecord<>(read("jane", "aws|sg-1", 1_000, "a"), 1_000));
            h.processElement(new StreamRecord<>(read("bob", null, 1_500, "b"), 1_500));
            h.processElement(new StreamRecord<>(read("jane", null, 1_200, null), 1_200));
            h.processElement(new StreamRecord<>(read("jane", "aws|sg-1", 2_000, "c"), 2_000));
            assertThat(h.getOutput()).as("nothing before a watermark").isEmpty();

            h.processWatermark(new Watermark(1_999));
            List<Object> out = new ArrayList<>(h.getOutput());
            assertThat(out).hasSize(3);
            assertThat(out.get(2)).as("the watermark after the bundles").isEqualTo(new Watermark(1_999));
            ReadBundle jane = bundle(out.get(0));
            assertThat(jane.actor).isEqualTo("jane");
            assertThat(jane.size()).isEqualTo(3);
            assertThat(jane.read(0)).usingRecursiveComparison().isEqualTo(read("jane", "aws|sg-1", 1_000, "a"));
            assertThat(jane.read(1)).usingRecursiveComparison().isEqualTo(read("jane", null, 1_200, null));
            assertThat(jane.read(2)).usingRecursiveComparison().isEqualTo(read("jane", "aws|sg-1", 2_000, "c"));
            assertThat(jane.nameCount()).as("sg-1 and the scope, each once").isEqualTo(2);
            assertThat(bundle(out.get(1)).read(0)).usingRecursiveComparison().isEqualTo(read("bob", null, 1_500, "b"));

            h.processWatermark(new Watermark(3_000));
            assertThat(h.getOutput()).as("no empty bundles").hasSize(4);
        }
    }

    @Test
    void readsWaitingAreSentBeforeTheBarrierAtTheEndAndAtTheCap() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<ReadEvent, ReadBundle>(new ReadBundler(true))) {
            h.open();
            h.processElement(new StreamRecord<>(read("jane", null, 1_000, "a")));
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.extractOutputValues())
                    .singleElement()
                    .satisfies(b -> assertThat(b.size()).isEqualTo(1));
            assertThat(h.snapshot(1, 1).getManagedOperatorState())
                    .as("the bundler keeps no state")
                    .isEmpty();

            for (int i = 0; i < ReadBundler.MAX_READS; i++) {
                h.processElement(new StreamRecord<>(read(i % 2 == 0 ? "jane" : "bob", null, 2_000 + i, "r" + i)));
            }
            assertThat(h.extractOutputValues())
                    .as("the cap sends both actors' bundles")
                    .hasSize(3)
                    .extracting(ReadBundle::size)
                    .containsExactly(1, ReadBundler.MAX_READS / 2, ReadBundler.MAX_READS / 2);

            h.processElement(new StreamRecord<>(read("ann", null, 9_000, "z")));
            h.endInput();
            h.getOneInputOperator().finish();
            assertThat(h.extractOutputValues())
                    .hasSize(4)
                    .last()
                    .satisfies(b -> assertThat(b.actor).isEqualTo("ann"));
        }
    }

    @Test
    void liveEachReadIsSentAtOnceInABundleOfItsOwn() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<ReadEvent, ReadBundle>(new ReadBundler(false))) {
            h.open();
            h.processElement(new StreamRecord<>(read("jane", "aws|sg-1", 1_000, "a")));
            h.processElement(new StreamRecord<>(read("jane", null, 1_100, "b")));
            assertThat(h.extractOutputValues())
                    .as("no read waits for a watermark, a timer or another read")
                    .hasSize(2)
                    .allSatisfy(b -> assertThat(b.size()).isEqualTo(1));
            assertThat(h.extractOutputValues().get(1).read(0))
                    .usingRecursiveComparison()
                    .isEqualTo(read("jane", null, 1_100, "b"));
        }
    }

    @SuppressWarnings("unchecked")
    private static ReadBundle bundle(Object element) {
        return ((StreamRecord<ReadBundle>) element).getValue();
    }
}
