package io.driftguard.ingest.split;

/**
 * The wrappers providers put around a batch of records. This is the only place that decides whether
 * an object is a batch or a record.
 *
 * <p>{@code Records} and {@code records} are envelopes whenever they hold an array: no provider
 * record has a top-level field of either name. {@code items} is different: EC2 wraps every list in
 * {@code {"items": [...]}}, so the name alone says nothing. A top-level {@code items} array is an
 * envelope only when the object's {@code kind} is a string ending in {@code List} (the Kubernetes
 * convention: {@code EventList} from the audit webhook backend, {@code List} from {@code kubectl get
 * -o json}); {@code kind} may come before or after {@code items}. Any other object with an
 * {@code items} array, including a Kubernetes {@code Event}, is one record.
 */
public enum Envelope {

    /** A CloudTrail log file, as CloudTrail delivers it to S3. */
    CLOUDTRAIL_LOG_FILE("Records", "{\"Records\":[...]}"),

    /** Azure Activity Log exported by a diagnostic setting to Event Hubs or a storage account. */
    AZURE_RECORDS("records", "{\"records\":[...]}"),

    /** A Kubernetes list; the audit webhook backend posts {@code EventList}s. */
    KUBERNETES_LIST("items", "{\"kind\":\"EventList\",\"items\":[...]}");

    private final String field;
    private final String example;

    Envelope(String field, String example) {
        this.field = field;
        this.example = example;
    }

    /** The name of the field that holds the records array. */
    public String field() {
        return field;
    }

    /** The envelope's shape, for messages. */
    public String example() {
        return example;
    }

    /** The envelope whose records array has this field name, or null. */
    static Envelope ofField(String name) {
        return switch (name) {
            case "Records" -> CLOUDTRAIL_LOG_FILE;
            case "records" -> AZURE_RECORDS;
            case "items" -> KUBERNETES_LIST;
            default -> null;
        };
    }

    /** Whether an array in {@link #field()} is this envelope's records, given the object's {@code kind} (or null). */
    boolean holdsRecords(String kind) {
        return this != KUBERNETES_LIST || isListKind(kind);
    }

    static boolean isListKind(String kind) {
        return kind != null && kind.endsWith("List");
    }
}
