package io.driftguard.judge.semantics;

import io.driftguard.core.config.Glob;
import java.util.List;

/**
 * The catalog's canonical attribute paths (all four clouds), each with what it is in plain English
 * and which reader interprets its change. First matching row wins, so specific patterns come
 * before general ones. Paths are the ones {@code ingest/src/main/resources/catalog/*.yaml} emit.
 */
final class AttributeTable {

    /** How a changed attribute is interpreted. */
    @FunctionalInterface
    interface Reader {
        void read(Attr attr, Reading reading);

        Reader NONE = (a, r) -> {};
    }

    record Row(Glob pattern, String description, Reader reader) {}

    private static Row row(String pattern, String description, Reader reader) {
        return new Row(Glob.of(pattern), description, reader);
    }

    private static final List<Row> ROWS = List.of(
            // ---- network exposure ----
            row("ingress", "the security group's inbound rules", NetworkRules.ec2Rules(true)),
            row("egress", "the security group's outbound rules", NetworkRules.ec2Rules(false)),
            row("ingress_rule.*", "an inbound rule managed as its own resource", NetworkRules.ec2RuleElement(true)),
            row("egress_rule.*", "an outbound rule managed as its own resource", NetworkRules.ec2RuleElement(false)),
            row(
                    "security_groups",
                    "the instance's security groups",
                    SimpleRules.growth(Meaning.WIDENING, Meaning.TIGHTENING)),
            row("source_ranges", "the firewall rule's source ranges", NetworkRules.sources(false)),
            row(
                    "source_tags",
                    "the firewall rule's source network tags",
                    SimpleRules.growth(Meaning.WIDENING, Meaning.TIGHTENING)),
            row("allow", "the firewall rule's allowed protocols and ports", NetworkRules.allowedPorts()),
            row(
                    "deny",
                    "the firewall rule's denied protocols and ports",
                    SimpleRules.growth(Meaning.TIGHTENING, Meaning.WIDENING)),
            row(
                    "disabled",
                    "whether the firewall rule is disabled",
                    SimpleRules.flag(
                            Meaning.TIGHTENING,
                            Meaning.WIDENING,
                            "firewall rule disabled",
                            "firewall rule re-enabled")),
            row("authorized_networks", "the database's authorised networks", NetworkRules.sources(true)),
            row("access", "whether the NSG rule allows or denies", SimpleRules.ordered(List.of("allow", "deny"))),
            row("source_prefixes", "the NSG rule's source address prefixes", NetworkRules.sources(false)),
            row("destination_ports", "the NSG rule's destination ports", NetworkRules.allowedPorts()),
            row(
                    "rule_names",
                    "the security rules of the network security group",
                    SimpleRules.growth(Meaning.WIDENING, Meaning.TIGHTENING)),
            row(
                    "rule.*",
                    "a security rule managed as its own resource",
                    SimpleRules.elementRemoved(Meaning.TIGHTENING)),
            row(
                    "network_rules.default_action",
                    "the storage account firewall's default action",
                    SimpleRules.ordered(List.of("allow", "deny"))),
            row(
                    "network_acls.default_action",
                    "the key vault firewall's default action",
                    SimpleRules.ordered(List.of("allow", "deny"))),
            row("network_*.ip_rules", "the IP ranges the firewall allows", NetworkRules.sources(false)),
            row(
                    "network_*.subnet_ids",
                    "the subnets the firewall allows",
                    SimpleRules.growth(Meaning.WIDENING, Meaning.TIGHTENING)),
            row(
                    "network_*.bypass",
                    "the services allowed past the firewall",
                    SimpleRules.growth(Meaning.WIDENING, Meaning.TIGHTENING)),
            row("start_ip", "the first address the SQL firewall rule allows", AttributeTable.Reader.NONE),
            row("end_ip", "the last address the SQL firewall rule allows", AttributeTable.Reader.NONE),
            row("spec.type", "the Service type", SimpleRules.ordered(List.of("loadbalancer", "nodeport", "clusterip"))),
            row("spec.ports", "the Service's ports", SimpleRules.growth(Meaning.WIDENING, Meaning.TIGHTENING)),
            row("spec.ingress", "the NetworkPolicy's ingress rules", NetworkRules.networkPolicyIngress()),
            row(
                    "spec.policyTypes",
                    "the NetworkPolicy's policy types",
                    SimpleRules.growth(Meaning.TIGHTENING, Meaning.WIDENING)),
            // ---- storage and access ----
            row("acl", "the bucket ACL", AccessRules.s3Acl()),
            row("policy", "the bucket policy", AccessRules.resourcePolicy()),
            row(
                    "public_access_block.*",
                    "an S3 public access block setting",
                    SimpleRules.flag(
                            Meaning.TIGHTENING,
                            Meaning.STORAGE_PUBLIC,
                            "public access block turned on",
                            "public access block turned off")),
            row(
                    "public_blob_access",
                    "whether blobs may be public",
                    SimpleRules.flag(
                            Meaning.STORAGE_PUBLIC,
                            Meaning.TIGHTENING,
                            "public blob access allowed",
                            "public blob access disallowed")),
            row(
                    "publicly_accessible",
                    "whether the database is publicly accessible",
                    SimpleRules.flag(
                            Meaning.STORAGE_PUBLIC,
                            Meaning.TIGHTENING,
                            "database made publicly accessible",
                            "database made private")),
            row(
                    "uniform_bucket_level_access",
                    "uniform bucket-level access",
                    SimpleRules.flag(Meaning.TIGHTENING, null, "uniform bucket-level access enforced", null)),
            row("iam.*", "an IAM binding", AccessRules.gcpIam()),
            row("managed_policy_arns", "the role's managed policies", AccessRules.managedPolicies()),
            row("managed_policy_arn.*", "a managed policy attachment", AccessRules.managedPolicyElement()),
            row("inline_policy.*", "an inline policy of the role", AccessRules.identityPolicy()),
            row("inline_policy_names", "the role's inline policy names", AccessRules.inlinePolicyNames()),
            row("assume_role_policy", "the role's trust policy", AccessRules.trustPolicy()),
            row("rules", "the role's permission rules", AccessRules.rbacRules()),
            row("subjects", "the binding's subjects", AccessRules.rbacSubjects()),
            row("role_ref", "the role the binding grants", AccessRules.roleRef()),
            row(
                    "metadata.ssh-keys",
                    "the instance's SSH keys",
                    SimpleRules.anyChange(Meaning.NEW_PRINCIPAL_GRANTED, "SSH keys changed")),
            row(
                    "metadata.sshKeys",
                    "the instance's SSH keys",
                    SimpleRules.anyChange(Meaning.NEW_PRINCIPAL_GRANTED, "SSH keys changed")),
            // ---- encryption, keys, logging, backups, protection ----
            row("encryption.sse_algorithm", "default encryption", SimpleRules.encryption()),
            // customer-managed keys: AWS KMS key ids, GCP CMEK key names, Azure Key Vault keys and key source
            row("encryption.key_source", "the encryption key source", SimpleRules.customerKey()),
            row("customer_managed_key*", "the customer-managed encryption key", SimpleRules.customerKey()),
            row("*kms_key*", "the customer-managed (KMS) encryption key", SimpleRules.customerKey()),
            row("*kms_master_key_id", "the customer-managed (KMS) encryption key", SimpleRules.customerKey()),
            row("*encryption_key_name", "the customer-managed encryption key", SimpleRules.customerKey()),
            row("disk_encryption_set_id", "the disk encryption set (customer-managed key)", SimpleRules.customerKey()),
            row(
                    "https_only",
                    "HTTPS-only traffic",
                    SimpleRules.flag(
                            Meaning.TIGHTENING, Meaning.ENCRYPTION_DISABLED, "HTTPS required", "plain HTTP allowed")),
            row("min_tls_version", "the minimum TLS version", SimpleRules.tls()),
            row(
                    "versioning.mfa_delete",
                    "MFA delete",
                    SimpleRules.flag(
                            Meaning.TIGHTENING,
                            Meaning.KEY_PROTECTION_REMOVED,
                            "MFA delete enabled",
                            "MFA delete disabled")),
            row(
                    "purge_protection",
                    "key vault purge protection",
                    SimpleRules.flag(
                            Meaning.TIGHTENING,
                            Meaning.KEY_PROTECTION_REMOVED,
                            "purge protection enabled",
                            "purge protection disabled")),
            row(
                    "soft_delete",
                    "key vault soft delete",
                    SimpleRules.flag(
                            Meaning.TIGHTENING,
                            Meaning.KEY_PROTECTION_REMOVED,
                            "soft delete enabled",
                            "soft delete disabled")),
            row(
                    "soft_delete_retention_days",
                    "key vault soft-delete retention (days)",
                    SimpleRules.lowered(Meaning.BACKUP_RETENTION_LOWERED, "soft-delete retention lowered")),
            row(
                    "logging_enabled",
                    "whether the trail is logging",
                    SimpleRules.flag(
                            Meaning.TIGHTENING,
                            Meaning.AUDIT_LOGGING_DISABLED,
                            "trail logging started",
                            "trail logging stopped")),
            row(
                    "multi_region",
                    "whether the trail logs every region",
                    SimpleRules.flag(
                            Meaning.TIGHTENING,
                            Meaning.AUDIT_LOGGING_DISABLED,
                            "trail made multi-region",
                            "trail no longer logs other regions")),
            row(
                    "log_file_validation",
                    "log file integrity validation",
                    SimpleRules.flag(
                            Meaning.TIGHTENING,
                            Meaning.AUDIT_LOG_VALIDATION_OFF,
                            "log file validation enabled",
                            "log file validation disabled")),
            row(
                    "logging.target_bucket",
                    "the bucket's server access logging target",
                    SimpleRules.presence(
                            Meaning.TIGHTENING,
                            Meaning.AUDIT_LOGGING_DISABLED,
                            "access logging enabled",
                            "access logging disabled")),
            row("logging.*", "the bucket's server access logging", AttributeTable.Reader.NONE),
            row(
                    "versioning.enabled",
                    "versioning",
                    SimpleRules.flag(
                            Meaning.TIGHTENING, Meaning.BACKUP_DISABLED, "versioning enabled", "versioning suspended")),
            row(
                    "backup_enabled",
                    "automated backups",
                    SimpleRules.flag(
                            Meaning.TIGHTENING, Meaning.BACKUP_DISABLED, "backups enabled", "backups disabled")),
            row("backup_retention_period", "backup retention (days)", SimpleRules.backupRetention()),
            row(
                    "deletion_protection",
                    "deletion protection",
                    SimpleRules.flag(
                            Meaning.TIGHTENING,
                            Meaning.DELETION_PROTECTION_OFF,
                            "deletion protection enabled",
                            "deletion protection disabled")),
            row(
                    "disable_api_termination",
                    "termination protection",
                    SimpleRules.flag(
                            Meaning.TIGHTENING,
                            Meaning.DELETION_PROTECTION_OFF,
                            "termination protection enabled",
                            "termination protection disabled")),
            // ---- tags ----
            row("tags.*", "the tag", SimpleRules.tag()),
            row("labels.*", "the label", SimpleRules.tag()),
            row("metadata.labels.*", "the label", SimpleRules.tag()),
            // ---- capacity and size ----
            row("instance_type", "the instance type", CapacityRules.size()),
            row("machine_type", "the machine type", CapacityRules.size()),
            row("instance_class", "the DB instance class", CapacityRules.size()),
            row("tier", "the database tier", CapacityRules.size()),
            row("size", "the VM size", CapacityRules.size()),
            row("sku", "the scale set's VM size", CapacityRules.size()),
            row("desired_capacity", "the desired capacity", CapacityRules.count("desired capacity")),
            row("min_size", "the minimum size", CapacityRules.count("minimum size")),
            row("max_size", "the maximum size", CapacityRules.count("maximum size")),
            row("target_size", "the target size", CapacityRules.count("target size")),
            row("instances", "the instance count", CapacityRules.count("instance count")),
            row("spec.replicas", "the replica count", CapacityRules.count("replicas")),
            row("node_count", "the node count", CapacityRules.count("node count")),
            row("scaling_config.desired_size", "the node group's desired size", CapacityRules.count("desired size")),
            row("scaling_config.min_size", "the node group's minimum size", CapacityRules.count("minimum size")),
            row("scaling_config.max_size", "the node group's maximum size", CapacityRules.count("maximum size")),
            row("memory_size", "the memory (MB)", CapacityRules.count("memory (MB)")),
            row("allocated_storage", "the allocated storage (GiB)", CapacityRules.count("allocated storage (GiB)")),
            row(
                    "spec.template.spec.*.resources.*",
                    "a container's resources",
                    CapacityRules.count("container resources")),
            row("timeout", "the timeout (seconds)", SimpleRules.lowered(Meaning.TIMEOUT_LOWERED, "timeout lowered")),
            // ---- described, no security or capacity meaning ----
            row("spec.template.spec.*.image", "a container image", AttributeTable.Reader.NONE),
            row("spec.template.spec.*.env*", "a container's environment", AttributeTable.Reader.NONE),
            row("data.*", "a ConfigMap key", AttributeTable.Reader.NONE),
            row("environment", "the function's environment variables", AttributeTable.Reader.NONE),
            row("runtime", "the function runtime", AttributeTable.Reader.NONE),
            row("metadata.*", "an instance metadata key", AttributeTable.Reader.NONE),
            row("tags", "the instance's network tags", AttributeTable.Reader.NONE));

    private AttributeTable() {}

    /** Every row's path pattern, in order (the hostile-value tests walk them all). */
    static List<String> patterns() {
        return ROWS.stream().map(r -> r.pattern().pattern()).toList();
    }

    static Row rowFor(String path) {
        for (Row r : ROWS) {
            if (r.pattern().matches(path)) {
                return r;
            }
        }
        return null;
    }

    /** The plain-English name of a path ("the instance type"), or the path itself. */
    static String describe(String path) {
        Row r = rowFor(path);
        return r == null ? path : r.description();
    }
}
