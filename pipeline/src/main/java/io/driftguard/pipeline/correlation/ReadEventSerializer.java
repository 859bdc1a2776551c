package io.driftguard.pipeline.correlation;

import io.driftguard.pipeline.exchange.ExchangeTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link ReadEvent} field by field: its three strings (any may be null; a List call names
 * no resource) in Flink's own string encoding, then the time, the id hash and whether there was an
 * id. Reads go from the parse operator to {@link ReadBundler} through the operator chain, where
 * nothing is serialized; this is the format when they are not chained (chaining turned off), where
 * Flink's POJO serializer spent a quarter of the read-activity operator's CPU through reflection.
 *
 * <p>Reads are never kept in state (the read-activity operator keeps counts and id hashes), so no
 * savepoint holds this format; {@link #TYPE} is attached to the class by {@link Factory}.
 */
public final class ReadEventSerializer extends TypeSerializerSingleton<ReadEvent> {

    private static final long serialVersionUID = 1L;

    public static final ReadEventSerializer INSTANCE = new ReadEventSerializer();

    public static final TypeInformation<ReadEvent> TYPE = new ExchangeTypeInfo<>(ReadEvent.class, INSTANCE);

    /** Long time, long id hash, boolean has-id. */
    private static final int FIXED_BYTES = 8 + 8 + 1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public ReadEvent createInstance() {
        return new ReadEvent();
    }

    @Override
    public ReadEvent copy(ReadEvent from) {
        return copy(from, new ReadEvent());
    }

    @Override
    public ReadEvent copy(ReadEvent from, ReadEvent reuse) {
        reuse.actor = from.actor;
        reuse.resource = from.resource;
        reuse.scope = from.scope;
        reuse.time = from.time;
        reuse.idHash = from.idHash;
        reuse.hasId = from.hasId;
        return reuse;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ReadEvent r, DataOutputView out) throws IOException {
        StringValue.writeString(r.actor, out);
        StringValue.writeString(r.resource, out);
        StringValue.writeString(r.scope, out);
        out.writeLong(r.time);
        out.writeLong(r.idHash);
        out.writeBoolean(r.hasId);
    }

    @Override
    public ReadEvent deserialize(DataInputView in) throws IOException {
        return deserialize(new ReadEvent(), in);
    }

    @Override
    public ReadEvent deserialize(ReadEvent reuse, DataInputView in) throws IOException {
        reuse.actor = StringValue.readString(in);
        reuse.resource = StringValue.readString(in);
        reuse.scope = StringValue.readString(in);
        reuse.time = in.readLong();
        reuse.idHash = in.readLong();
        reuse.hasId = in.readBoolean();
        return reuse;
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        StringValue.copyString(in, out);
        StringValue.copyString(in, out);
        StringValue.copyString(in, out);
        out.write(in, FIXED_BYTES);
    }

    @Override
    public TypeSerializerSnapshot<ReadEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format has no parameters: the snapshot only names the serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ReadEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Attaches {@link #TYPE} to {@link ReadEvent} wherever Flink extracts its type. */
    public static final class Factory extends TypeInfoFactory<ReadEvent> {
        @Override
        public TypeInformation<ReadEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE;
        }
    }
}
