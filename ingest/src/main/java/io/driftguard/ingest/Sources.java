package io.driftguard.ingest;

import java.util.List;

/** The input names DriftGuard reads, as used in replay folders, Kafka topic names and metrics. */
public final class Sources {

    public static final String AWS_CLOUDTRAIL = "aws-cloudtrail";
    public static final String AWS_EVENTBRIDGE = "aws-eventbridge";
    public static final String GCP_AUDIT = "gcp-audit";
    public static final String AZURE_ACTIVITY = "azure-activity";
    public static final String K8S_AUDIT = "k8s-audit";
    public static final String GITHUB = "github";
    public static final String GITLAB = "gitlab";
    public static final String PAGERDUTY = "pagerduty";
    public static final String JIRA = "jira";
    public static final String ALERTMANAGER = "alertmanager";
    /** GuardDuty findings arrive through EventBridge; replay reads them from aws-eventbridge. */
    public static final String GUARDDUTY = "guardduty";
    /**
     * Observations of live configuration by {@code driftguard reconcile} (one per declared resource
     * per scan), DriftGuard's own format ({@code reconcile.ScanObservation}).
     */
    public static final String RECONCILE_SCAN = "reconcile-scan";

    public static final List<String> ALL = List.of(
            AWS_CLOUDTRAIL,
            AWS_EVENTBRIDGE,
            GCP_AUDIT,
            AZURE_ACTIVITY,
            K8S_AUDIT,
            GITHUB,
            GITLAB,
            PAGERDUTY,
            JIRA,
            ALERTMANAGER,
            GUARDDUTY,
            RECONCILE_SCAN);

    private Sources() {}
}
