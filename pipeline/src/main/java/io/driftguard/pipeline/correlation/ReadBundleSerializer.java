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
 * Writes a {@link ReadBundle}: the actor, the dictionary of resources and scopes (each once), the
 * number of reads, then per read its time, id hash, whether it had an id and its two dictionary
 * indexes (25 bytes). A read on its own cost its actor, resource and scope as text, often more than
 * a hundred bytes.
 *
 * <p>Bundles are never kept in state, so no savepoint holds this format.
 */
public final class ReadBundleSerializer extends TypeSerializerSingleton<ReadBundle> {

    private static final long serialVersionUID = 1L;

    public static final ReadBundleSerializer INSTANCE = new ReadBundleSerializer();

    public static final TypeInformation<ReadBundle> TYPE = new ExchangeTypeInfo<>(ReadBundle.class, INSTANCE);

    /** Time, id hash, has-id, resource index, scope index. */
    private static final int BYTES_PER_READ = 8 + 8 + 1 + 4 + 4;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public ReadBundle createInstance() {
        return ReadBundle.decoded("", new String[0], 0);
    }

    @Override
    public ReadBundle copy(ReadBundle from) {
        String[] names = new String[from.nameCount];
        System.arraycopy(from.names, 0, names, 0, from.nameCount);
        ReadBundle b = ReadBundle.decoded(from.actor, names, from.size);
        System.arraycopy(from.times, 0, b.times, 0, from.size);
        System.arraycopy(from.idHashes, 0, b.idHashes, 0, from.size);
        System.arraycopy(from.hasIds, 0, b.hasIds, 0, from.size);
        System.arraycopy(from.resources, 0, b.resources, 0, from.size);
        System.arraycopy(from.scopes, 0, b.scopes, 0, from.size);
        return b;
    }

    @Override
    public ReadBundle copy(ReadBundle from, ReadBundle reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ReadBundle b, DataOutputView out) throws IOException {
        StringValue.writeString(b.actor, out);
        out.writeInt(b.nameCount);
        for (int n = 0; n < b.nameCount; n++) {
            StringValue.writeString(b.names[n], out);
        }
        out.writeInt(b.size);
        for (int i = 0; i < b.size; i++) {
            out.writeLong(b.times[i]);
            out.writeLong(b.idHashes[i]);
            out.writeBoolean(b.hasIds[i]);
            out.writeInt(b.resources[i]);
            out.writeInt(b.scopes[i]);
        }
    }

    @Override
    public ReadBundle deserialize(DataInputView in) throws IOException {
        String actor = StringValue.readString(in);
        String[] names = new String[in.readInt()];
        for (int n = 0; n < names.length; n++) {
            names[n] = StringValue.readString(in);
        }
        int size = in.readInt();
        ReadBundle b = ReadBundle.decoded(actor, names, size);
        for (int i = 0; i < size; i++) {
            b.times[i] = in.readLong();
            b.idHashes[i] = in.readLong();
            b.hasIds[i] = in.readBoolean();
            b.resources[i] = in.readInt();
            b.scopes[i] = in.readInt();
        }
        return b;
    }

    @Override
    public ReadBundle deserialize(ReadBundle reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        StringValue.copyString(in, out);
        int names = in.readInt();
        out.writeInt(names);
        for (int n = 0; n < names; n++) {
            StringValue.copyString(in, out);
        }
        int size = in.readInt();
        out.writeInt(size);
        out.write(in, size * BYTES_PER_READ);
    }

    @Override
    public TypeSerializerSnapshot<ReadBundle> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format has no parameters: the snapshot only names the serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ReadBundle> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Attaches {@link #TYPE} to {@link ReadBundle} wherever Flink extracts its type. */
    public static final class Factory extends TypeInfoFactory<ReadBundle> {
        @Override
        public TypeInformation<ReadBundle> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE;
        }
    }
}
