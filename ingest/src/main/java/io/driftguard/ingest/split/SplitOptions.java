package io.driftguard.ingest.split;

import java.util.Locale;

/**
 * How an {@link EnvelopeSplitter} reads its input and what it does with bad input. Every caller
 * states all four choices:
 *
 * <table>
 *   <caption>who uses which</caption>
 *   <tr><th>caller</th><th>layout</th><th>output</th><th>on bad input</th><th>non-objects</th></tr>
 *   <tr><td>replay ({@code ReplayFileReader}): records go to the parse operator, which parses each once</td>
 *       <td>{@link Layout#ofFileName by file name}</td><td>{@link Output#SLICES}</td>
 *       <td>{@link OnBadInput#KEEP_PARTIAL}</td><td>{@link NonObjects#PASS_ON}</td></tr>
 *   <tr><td>connectors ({@code Forwarder}): records are published unchanged, keyed by their content; a
 *       payload is acknowledged upstream as a whole</td>
 *       <td>{@link Layout#DETECT}</td><td>{@link Output#SLICES_AND_TREES}</td>
 *       <td>{@link OnBadInput#ALL_OR_NOTHING}</td><td>{@link NonObjects#REJECT}</td></tr>
 *   <tr><td>tests and tools that parse samples ({@link #trees()}, e.g. {@code SamplesAccess})</td>
 *       <td>{@link Layout#DETECT}</td><td>{@link Output#TREES}</td>
 *       <td>{@link OnBadInput#KEEP_PARTIAL}</td><td>{@link NonObjects#PASS_ON}</td></tr>
 * </table>
 */
public record SplitOptions(Layout layout, Output output, OnBadInput onBadInput, NonObjects nonObjects) {

    /** Whether the input is JSON lines or a document. */
    public enum Layout {
        /**
         * JSON lines when the first non-blank line is, by itself, one complete JSON object or array
         * and more follows it; otherwise a document. A single line is a document.
         */
        DETECT,
        /** One value per line; positions name lines ({@code :5}). Blank lines are skipped but counted. */
        LINES,
        /** One or more JSON values one after another; positions count records ({@code #3}). */
        DOCUMENT;

        /** {@link #LINES} for {@code .jsonl}, {@code .ndjson} (optionally {@code .gz}), else {@link #DOCUMENT}. */
        public static Layout ofFileName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".gz")) {
                n = n.substring(0, n.length() - 3);
            }
            return n.endsWith(".jsonl") || n.endsWith(".ndjson") ? LINES : DOCUMENT;
        }
    }

    /** What each record is delivered as. */
    public enum Output {
        /**
         * The record's exact bytes, cut out of the input at the tokenizer's offsets (a document) or
         * at newlines (JSON lines, which are then not read at all: whoever parses the record judges
         * it). Needs the input in memory.
         */
        SLICES,
        /** The record parsed into a Jackson tree; the input may be streamed. */
        TREES,
        /** Both, from one pass. */
        SLICES_AND_TREES;

        boolean slices() {
            return this != TREES;
        }

        boolean trees() {
            return this != SLICES;
        }
    }

    /** What happens to good records when the input turns out to be malformed, truncated or unreadable. */
    public enum OnBadInput {
        /**
         * The records before the problem are delivered, then a rejection that says how many were
         * kept; a malformed JSON line costs only that line.
         */
        KEEP_PARTIAL,
        /**
         * Nothing is delivered but one rejection for the problem. The sink hears of records only once
         * the whole input has been read. Values that are not objects are still rejected one by one.
         */
        ALL_OR_NOTHING
    }

    /** What happens to an element of an envelope or array that is not a JSON object. */
    public enum NonObjects {
        /** Delivered as a record, for the parser to judge with its source-specific reason. */
        PASS_ON,
        /** Rejected here, with its bytes, as {@link Problem#NOT_AN_OBJECT}. */
        REJECT
    }

    public SplitOptions {
        if (layout == null || output == null || onBadInput == null || nonObjects == null) {
            throw new IllegalArgumentException("every split option must be given");
        }
    }

    /** Trees of whatever the input holds, keeping the good records of a damaged input. */
    public static SplitOptions trees() {
        return new SplitOptions(Layout.DETECT, Output.TREES, OnBadInput.KEEP_PARTIAL, NonObjects.PASS_ON);
    }
}
