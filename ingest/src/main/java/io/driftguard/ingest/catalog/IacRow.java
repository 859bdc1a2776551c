package io.driftguard.ingest.catalog;

import java.util.List;

/**
 * One row of an IaC mapping table: how an IaC resource type declares a canonical kind.
 *
 * @param source {@code terraform}, {@code cloudformation} or {@code kubernetes}
 * @param type the IaC type ({@code aws_security_group}, {@code AWS::EC2::SecurityGroup})
 * @param kind the canonical kind the type declares (the key's resource may be another IaC
 *     resource's, as for {@code aws_security_group_rule})
 * @param id where the resource id is; for CloudFormation, null means the physical id
 * @param rules attribute rules run over the state attributes or resolved template properties
 * @param primary whether this type is the resource itself rather than a part of it (a rule, a
 *     policy attachment): when several IaC resources share a key, the primary names it
 * @param each optional: the rules run once per element of this array (an Azure NSG's inline
 *     {@code security_rule} blocks, each its own rule resource); the element is the document, with
 *     the IaC resource's own attributes under {@code $parent}
 */
public record IacRow(
        String table,
        String source,
        String type,
        String kind,
        IdSpec id,
        List<AttributeRule> rules,
        boolean primary,
        com.fasterxml.jackson.core.JsonPointer each) {

    public IacRow(
            String table,
            String source,
            String type,
            String kind,
            IdSpec id,
            List<AttributeRule> rules,
            boolean primary) {
        this(table, source, type, kind, id, rules, primary, null);
    }
}
