/**
 * IaC readers: Terraform state, CloudFormation stacks and (to come) Kubernetes manifests into
 * {@link io.driftguard.core.state.DesiredResource}s in the catalog's canonical attributes.
 * {@link io.driftguard.ingest.iac.IacFolderReader} reads a replay {@code iac/} folder;
 * {@link io.driftguard.ingest.iac.IacSourceReader} is the extension point for a new source.
 */
package io.driftguard.ingest.iac;
