package io.driftguard.pipeline.sequence;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** A CEP operator for one of the patterns, in event time, with late events on {@link SequenceDetection#LATE}. */
final class SequenceHarness {

    private SequenceHarness() {}

    static KeyedOneInputStreamOperatorTestHarness<String, SequenceEvent, SequenceMatch> of(
            Pattern<SequenceEvent, ?> pattern, String name, boolean byActor) throws Exception {
        CepOperator<SequenceEvent, String, SequenceMatch> op = new CepOperator<>(
                TypeInformation.of(SequenceEvent.class).createSerializer(new SerializerConfigImpl()),
                false,
                NFACompiler.compileFactory(pattern, false),
                null,
                pattern.getAfterMatchSkipStrategy(),
                new SequenceMatchFunction(name, byActor),
                SequenceDetection.LATE);
        KeySelector<SequenceEvent, String> key = byActor ? SequenceEvent::actor : SequenceEvent::service;
        KeyedOneInputStreamOperatorTestHarness<String, SequenceEvent, SequenceMatch> h =
                new KeyedOneInputStreamOperatorTestHarness<>(op, key, Types.STRING);
        h.open();
        return h;
    }
}
