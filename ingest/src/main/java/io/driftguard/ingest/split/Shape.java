package io.driftguard.ingest.split;

/** What an input turned out to hold, for callers that expect a batch. */
public enum Shape {

    /** No JSON value at all: empty or blank. */
    NOTHING,

    /** One value that is not an envelope or array: a single record (or one rejected value). */
    SINGLE,

    /** Records by construction: an envelope, a bare array, or several values (JSON lines). */
    BATCH
}
