package io.driftguard.pipeline.episode;

import io.driftguard.core.event.Actor;
import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.AuditEvent;
import io.driftguard.core.event.Cloud;
import io.driftguard.core.event.Outcome;
import io.driftguard.core.state.AttributeChange;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.state.ResourceKey;
import io.driftguard.pipeline.parse.ChangeRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builders for the inputs of the episode operator, in the shapes the catalog produces. */
final class Changes {

    static final String SG = "sg-0a1b2c3d4e5f60718";
    static final String KEY = ResourceKey.of(Cloud.AWS, SG);
    static final String HTTPS = "[{\"cidr\":\"0.0.0.0/0\",\"from_port\":443,\"protocol\":\"tcp\",\"to_port\":443}]";
    static final String SSH = "[{\"cidr\":\"0.0.0.0/0\",\"from_port\":22,\"protocol\":\"tcp\",\"to_port\":22}]";
    static final String RDP = "[{\"cidr\":\"0.0.0.0/0\",\"from_port\":3389,\"protocol\":\"tcp\",\"to_port\":3389}]";

    static final Actor JANE =
            new Actor("arn:aws:iam::111122223333:role/oncall/jane", ActorType.HUMAN, "jane", List.of());
    static final Actor TERRAFORM =
            new Actor("arn:aws:iam::111122223333:role/terraform-ci/run-7", ActorType.DEPLOY, "terraform", List.of());

    private Changes() {}

    static DesiredResource securityGroup() {
        return new DesiredResource(
                KEY,
                Cloud.AWS,
                "111122223333",
                SG,
                "aws_security_group",
                new IacRef("terraform", "aws_security_group.web", "terraform/aws-prod/web/"),
                Map.of("ingress", HTTPS, "tags.Owner", "\"payments\""),
                Map.of());
    }

    static ChangeRecord change(String eventId, Actor actor, String time, AttributeChange... changes) {
        return record(eventId, actor, time, Outcome.SUCCESS, null, changes);
    }

    static ChangeRecord record(
            String eventId,
            Actor actor,
            String time,
            Outcome outcome,
            String correlationId,
            AttributeChange... changes) {
        AuditEvent e = new AuditEvent(
                eventId,
                "aws-cloudtrail",
                Cloud.AWS,
                "111122223333",
                "eu-west-1",
                "ec2.amazonaws.com",
                "AuthorizeSecurityGroupIngress",
                null,
                SG,
                false,
                outcome,
                null,
                actor,
                "aws-cli/2.15",
                "203.0.113.7",
                Instant.parse(time),
                null,
                null,
                correlationId,
                false);
        return new ChangeRecord(e, KEY, SG, "AWS::EC2::SecurityGroup", List.of(changes));
    }

    static AttributeChange add(String path, String value) {
        return new AttributeChange(path, AttributeChange.Op.ADD, value);
    }

    static AttributeChange remove(String path, String value) {
        return new AttributeChange(path, AttributeChange.Op.REMOVE, value);
    }
}
