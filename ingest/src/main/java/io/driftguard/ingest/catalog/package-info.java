/**
 * The operation catalog: which mutating calls change which canonical attributes, as data
 * ({@code src/main/resources/catalog/*.yaml}) read by {@link io.driftguard.ingest.catalog.Catalog},
 * and the one rule engine ({@link io.driftguard.ingest.catalog.RuleEvaluator}) the IaC readers share,
 * so calls and declarations produce identical canonical text. See {@code DISCUSSION.md} here.
 */
package io.driftguard.ingest.catalog;
