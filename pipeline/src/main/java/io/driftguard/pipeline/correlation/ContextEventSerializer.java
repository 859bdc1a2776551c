package io.driftguard.pipeline.correlation;

import io.driftguard.core.event.Alert;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Commit;
import io.driftguard.core.event.ContextEvent;
import io.driftguard.core.event.Incident;
import io.driftguard.core.event.SecurityFinding;
import io.driftguard.core.event.Ticket;
import io.driftguard.pipeline.exchange.ExchangeTypeInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link ContextEvent}: one tag byte for its kind, then every field of that record in
 * declaration order, nulls included. Flink hands a sealed interface to Kryo, and the context
 * operator, which receives every context event on every subtask (they are broadcast), spent almost
 * half of its CPU in Kryo's string reading.
 *
 * <p>Strings use Flink's own encoding (null allowed); an instant is a presence byte, then seconds
 * and nanoseconds; a list or map its size (-1 for null) and its strings. The records are immutable
 * (their lists and maps are copies), so {@link #copy(ContextEvent)} returns the record itself.
 *
 * <p>Context events are never kept in state as such (the context operator keeps {@link ContextItem}s
 * with their own serializer), so no savepoint holds this format. It is given to the stream where
 * the events enter the job, {@code ParseFunction.CONTEXT}; the core records stay free of Flink.
 */
public final class ContextEventSerializer extends TypeSerializerSingleton<ContextEvent> {

    private static final long serialVersionUID = 1L;

    public static final ContextEventSerializer INSTANCE = new ContextEventSerializer();

    public static final TypeInformation<ContextEvent> TYPE = new ExchangeTypeInfo<>(ContextEvent.class, INSTANCE);

    private static final byte INCIDENT = 0;
    private static final byte TICKET = 1;
    private static final byte ALERT = 2;
    private static final byte FINDING = 3;
    private static final byte COMMIT = 4;

    private static final Cloud[] CLOUDS = Cloud.values();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    /** An interface has no instance of its own; Flink only asks for one to reuse, which records cannot. */
    @Override
    public ContextEvent createInstance() {
        return null;
    }

    @Override
    public ContextEvent copy(ContextEvent from) {
        return from;
    }

    @Override
    public ContextEvent copy(ContextEvent from, ContextEvent reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ContextEvent e, DataOutputView out) throws IOException {
        if (e instanceof Incident i) {
            out.writeByte(INCIDENT);
            common(e, out);
            StringValue.writeString(i.eventId(), out);
            StringValue.writeString(i.status(), out);
            StringValue.writeString(i.urgency(), out);
            StringValue.writeString(i.priority(), out);
            StringValue.writeString(i.title(), out);
            StringValue.writeString(i.serviceId(), out);
            StringValue.writeString(i.serviceName(), out);
            StringValue.writeString(i.url(), out);
        } else if (e instanceof Ticket t) {
            out.writeByte(TICKET);
            common(e, out);
            StringValue.writeString(t.webhookEvent(), out);
            StringValue.writeString(t.issueType(), out);
            StringValue.writeString(t.priority(), out);
            StringValue.writeString(t.status(), out);
            out.writeBoolean(t.resolved());
            StringValue.writeString(t.summary(), out);
            StringValue.writeString(t.project(), out);
            writeList(t.components(), out);
            writeList(t.labels(), out);
            StringValue.writeString(t.url(), out);
        } else if (e instanceof Alert a) {
            out.writeByte(ALERT);
            common(e, out);
            StringValue.writeString(a.status(), out);
            StringValue.writeString(a.name(), out);
            StringValue.writeString(a.severity(), out);
            writeMap(a.labels(), out);
            writeInstant(a.startsAt(), out);
            writeInstant(a.endsAt(), out);
            StringValue.writeString(a.summary(), out);
            StringValue.writeString(a.url(), out);
        } else if (e instanceof SecurityFinding f) {
            out.writeByte(FINDING);
            common(e, out);
            out.writeByte(f.cloud() == null ? -1 : f.cloud().ordinal());
            StringValue.writeString(f.account(), out);
            StringValue.writeString(f.region(), out);
            StringValue.writeString(f.findingType(), out);
            StringValue.writeString(f.severity(), out);
            StringValue.writeString(f.title(), out);
            writeList(f.resourceIds(), out);
        } else if (e instanceof Commit c) {
            out.writeByte(COMMIT);
            common(e, out);
            StringValue.writeString(c.delivery(), out);
            StringValue.writeString(c.repository(), out);
            StringValue.writeString(c.ref(), out);
            StringValue.writeString(c.author(), out);
            StringValue.writeString(c.message(), out);
            writeList(c.paths(), out);
            StringValue.writeString(c.url(), out);
        } else {
            // the interface is sealed: only a null gets here
            throw new IllegalArgumentException("not a context event: " + e);
        }
    }

    @Override
    public ContextEvent deserialize(DataInputView in) throws IOException {
        byte tag = in.readByte();
        String id = StringValue.readString(in);
        String source = StringValue.readString(in);
        Instant time = readInstant(in);
        switch (tag) {
            case INCIDENT:
                return new Incident(
                        id,
                        source,
                        time,
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in));
            case TICKET:
                return new Ticket(
                        id,
                        source,
                        time,
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        in.readBoolean(),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        readList(in),
                        readList(in),
                        StringValue.readString(in));
            case ALERT:
                return new Alert(
                        id,
                        source,
                        time,
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        readMap(in),
                        readInstant(in),
                        readInstant(in),
                        StringValue.readString(in),
                        StringValue.readString(in));
            case FINDING:
                byte cloud = in.readByte();
                return new SecurityFinding(
                        id,
                        source,
                        time,
                        cloud < 0 ? null : CLOUDS[cloud],
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        readList(in));
            case COMMIT:
                return new Commit(
                        id,
                        source,
                        time,
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        readList(in),
                        StringValue.readString(in));
            default:
                throw new IOException("unknown context event tag " + tag);
        }
    }

    @Override
    public ContextEvent deserialize(ContextEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    /** Only Flink's sorting and spilling copy serialized records; context events take the simple way. */
    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<ContextEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format has no parameters: the snapshot only names the serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ContextEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    private static void common(ContextEvent e, DataOutputView out) throws IOException {
        StringValue.writeString(e.id(), out);
        StringValue.writeString(e.source(), out);
        writeInstant(e.time(), out);
    }

    private static void writeInstant(Instant t, DataOutputView out) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant readInstant(DataInputView in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    private static void writeList(List<String> list, DataOutputView out) throws IOException {
        if (list == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(list.size());
        for (String s : list) {
            StringValue.writeString(s, out);
        }
    }

    private static List<String> readList(DataInputView in) throws IOException {
        int size = in.readInt();
        if (size < 0) {
            return null;
        }
        List<String> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(StringValue.readString(in));
        }
        return list;
    }

    private static void writeMap(Map<String, String> map, DataOutputView out) throws IOException {
        if (map == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(map.size());
        for (Map.Entry<String, String> entry : map.entrySet()) {
            StringValue.writeString(entry.getKey(), out);
            StringValue.writeString(entry.getValue(), out);
        }
    }

    private static Map<String, String> readMap(DataInputView in) throws IOException {
        int size = in.readInt();
        if (size < 0) {
            return null;
        }
        Map<String, String> map = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            map.put(StringValue.readString(in), StringValue.readString(in));
        }
        return map;
    }
}
