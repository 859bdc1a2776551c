package io.driftguard.ingest.gcp;

/**
 * Turns {@code protoPayload.resourceName} into docs/design/replay-contract.md's full resource name form
 * ({@code projects/P/zones/Z/instances/N}, {@code projects/_/buckets/B}): URL and
 * {@code //service.googleapis.com/} prefixes are dropped, and names some services write relative to
 * the project ({@code managedZones/z}, Cloud SQL's {@code instances/i}) get the project prefix.
 */
public final class GcpResourceNames {

    private GcpResourceNames() {}

    public static String normalize(String resourceName, String project) {
        if (resourceName == null || resourceName.isEmpty()) {
            return null;
        }
        String name = resourceName;
        if (name.startsWith("https://") || name.startsWith("http://")) {
            int p = name.indexOf("/projects/");
            if (p < 0) {
                return name;
            }
            name = name.substring(p + 1);
        } else if (name.startsWith("//")) {
            int slash = name.indexOf('/', 2);
            if (slash < 0) {
                return name;
            }
            name = name.substring(slash + 1);
        }
        if (name.startsWith("projects/")
                || name.startsWith("organizations/")
                || name.startsWith("folders/")
                || name.startsWith("billingAccounts/")) {
            return name;
        }
        return project == null ? name : "projects/" + project + "/" + name;
    }

    /** The project of a log name ({@code projects/P/logs/...}), or the org / folder as {@code organizations/N}. */
    public static String scopeOfLogName(String logName) {
        if (logName == null) {
            return null;
        }
        int first = logName.indexOf('/');
        if (first < 0) {
            return null;
        }
        int second = logName.indexOf('/', first + 1);
        String id = second < 0 ? logName.substring(first + 1) : logName.substring(first + 1, second);
        return logName.startsWith("projects/") ? id : logName.substring(0, first + 1) + id;
    }
}
