package io.driftguard.ingest.catalog;

import io.driftguard.core.event.Cloud;
import java.util.List;

/**
 * One row of the operation catalog: a mutating call and what it does to a kind's attributes.
 *
 * @param table the table file the row came from, for messages
 * @param service the API namespace as {@code AuditEvent.service} carries it
 * @param operation the call as {@code AuditEvent.operation} carries it
 * @param resourceType optional: the row applies only when {@code AuditEvent.resourceType} equals
 *     this (case-insensitive); for APIs whose verb is shared by several resources (Kubernetes)
 * @param kind the default canonical kind of the resource(s)
 * @param id where the resource id is
 * @param rules the attribute rules, run over the request
 * @param readsResponse whether the rules read the response instead of the request
 * @param document optional: a function that builds the document the id and rules read from
 *     {@code {"request": …, "response": …, "resource_id": …}} (an Azure body from either side, a
 *     Kubernetes JSON patch read as a merge patch); null means the request (or response) as is
 */
public record CallRow(
        String table,
        Cloud cloud,
        String service,
        String operation,
        String resourceType,
        String kind,
        IdSpec id,
        List<AttributeRule> rules,
        boolean readsResponse,
        FunctionRegistry.Bound document) {

    /** A row that reads the request or the response as it is. */
    public CallRow(
            String table,
            Cloud cloud,
            String service,
            String operation,
            String resourceType,
            String kind,
            IdSpec id,
            List<AttributeRule> rules,
            boolean readsResponse) {
        this(table, cloud, service, operation, resourceType, kind, id, rules, readsResponse, null);
    }
}
