package io.driftguard.judge.cause;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.judge.context.ContextFact.Relation;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.testing.Episodes;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CauseFeaturesTest {

    private final CauseFeatures features = new CauseFeatures();

    private float value(EpisodeContext ctx, String name) {
        int i = features.names().indexOf(name);
        assertThat(i).as("feature %s exists", name).isNotNegative();
        return features.extract(ctx)[i];
    }

    @Test
    void schemaIsNamedFixedAndFingerprinted() {
        List<String> names = features.names();
        assertThat(new HashSet<>(names)).hasSize(names.size());
        assertThat(features.extract(Episodes.human().build())).hasSize(names.size());
        assertThat(features.schemaHash()).matches("[0-9a-f]{16}").isEqualTo(new CauseFeatures().schemaHash());
        assertThat(features.version()).isEqualTo(CauseFeatures.VERSION);
    }

    @Test
    void aPlainHumanChangeCarriesNoContextSignal() {
        EpisodeContext ctx = Episodes.human().build();
        assertThat(value(ctx, "actor_human")).isEqualTo(1f);
        for (String n : List.of(
                "high_incident_open",
                "security_evidence_before",
                "read_count_before",
                "commits_after",
                "tightening",
                "misconfiguration",
                "automation_principal",
                "security_principal")) {
            assertThat(value(ctx, n)).as(n).isZero();
        }
        assertThat(value(ctx, "minutes_since_high_incident_start")).isEqualTo(CauseFeatures.ABSENT);
    }

    @Test
    void whoActed() {
        EpisodeContext auto = Episodes.human().actor("automation", false, true).build();
        assertThat(value(auto, "actor_automation")).isEqualTo(1f);
        assertThat(value(auto, "automation_principal")).isEqualTo(1f);
        assertThat(value(auto, "actor_human")).isZero();
        assertThat(value(Episodes.human().actor("human", true, false).build(), "security_principal"))
                .isEqualTo(1f);
    }

    @Test
    void aHighUrgencyIncidentOpenDuringTheChange() {
        EpisodeContext pd = Episodes.human()
                .fact("incident", Relation.OPEN_DURING_CHANGE, 25, "high", null, false, "x", 1, false)
                .build();
        assertThat(value(pd, "high_incident_open")).isEqualTo(1f);
        assertThat(value(pd, "minutes_since_high_incident_start")).isEqualTo(25f);
        EpisodeContext jira = Episodes.human()
                .fact("ticket", Relation.OPEN_DURING_CHANGE, 5, "critical", "Incident", false, "x", 1, false)
                .build();
        assertThat(value(jira, "high_incident_open")).isEqualTo(1f);
        EpisodeContext alert = Episodes.human()
                .fact("alert", Relation.OPEN_DURING_CHANGE, 5, "critical", "HighErrorRate", false, "x", 1, false)
                .build();
        assertThat(value(alert, "high_incident_open")).isEqualTo(1f);
        // A low-urgency incident, a high-priority task, or an incident that ended long before do not count.
        EpisodeContext low = Episodes.human()
                .fact("incident", Relation.OPEN_DURING_CHANGE, 5, "low", null, false, "x", 1, false)
                .build();
        assertThat(value(low, "high_incident_open")).isZero();
        assertThat(value(low, "low_medium_incident_open")).isEqualTo(1f);
        EpisodeContext task = Episodes.human()
                .fact("ticket", Relation.OPEN_DURING_CHANGE, 5, "high", "Task", false, "x", 1, false)
                .build();
        assertThat(value(task, "high_incident_open")).isZero();
        EpisodeContext ended = Episodes.human()
                .fact("incident", Relation.ENDED_BEFORE_CHANGE, 300, "high", null, false, "x", 1, false)
                .build();
        assertThat(value(ended, "high_incident_open")).isZero();
        assertThat(value(ended, "high_incident_ended_before")).isEqualTo(1f);
    }

    @Test
    void lowOrMediumTicket() {
        EpisodeContext t = Episodes.human()
                .fact("ticket", Relation.OPEN_DURING_CHANGE, 60, "medium", "Task", false, "x", 1, false)
                .build();
        assertThat(value(t, "low_medium_ticket")).isEqualTo(1f);
    }

    @Test
    void securityEvidenceCountsOnlyWithinTwoHoursBefore() {
        EpisodeContext recent = Episodes.human()
                .fact("finding", Relation.BEFORE_CHANGE, 40, "high", "Recon", true, "x", 1, true)
                .build();
        assertThat(value(recent, "security_evidence_before")).isEqualTo(1f);
        assertThat(value(recent, "security_evidence_same_resource")).isEqualTo(1f);
        assertThat(value(recent, "security_evidence_service_level")).isZero();
        assertThat(value(recent, "minutes_since_security_evidence")).isEqualTo(40f);
        EpisodeContext serviceLevel = Episodes.human()
                .fact("ticket", Relation.BEFORE_CHANGE, 90, "medium", "Task", true, "x", 1, false)
                .build();
        assertThat(value(serviceLevel, "security_evidence_service_level")).isEqualTo(1f);
        EpisodeContext old = Episodes.human()
                .fact("finding", Relation.BEFORE_CHANGE, 180, "high", "Recon", true, "x", 1, true)
                .build();
        assertThat(value(old, "security_evidence_before")).isZero();
        EpisodeContext notSecurity = Episodes.human()
                .fact("finding", Relation.BEFORE_CHANGE, 10, "high", "x", false, "x", 1, true)
                .build();
        assertThat(value(notSecurity, "security_evidence_before")).isZero();
    }

    @Test
    void readsBeforeAndCommitsAfter() {
        EpisodeContext reads = Episodes.human()
                .fact("read_activity", Relation.BEFORE_CHANGE, 10, null, null, false, "Describe", 4, true)
                .fact("read_activity", Relation.BEFORE_CHANGE, 20, null, null, false, "Describe", 2, false)
                .build();
        assertThat(value(reads, "read_count_before")).isEqualTo(6f);
        assertThat(value(reads, "read_same_resource")).isEqualTo(1f);

        EpisodeContext plainCommit = Episodes.human()
                .fact("commit", Relation.AFTER_CHANGE, -30, null, null, false, "bump module", 1, false)
                .build();
        assertThat(value(plainCommit, "commits_after")).isEqualTo(1f);
        assertThat(value(plainCommit, "commit_mentions_hotfix_or_incident")).isZero();
        EpisodeContext hotfix = Episodes.human()
                .fact("commit", Relation.AFTER_CHANGE, -30, null, null, false, "HOTFIX: more memory", 1, false)
                .build();
        assertThat(value(hotfix, "commit_mentions_hotfix_or_incident")).isEqualTo(1f);
        EpisodeContext incidentId = Episodes.human()
                .factWithId("incident", "Q1W2E3R4", Relation.OPEN_DURING_CHANGE, 10, "high")
                .fact("commit", Relation.AFTER_CHANGE, -30, null, null, false, "codify capacity for q1w2e3r4", 1, false)
                .build();
        assertThat(value(incidentId, "commit_mentions_hotfix_or_incident")).isEqualTo(1f);
    }

    @Test
    void episodeShape() {
        EpisodeContext quick =
                Episodes.human().events("a", "b", "c").reverted(20).build();
        assertThat(value(quick, "source_event_count")).isEqualTo(3f);
        assertThat(value(quick, "resolved_reverted")).isEqualTo(1f);
        assertThat(value(quick, "reverted_within_1h")).isEqualTo(1f);
        assertThat(value(quick, "episode_minutes")).isEqualTo(20f);
        EpisodeContext slow = Episodes.human().reverted(180).build();
        assertThat(value(slow, "reverted_within_1h")).isZero();
    }

    @Test
    void whatTheChangeMeans() {
        EpisodeContext revoke = Episodes.human()
                .onlyChange(
                        "aws_security_group",
                        "ingress",
                        "[" + Episodes.HTTPS_VPC + "," + Episodes.SSH_WORLD + "]",
                        "[" + Episodes.HTTPS_VPC + "]")
                .build();
        assertThat(value(revoke, "tightening")).isEqualTo(1f);
        assertThat(value(revoke, "path_network")).isEqualTo(1f);
        assertThat(value(revoke, "misconfiguration")).isZero();

        EpisodeContext openSsh = Episodes.human()
                .onlyChange(
                        "aws_security_group",
                        "ingress",
                        "[" + Episodes.HTTPS_VPC + "]",
                        "[" + Episodes.HTTPS_VPC + "," + Episodes.SSH_WORLD + "]")
                .build();
        assertThat(value(openSsh, "admin_or_database_port_open_to_world")).isEqualTo(1f);
        assertThat(value(openSsh, "misconfiguration")).isEqualTo(1f);
        assertThat(value(openSsh, "tightening")).isZero();

        EpisodeContext publicBucket = Episodes.human()
                .onlyChange("aws_s3_bucket", "public_access_block.block_public_acls", "true", "false")
                .build();
        assertThat(value(publicBucket, "storage_public")).isEqualTo(1f);
        assertThat(value(publicBucket, "path_storage_access")).isEqualTo(1f);

        EpisodeContext noBackups = Episodes.human()
                .onlyChange("aws_db_instance", "backup_retention_period", "7", "0")
                .build();
        assertThat(value(noBackups, "backup_disabled")).isEqualTo(1f);

        EpisodeContext scaleUp = Episodes.human()
                .onlyChange("aws_autoscaling_group", "desired_capacity", "4", "16")
                .build();
        assertThat(value(scaleUp, "log2_capacity_ratio")).isEqualTo(2f);
        assertThat(value(scaleUp, "path_capacity")).isEqualTo(1f);
        EpisodeContext bigger = Episodes.human()
                .onlyChange("aws_instance", "instance_type", "\"m5.large\"", "\"m5.2xlarge\"")
                .build();
        assertThat(value(bigger, "log2_capacity_ratio")).isPositive();
        assertThat(value(bigger, "path_size")).isEqualTo(1f);

        EpisodeContext tags = Episodes.human()
                .onlyChange("aws_instance", "tags.Owner", "\"a\"", "\"b\"")
                .build();
        assertThat(value(tags, "tag_only")).isEqualTo(1f);
        assertThat(value(tags, "path_tags")).isEqualTo(1f);
        EpisodeContext tagsAndMore = Episodes.human()
                .onlyChange("aws_instance", "tags.Owner", "\"a\"", "\"b\"")
                .change("instance_type", "\"m5.large\"", "\"m5.xlarge\"")
                .build();
        assertThat(value(tagsAndMore, "tag_only")).isZero();
        assertThat(value(tagsAndMore, "changed_attribute_count")).isEqualTo(2f);

        EpisodeContext hidden = Episodes.human()
                .onlyChange("aws_lambda_function", "environment", "{\"A\":\"1\"}", null)
                .build();
        assertThat(value(hidden, "actual_value_hidden")).isEqualTo(1f);
    }

    @Test
    void pathFamiliesAcrossClouds() {
        assertThat(PathFamily.of("spec.replicas")).isEqualTo(PathFamily.CAPACITY);
        assertThat(PathFamily.of("machine_type")).isEqualTo(PathFamily.SIZE);
        assertThat(PathFamily.of("source_ranges")).isEqualTo(PathFamily.NETWORK);
        assertThat(PathFamily.of("allow")).isEqualTo(PathFamily.NETWORK);
        assertThat(PathFamily.of("public_blob_access")).isEqualTo(PathFamily.STORAGE_ACCESS);
        assertThat(PathFamily.of("iam.members")).isEqualTo(PathFamily.IAM);
        assertThat(PathFamily.of("rules")).isEqualTo(PathFamily.IAM);
        assertThat(PathFamily.of("log_file_validation")).isEqualTo(PathFamily.LOGGING);
        assertThat(PathFamily.of("metadata.labels.app")).isEqualTo(PathFamily.TAGS);
        assertThat(PathFamily.of("deletion_protection")).isEqualTo(PathFamily.CONFIG);
    }
}
