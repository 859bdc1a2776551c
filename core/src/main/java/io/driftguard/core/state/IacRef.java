package io.driftguard.core.state;

/**
 * Where a resource is declared.
 *
 * @param source terraform, cloudformation or kubernetes
 * @param address the Terraform address ({@code module.net.aws_security_group.web}), the stack and
 *     logical id ({@code checkout-stack/WebSecurityGroup}), or the manifest file and object
 *     ({@code kubernetes/prod/app.yaml#apps/Deployment/checkout/web})
 * @param path the folder (Terraform, CloudFormation) or file (Kubernetes) of the IaC code relative
 *     to the infrastructure repository's root, as docs/design/replay-contract.md maps it; commits touching it relate to
 *     the resource
 */
public record IacRef(String source, String address, String path) {}
