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
 * @param excerpt the declaring block's lines in the file that holds it, when the reader saw that
 *     file (codify patches are written against it); null otherwise
 */
public record IacRef(String source, String address, String path, SourceExcerpt excerpt) {

    public IacRef(String source, String address, String path) {
        this(source, address, path, null);
    }

    public IacRef withExcerpt(SourceExcerpt value) {
        return new IacRef(source, address, path, value);
    }
}
