package io.driftguard.models.scenario.world;

/**
 * A principal the generator renders into each provider's identity fields.
 *
 * @param name a short display name (SSO session name, service account, script name)
 * @param email a corporate e-mail (humans), or null
 * @param ip the address calls come from
 * @param permissionSet the AWS IAM Identity Center permission set a human signs in with
 * @param security whether this is a security principal (by name and by configuration)
 */
public record Actor(ActorKind kind, String name, String email, String ip, String permissionSet, boolean security) {

    public boolean human() {
        return kind == ActorKind.HUMAN;
    }
}
