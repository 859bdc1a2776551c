package io.driftguard.judge.cause;

import static io.driftguard.judge.testing.Episodes.SSH_WORLD;
import static io.driftguard.judge.testing.Episodes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftguard.core.vocabulary.Cause;
import io.driftguard.judge.testing.Episodes;
import org.junit.jupiter.api.Test;

/** The cause table's evidence requirements over the model's scores (class order = Cause.values()). */
class TaxonomyEvidenceTest {

    private final CauseFeatures features = new CauseFeatures();

    private static float[] scores(double automated, double security, double emergency, double manual, double config) {
        return new float[] {(float) automated, (float) security, (float) emergency, (float) manual, (float) config};
    }

    private static Cause top(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return Cause.values()[best];
    }

    private static double sum(float[] p) {
        double s = 0;
        for (float v : p) {
            s += v;
        }
        return s;
    }

    @Test
    void aSecurityEngineerLooseningASettingIsNotASecurityResponse() {
        float[] x = features.extract(Episodes.aws("aws_security_group", "sg-1")
                .change("ingress", "[]", "[" + SSH_WORLD + "]")
                .actor("human", true, false)
                .build());
        float[] p = scores(0.0, 0.9, 0.0, 0.02, 0.08);
        TaxonomyEvidence.apply(x, p);
        assertThat(top(p)).isEqualTo(Cause.CONFIGURATION_ERROR);
        assertThat(sum(p)).isCloseTo(1.0, within(1e-5));
        assertThat(p[Cause.CONFIGURATION_ERROR.ordinal()])
                .as("an answer the evidence overturns is not a confident one")
                .isLessThan(0.5f);
    }

    @Test
    void aSecurityEngineerTighteningStaysASecurityResponse() {
        float[] x = features.extract(Episodes.aws("aws_security_group", "sg-1")
                .change("ingress", "[" + SSH_WORLD + "]", "[]")
                .actor("human", true, false)
                .build());
        float[] p = scores(0.0, 0.7, 0.0, 0.1, 0.2);
        TaxonomyEvidence.apply(x, p);
        assertThat(top(p)).isEqualTo(Cause.SECURITY_RESPONSE);
        assertThat(p[Cause.SECURITY_RESPONSE.ordinal()]).isGreaterThan(0.7f);
    }

    @Test
    void troubleshootingWithoutATrailGivesWayToAConfigurationError() {
        float[] x = features.extract(Episodes.aws("aws_instance", "i-1")
                .change("instance_type", "\"t3.medium\"", "\"t3.large\"")
                .build());
        float[] p = scores(0.0, 0.0, 0.0, 0.6, 0.4);
        TaxonomyEvidence.apply(x, p);
        assertThat(top(p)).isEqualTo(Cause.CONFIGURATION_ERROR);
        float[] withReads = scores(0.0, 0.0, 0.0, 0.6, 0.4);
        TaxonomyEvidence.apply(
                features.extract(Episodes.aws("aws_instance", "i-1")
                        .change("instance_type", "\"t3.medium\"", "\"t3.large\"")
                        .fact(Episodes.reads(5, T0.minusSeconds(600)))
                        .build()),
                withReads);
        assertThat(top(withReads)).isEqualTo(Cause.MANUAL_TROUBLESHOOTING);
    }

    @Test
    void anEmergencyFixNeedsAnOpenHighUrgencyIncident() {
        float[] none = scores(0.0, 0.0, 0.8, 0.05, 0.15);
        TaxonomyEvidence.apply(features.extract(Episodes.human().build()), none);
        assertThat(top(none)).isEqualTo(Cause.CONFIGURATION_ERROR);
        float[] open = scores(0.0, 0.0, 0.8, 0.05, 0.15);
        TaxonomyEvidence.apply(
                features.extract(Episodes.human()
                        .fact(Episodes.incident("Q1", "high", Episodes.FIRST.minusSeconds(600), null, "5xx"))
                        .build()),
                open);
        assertThat(top(open)).isEqualTo(Cause.EMERGENCY_FIX);
        assertThat(open[Cause.EMERGENCY_FIX.ordinal()]).isGreaterThan(0.8f);
    }

    @Test
    void whenEveryCauseLacksItsEvidenceTheModelsOrderStands() {
        float[] x = features.extract(Episodes.human().build());
        float[] p = scores(0.0, 0.5, 0.5, 0.0, 0.0);
        TaxonomyEvidence.apply(x, p);
        assertThat(sum(p)).isCloseTo(1.0, within(1e-5));
        assertThat(p[1]).isEqualTo(p[2]);
    }
}
