package io.driftguard.models.scenario.driver;

import io.driftguard.core.event.Cloud;
import java.util.Locale;

/** The rows of docs/design/catalog-format.md, one per provider call family, so labels can say which row a case exercises. */
public enum CatalogRow {
    AWS_EC2_SECURITY_GROUP_RULES(Cloud.AWS, true),
    AWS_EC2_MODIFY_INSTANCE_ATTRIBUTE(Cloud.AWS, true),
    AWS_EC2_TAGS(Cloud.AWS, true),
    AWS_S3_ACCESS(Cloud.AWS, true),
    AWS_S3_CONFIGURATION(Cloud.AWS, true),
    AWS_RDS_MODIFY_DB_INSTANCE(Cloud.AWS, true),
    AWS_LAMBDA_CONFIGURATION(Cloud.AWS, true),
    AWS_IAM_ROLE_POLICIES(Cloud.AWS, true),
    AWS_AUTOSCALING_GROUP(Cloud.AWS, true),
    AWS_CLOUDTRAIL_TRAIL(Cloud.AWS, true),
    GCP_COMPUTE_FIREWALL(Cloud.GCP, false),
    GCP_COMPUTE_INSTANCE(Cloud.GCP, false),
    GCP_STORAGE_BUCKET(Cloud.GCP, false),
    GCP_PROJECT_IAM(Cloud.GCP, false),
    GCP_CLOUDSQL_INSTANCE(Cloud.GCP, false),
    GCP_INSTANCE_GROUP_MANAGER(Cloud.GCP, false),
    AZURE_NSG_RULES(Cloud.AZURE, false),
    AZURE_VIRTUAL_MACHINE(Cloud.AZURE, false),
    AZURE_VM_SCALE_SET(Cloud.AZURE, false),
    AZURE_STORAGE_ACCOUNT(Cloud.AZURE, false),
    AZURE_SQL_FIREWALL_RULE(Cloud.AZURE, false),
    AZURE_KEY_VAULT(Cloud.AZURE, false),
    K8S_WORKLOADS(Cloud.KUBERNETES, false),
    K8S_CONFIGMAPS(Cloud.KUBERNETES, false),
    K8S_NETWORK_POLICIES(Cloud.KUBERNETES, false),
    K8S_SERVICES(Cloud.KUBERNETES, false),
    K8S_RBAC(Cloud.KUBERNETES, false);

    private final Cloud cloud;
    private final boolean cloudFormation;

    CatalogRow(Cloud cloud, boolean cloudFormation) {
        this.cloud = cloud;
        this.cloudFormation = cloudFormation;
    }

    public Cloud cloud() {
        return cloud;
    }

    /** Whether docs/design/catalog-format.md names a CloudFormation type for this row (then both IaC sources must be covered). */
    public boolean cloudFormation() {
        return cloudFormation;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
