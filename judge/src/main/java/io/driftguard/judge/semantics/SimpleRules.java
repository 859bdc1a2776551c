package io.driftguard.judge.semantics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/** Readers for one-attribute meanings: flags, ordered values, thresholds, sets, tags, encryption. */
final class SimpleRules {

    private SimpleRules() {}

    /**
     * A boolean: turned on means {@code whenTrue}, turned off {@code whenFalse} (either may be null).
     * A known removed value counts as false (the provider default of every flag the catalog reads).
     */
    static AttributeTable.Reader flag(Meaning whenTrue, Meaning whenFalse, String trueDetail, String falseDetail) {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            Boolean d = Attr.bool(a.desired());
            Boolean v = Attr.bool(a.actual());
            boolean before = d != null && d;
            boolean after = v != null && v;
            if (before == after) {
                return;
            }
            Meaning m = after ? whenTrue : whenFalse;
            if (m != null) {
                r.observe(m, a.path(), after ? trueDetail : falseDetail);
            }
        };
    }

    /**
     * A value from a list ordered from most open to most closed ({@code allow, deny}): moving right
     * tightens, moving left widens. Values outside the list mean nothing.
     */
    static AttributeTable.Reader ordered(List<String> openToClosed) {
        return (a, r) -> {
            String d = Attr.text(a.desired());
            String v = Attr.text(a.actual());
            if (d == null || v == null) {
                return;
            }
            int from = openToClosed.indexOf(d.toLowerCase(Locale.ROOT));
            int to = openToClosed.indexOf(v.toLowerCase(Locale.ROOT));
            if (from < 0 || to < 0 || from == to) {
                return;
            }
            r.observe(to > from ? Meaning.TIGHTENING : Meaning.WIDENING, a.path(), a.path() + " " + d + " -> " + v);
        };
    }

    /** A set: added elements mean {@code added}, removed ones {@code removed}. */
    static AttributeTable.Reader growth(Meaning added, Meaning removed) {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            if (added != null) {
                for (JsonNode e : Attr.minus(a.actual(), a.desired())) {
                    r.observe(added, a.path(), "added " + Values.show(e) + " to " + a.path());
                }
            }
            if (removed != null) {
                for (JsonNode e : Attr.minus(a.desired(), a.actual())) {
                    r.observe(removed, a.path(), "removed " + Values.show(e) + " from " + a.path());
                }
            }
        };
    }

    /** A declared element path ({@code rule.<name> = true}) that is gone. */
    static AttributeTable.Reader elementRemoved(Meaning m) {
        return (a, r) -> {
            if (a.known() && a.desiredPresent() && !a.actualPresent()) {
                r.observe(m, a.path(), "removed " + a.path());
            }
        };
    }

    /** A number whose decrease means {@code m}. */
    static AttributeTable.Reader lowered(Meaning m, String detail) {
        return (a, r) -> {
            Double d = Attr.number(a.desired());
            Double v = Attr.number(a.actual());
            if (d != null && v != null && v < d) {
                r.observe(m, a.path(), detail + " from " + fmt(d) + " to " + fmt(v));
            }
        };
    }

    /** Backup retention: lower means retention lowered, zero means backups disabled too. */
    static AttributeTable.Reader backupRetention() {
        return (a, r) -> {
            Double d = Attr.number(a.desired());
            Double v = Attr.number(a.actual());
            if (d == null || v == null || v >= d) {
                return;
            }
            r.observe(
                    Meaning.BACKUP_RETENTION_LOWERED,
                    a.path(),
                    "backup retention lowered from " + fmt(d) + " to " + fmt(v) + " days");
            if (v == 0) {
                r.observe(Meaning.BACKUP_DISABLED, a.path(), "automated backups disabled (retention 0)");
            }
        };
    }

    /** A value whose appearance means {@code set} and whose disappearance means {@code unset}. */
    static AttributeTable.Reader presence(Meaning set, Meaning unset, String setDetail, String unsetDetail) {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            if (!a.desiredPresent() && a.actualPresent()) {
                r.observe(set, a.path(), setDetail);
            } else if (a.desiredPresent() && !a.actualPresent()) {
                r.observe(unset, a.path(), unsetDetail);
            }
        };
    }

    /** Any change (including an unknown new value) means {@code m}. */
    static AttributeTable.Reader anyChange(Meaning m, String detail) {
        return (a, r) -> {
            if (!a.known() || a.actualPresent()) {
                r.observe(m, a.path(), detail);
            }
        };
    }

    /**
     * Default encryption (S3 {@code encryption.sse_algorithm}): gone means disabled; appearing or
     * moving to KMS tightens; moving from a KMS key to provider-managed keys ({@code AES256}, what
     * {@code DeleteBucketEncryption} leaves) removes key protection: the owner can no longer
     * revoke, audit or rotate the key that guards the data.
     */
    static AttributeTable.Reader encryption() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            String d = off(Attr.text(a.desired()));
            String v = off(Attr.text(a.actual()));
            if (d != null && v == null) {
                r.observe(Meaning.ENCRYPTION_DISABLED, a.path(), "default encryption " + d + " removed");
            } else if (d == null && v != null) {
                r.observe(Meaning.TIGHTENING, a.path(), "default encryption " + v + " enabled");
            } else if (d != null && !d.contains("kms") && v.contains("kms")) {
                r.observe(Meaning.TIGHTENING, a.path(), "encryption moved from " + d + " to " + v);
            } else if (d != null && d.contains("kms") && !v.contains("kms")) {
                r.observe(
                        Meaning.KEY_PROTECTION_REMOVED,
                        a.path(),
                        "KMS key encryption (" + d + ") replaced by provider-managed keys (" + v + ")");
            }
        };
    }

    /** Values that mean "the provider's own key" rather than a key the customer manages. */
    private static boolean providerManaged(String v) {
        String t = v.toLowerCase(Locale.ROOT);
        return t.isEmpty()
                || t.equals("aes256")
                || t.startsWith("alias/aws/")
                || t.equals("microsoft.storage")
                || t.equals("platformmanagedkey")
                || t.equals("encryptionatrestwithplatformkey")
                || t.startsWith("google")
                || t.equals("provider")
                || t.equals("none");
    }

    /**
     * A customer-managed key reference (AWS KMS key id, GCP CMEK key name, Azure Key Vault key or
     * key source): a declared customer key replaced by the provider's own (or removed) is key
     * protection removed; a customer key where the provider's was declared tightens; one customer
     * key for another means nothing here.
     */
    static AttributeTable.Reader customerKey() {
        return (a, r) -> {
            if (!a.known()) {
                return;
            }
            String d = Attr.text(a.desired());
            String v = Attr.text(a.actual());
            boolean before = d != null && !providerManaged(d) && !d.equalsIgnoreCase("false");
            boolean after = v != null && !providerManaged(v) && !v.equalsIgnoreCase("false");
            if (Attr.bool(a.desired()) != null || Attr.bool(a.actual()) != null) {
                before = Boolean.TRUE.equals(Attr.bool(a.desired()));
                after = Boolean.TRUE.equals(Attr.bool(a.actual()));
            }
            if (before && !after) {
                r.observe(
                        Meaning.KEY_PROTECTION_REMOVED,
                        a.path(),
                        "customer-managed key " + Values.show(a.desired()) + " replaced by provider-managed encryption"
                                + (v == null ? "" : " (" + v + ")"));
            } else if (!before && after) {
                r.observe(Meaning.TIGHTENING, a.path(), "customer-managed key " + Values.show(a.actual()) + " set");
            }
        };
    }

    /** The minimum TLS version: lower weakens encryption in transit, higher tightens. */
    static AttributeTable.Reader tls() {
        return (a, r) -> {
            double d = tlsVersion(Attr.text(a.desired()));
            double v = tlsVersion(Attr.text(a.actual()));
            if (d < 0 || v < 0 || d == v) {
                return;
            }
            r.observe(
                    v < d ? Meaning.TLS_WEAKENED : Meaning.TIGHTENING,
                    a.path(),
                    "minimum TLS version " + Attr.text(a.desired()) + " -> " + Attr.text(a.actual()));
        };
    }

    /** A tag or label: a declared key removed, or its value changed. */
    static AttributeTable.Reader tag() {
        return (a, r) -> {
            String key = a.path().substring(a.path().indexOf('.', a.path().startsWith("metadata.") ? 9 : 0) + 1);
            if (a.known() && a.desiredPresent() && !a.actualPresent()) {
                r.observe(Meaning.REQUIRED_TAG_REMOVED, a.path(), "declared tag " + key + " removed");
            } else {
                r.observe(
                        Meaning.OTHER_TAG_CHANGE,
                        a.path(),
                        "tag " + key + " " + Values.show(a.desired()) + " -> "
                                + (a.known() ? Values.show(a.actual()) : "unknown"));
            }
        };
    }

    static double tlsVersion(String t) {
        if (t == null) {
            return -1;
        }
        StringBuilder digits = new StringBuilder();
        for (char c : t.toCharArray()) {
            if (Values.isAsciiDigit(c)) {
                digits.append(c);
            }
        }
        if (digits.length() < 2) {
            return -1;
        }
        return Double.parseDouble(digits.charAt(0) + "." + digits.substring(1));
    }

    private static String off(String v) {
        if (v == null) {
            return null;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        return t.isEmpty() || t.equals("none") || t.equals("false") || t.equals("disabled") ? null : t;
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
