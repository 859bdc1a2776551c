package io.driftguard.pipeline.eventtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventTimeBufferTest {

    /** Elements are "key:name"; the operator emits "name@timestamp" when it applies one. */
    static final class Applier extends KeyedProcessFunction<String, String, String> {
        private transient EventTimeBuffer<String> buffer;

        @Override
        public void open(OpenContext openContext) {
            buffer = EventTimeBuffer.create(getRuntimeContext(), "buffer", Types.STRING);
        }

        @Override
        public void processElement(String element, Context ctx, Collector<String> out) throws Exception {
            if (!buffer.hold(element, ctx.timestamp(), ctx.timerService())) {
                out.collect(name(element) + "@" + ctx.timestamp() + " at once");
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            for (String element : buffer.release(timestamp)) {
                out.collect(name(element) + "@" + timestamp);
            }
        }

        private static String name(String element) {
            return element.substring(element.indexOf(':') + 1);
        }
    }

    private KeyedOneInputStreamOperatorTestHarness<String, String, String> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new Applier(), e -> e.substring(0, e.indexOf(':')), Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String element, long timestamp) throws Exception {
        harness.processElement(new StreamRecord<>(element, timestamp));
    }

    @Test
    void elementsWaitForTheWatermarkAndComeBackInEventTimeOrder() throws Exception {
        send("a:third", 30);
        send("a:first", 10);
        send("a:second", 20);
        assertThat(harness.extractOutputValues())
                .as("nothing before the watermark")
                .isEmpty();

        harness.processWatermark(new Watermark(20));
        assertThat(harness.extractOutputValues()).containsExactly("first@10", "second@20");
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(harness.extractOutputValues()).containsExactly("first@10", "second@20", "third@30");
    }

    @Test
    void tiesComeBackInArrivalOrder() throws Exception {
        send("a:one", 10);
        send("a:two", 10);
        send("a:three", 10);
        assertThat(harness.numEventTimeTimers()).as("one timer per timestamp").isEqualTo(1);

        harness.processWatermark(new Watermark(10));
        assertThat(harness.extractOutputValues()).containsExactly("one@10", "two@10", "three@10");
    }

    @Test
    void anElementTheWatermarkHasPassedIsAppliedAtOnceNotHeld() throws Exception {
        harness.processWatermark(new Watermark(100));
        send("a:late", 50);
        send("a:on-the-mark", 100);
        send("a:early", 150);

        assertThat(harness.extractOutputValues()).containsExactly("late@50 at once", "on-the-mark@100 at once");
        assertThat(harness.numKeyedStateEntries())
                .as("only the early element is held")
                .isEqualTo(1);
        harness.processWatermark(new Watermark(150));
        assertThat(harness.extractOutputValues()).endsWith("early@150");
    }

    @Test
    void eachKeyHasItsOwnBuffer() throws Exception {
        send("a:a2", 20);
        send("b:b1", 10);
        send("a:a1", 10);

        harness.processWatermark(new Watermark(15));
        assertThat(harness.extractOutputValues()).containsExactlyInAnyOrder("b1@10", "a1@10");
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(harness.extractOutputValues()).endsWith("a2@20");
    }

    @Test
    void stateAndTimersReturnToZero() throws Exception {
        send("a:x", 10);
        send("a:y", 10);
        send("a:z", 20);
        send("b:w", 30);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(3);

        harness.processWatermark(new Watermark(10));
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(harness.extractOutputValues()).hasSize(4);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
