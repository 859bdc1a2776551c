package io.driftguard.ingest.catalog.gcp;

/**
 * GCP resource names in the form the audit parser reports them ({@code projects/P/zones/Z/instances/N},
 * {@code projects/_/buckets/B}, {@code projects/P}), from what Terraform state holds: self links
 * ({@code https://www.googleapis.com/compute/v1/projects/…}, {@code https://sqladmin.googleapis.com/sql/v1beta4/projects/…}),
 * relative ids, bare bucket names or {@code b/<bucket>}, bare project ids.
 */
public final class GcpNames {

    private GcpNames() {}

    /** From the first {@code projects/} segment on, without a query; null for null or blank input. */
    public static String resourceName(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim();
        int q = t.indexOf('?');
        if (q >= 0) {
            t = t.substring(0, q);
        }
        if (t.startsWith("projects/")) {
            return t;
        }
        int p = t.indexOf("/projects/");
        return p >= 0 ? t.substring(p + 1) : t;
    }

    public static String bucket(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim();
        int at = t.indexOf("/buckets/");
        if (at >= 0) {
            t = t.substring(at + "/buckets/".length());
        } else if (t.startsWith("b/")) {
            t = t.substring(2);
        } else if (t.startsWith("gs://")) {
            t = t.substring(5);
        } else {
            int b = t.indexOf("/b/");
            if (b >= 0) {
                t = t.substring(b + 3);
            }
        }
        int slash = t.indexOf('/');
        if (slash >= 0) {
            t = t.substring(0, slash);
        }
        return t.isEmpty() ? null : "projects/_/buckets/" + t;
    }

    public static String project(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = resourceName(s);
        if (t.startsWith("projects/")) {
            int next = t.indexOf('/', "projects/".length());
            return next < 0 ? t : t.substring(0, next);
        }
        return "projects/" + t;
    }

    public static String lastSegment(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim();
        int q = t.indexOf('?');
        if (q >= 0) {
            t = t.substring(0, q);
        }
        return t.substring(t.lastIndexOf('/') + 1);
    }
}
