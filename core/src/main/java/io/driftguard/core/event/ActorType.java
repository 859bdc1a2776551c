package io.driftguard.core.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Who made a call, as docs/design/taxonomy.md classifies it.
 *
 * <p>{@code DEPLOY} is an IaC deploy identity (Terraform, CloudFormation, a GitOps controller or a
 * configured CI identity); its changes update the declared state and never count as drift. In
 * findings it is reported as {@code service}, since docs/design/replay-contract.md's actor types stop there.
 */
public enum ActorType {
    HUMAN,
    AUTOMATION,
    SERVICE,
    DEPLOY,
    UNKNOWN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ActorType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The type as a finding reports it (human, automation, service, unknown). */
    public String findingType() {
        return this == DEPLOY ? "service" : wireName();
    }
}
