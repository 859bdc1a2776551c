package io.driftguard.pipeline.correlation;

/** Reads by one actor in one scope during one minute. A POJO for Flink's fast serializer. */
public final class ReadBucket {
    public int count;
    public long first;

    public ReadBucket() {}

    ReadBucket(int count, long first) {
        this.count = count;
        this.first = first;
    }
}
