package io.driftguard.models.scenario.world;

/** Who performs a call, as far as the generator needs to render the provider's identity block. */
public enum ActorKind {
    HUMAN,
    /** A cron job or hand-written tool running with its own credentials: not IaC, not cloud automation. */
    SCRIPT,
    TERRAFORM,
    CLOUDFORMATION,
    ARGOCD,
    AWS_AUTOSCALING,
    TAG_ENFORCER,
    GCP_SERVICE_AGENT,
    AZURE_AUTOMATION,
    K8S_HPA,
    /** Background controllers and monitoring integrations that only read. */
    READER_BOT
}
