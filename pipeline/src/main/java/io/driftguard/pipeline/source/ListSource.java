package io.driftguard.pipeline.source;

import com.fasterxml.jackson.databind.JavaType;
import io.driftguard.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source over values known when the job is built (the declared state a replay reads from
 * {@code iac/}), split into chunks. Values travel as JSON, so any of the project's records works.
 */
public final class ListSource<T>
        implements Source<T, ListSource.Chunk<T>, Collection<ListSource.Chunk<T>>>, ResultTypeQueryable<T> {

    private static final int CHUNK = 1000;

    private final Class<T> type;
    /** The chunks as JSON, so the source ships to task managers whatever {@code T} is. */
    private final List<byte[]> chunks;

    public ListSource(Class<T> type, List<T> values) {
        this.type = type;
        this.chunks = new ArrayList<>();
        ChunkSerializer<T> serializer = new ChunkSerializer<>(type);
        try {
            for (int i = 0; i < values.size(); i += CHUNK) {
                List<T> part = new ArrayList<>(values.subList(i, Math.min(values.size(), i + CHUNK)));
                chunks.add(serializer.serialize(new Chunk<>("chunk-" + i, part, 0)));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("values cannot be written as JSON", e);
        }
    }

    private List<Chunk<T>> chunks() {
        ChunkSerializer<T> serializer = new ChunkSerializer<>(type);
        List<Chunk<T>> out = new ArrayList<>();
        try {
            for (byte[] c : chunks) {
                out.add(serializer.deserialize(1, c));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read back the source's own values", e);
        }
        return out;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<T, Chunk<T>> createReader(SourceReaderContext context) {
        return new IteratorSourceReader<>(context);
    }

    @Override
    public SplitEnumerator<Chunk<T>, Collection<Chunk<T>>> createEnumerator(SplitEnumeratorContext<Chunk<T>> context) {
        return new IteratorSourceEnumerator<>(context, chunks());
    }

    @Override
    public SplitEnumerator<Chunk<T>, Collection<Chunk<T>>> restoreEnumerator(
            SplitEnumeratorContext<Chunk<T>> context, Collection<Chunk<T>> checkpoint) {
        return new IteratorSourceEnumerator<>(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<Chunk<T>> getSplitSerializer() {
        return new ChunkSerializer<>(type);
    }

    @Override
    public SimpleVersionedSerializer<Collection<Chunk<T>>> getEnumeratorCheckpointSerializer() {
        ChunkSerializer<T> one = new ChunkSerializer<>(type);
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(Collection<Chunk<T>> all) throws IOException {
                List<byte[]> parts = new ArrayList<>();
                for (Chunk<T> c : all) {
                    parts.add(one.serialize(c));
                }
                return Json.MAPPER.writeValueAsBytes(parts);
            }

            @Override
            public Collection<Chunk<T>> deserialize(int version, byte[] serialized) throws IOException {
                List<Chunk<T>> out = new ArrayList<>();
                for (byte[] part : Json.MAPPER.readValue(serialized, byte[][].class)) {
                    out.add(one.deserialize(version, part));
                }
                return out;
            }
        };
    }

    /** A run of values and how many of them were already emitted. */
    public static final class Chunk<T> implements IteratorSourceSplit<T, Iterator<T>> {
        final String id;
        final List<T> values;
        final int emitted;
        private transient Counting<T> iterator;

        Chunk(String id, List<T> values, int emitted) {
            this.id = id;
            this.values = values;
            this.emitted = emitted;
        }

        @Override
        public String splitId() {
            return id;
        }

        @Override
        public Iterator<T> getIterator() {
            if (iterator == null) {
                iterator = new Counting<>(values, emitted);
            }
            return iterator;
        }

        @Override
        public IteratorSourceSplit<T, Iterator<T>> getUpdatedSplitForIterator(Iterator<T> it) {
            return new Chunk<>(id, values, ((Counting<T>) it).position);
        }
    }

    private static final class Counting<T> implements Iterator<T> {
        private final List<T> values;
        private int position;

        Counting(List<T> values, int position) {
            this.values = values;
            this.position = position;
        }

        @Override
        public boolean hasNext() {
            return position < values.size();
        }

        @Override
        public T next() {
            return values.get(position++);
        }
    }

    private static final class ChunkSerializer<T> implements SimpleVersionedSerializer<Chunk<T>> {
        private final Class<T> type;

        ChunkSerializer(Class<T> type) {
            this.type = type;
        }

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Chunk<T> c) throws IOException {
            return Json.MAPPER.writeValueAsBytes(new Wire<>(c.id, c.values, c.emitted));
        }

        @Override
        public Chunk<T> deserialize(int version, byte[] serialized) throws IOException {
            JavaType wire = Json.MAPPER.getTypeFactory().constructParametricType(Wire.class, type);
            Wire<T> w = Json.MAPPER.readValue(serialized, wire);
            return new Chunk<>(w.id(), w.values(), w.emitted());
        }
    }

    record Wire<T>(String id, List<T> values, int emitted) {}
}
