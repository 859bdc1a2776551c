package io.driftguard.judge.cause;

import java.util.Locale;

/**
 * A coarse family for a changed attribute path, so the model sees "a capacity change" or "an
 * ingress change" the same way on every cloud. Paths are the catalog's names ({@code
 * desired_capacity}, {@code ingress}, {@code public_access_block.block_public_acls}, {@code
 * spec.replicas}…); matching is by keyword because the same idea is spelled differently per provider.
 */
public enum PathFamily {
    /** How many: replicas, desired/min/max size, node counts. */
    CAPACITY,
    /** How big: instance type or class, machine type, SKU, memory, storage, timeouts. */
    SIZE,
    /** Who may connect: ingress/egress rules, source ranges, authorised networks, firewall rules. */
    NETWORK,
    /** Whether storage is reachable by the public: ACLs, public access blocks, public blob access. */
    STORAGE_ACCESS,
    /** Who may act: policies, role bindings, members, keys. */
    IAM,
    /** Audit and diagnostic logging, monitoring. */
    LOGGING,
    /** Tags and labels. */
    TAGS,
    /** Everything else: settings, environment, encryption, backups, protection flags. */
    CONFIG;

    // Checked in this order: the first family whose keyword occurs in the path wins.
    private static final String[][] KEYWORDS = {
        /* TAGS */ {"tags", "labels", "tag."},
        /* LOGGING */ {"logging", "log_", "logs", "audit", "diagnostic", "flow_log", "monitoring", "trail"},
        /* STORAGE_ACCESS */ {
            "public_access",
            "acl",
            "publicly_accessible",
            "public_blob",
            "public_network",
            "uniform_bucket",
            "allow_blob_public",
            "bucket_policy",
            "public"
        },
        /* IAM */ {
            "policy",
            "iam",
            "role",
            "member",
            "binding",
            "principal",
            "access_key",
            "permission",
            "subjects",
            "service_account"
        },
        /* NETWORK */ {
            "ingress",
            "egress",
            "source_ranges",
            "destination_ranges",
            "authorized_networks",
            "ip_rules",
            "ip_range",
            "cidr",
            "firewall",
            "security_group",
            "network_rules",
            "network_acls",
            "source_prefix",
            "destination_prefix",
            "start_ip",
            "end_ip",
            "allowed",
            "denied",
            "ports",
            "source_tags",
            "target_tags",
            "direction",
            "priority",
            "protocol",
            "security_rule"
        },
        /* CAPACITY */ {
            "replicas",
            "desired_capacity",
            "min_size",
            "max_size",
            "target_size",
            "node_count",
            "capacity",
            "instances",
            "min_replicas",
            "max_replicas",
            "count"
        },
        /* SIZE */ {
            "instance_type",
            "instance_class",
            "machine_type",
            "sku",
            "tier",
            "memory",
            "cpu",
            "allocated_storage",
            "storage_size",
            "disk_size",
            "size",
            "timeout",
            "resources",
            "limits",
            "requests",
            "vm_size",
            "throughput",
            "iops"
        },
    };
    private static final PathFamily[] ORDERED = {TAGS, LOGGING, STORAGE_ACCESS, IAM, NETWORK, CAPACITY, SIZE};

    /** The family of one changed path; never null. */
    public static PathFamily of(String path) {
        if (path == null || path.isEmpty()) {
            return CONFIG;
        }
        String p = path.toLowerCase(Locale.ROOT);
        switch (p) {
            // Bare names the keyword lists cannot take without false hits elsewhere.
            case "allow", "deny", "access", "disabled", "rule_names" -> {
                return NETWORK;
            }
            case "rules", "role_ref" -> {
                return IAM;
            }
            default -> {}
        }
        for (int i = 0; i < ORDERED.length; i++) {
            for (String k : KEYWORDS[i]) {
                if (p.contains(k)) {
                    return ORDERED[i];
                }
            }
        }
        return CONFIG;
    }
}
