package io.driftguard.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void starMatchesAnyRunIncludingSeparators() {
        Glob g = Glob.of("arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecOps_*");
        assertThat(g.matches("arn:aws:iam::123:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecOps_ab12"))
                .isTrue();
        assertThat(g.matches("arn:aws:iam::123:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_ab12"))
                .isFalse();
    }

    @Test
    void withoutStarItIsExact() {
        assertThat(Glob.of("a@b.com").matches("a@b.com")).isTrue();
        assertThat(Glob.of("a@b.com").matches("xa@b.com")).isFalse();
    }

    @Test
    void anchorsBothEnds() {
        assertThat(Glob.of("sg-*").matches("sg-1")).isTrue();
        assertThat(Glob.of("sg-*").matches("xsg-1")).isFalse();
        assertThat(Glob.of("*-nsg").matches("a-nsg-b")).isFalse();
        assertThat(Glob.of("a*a").matches("a")).isFalse();
        assertThat(Glob.of("a*a").matches("aa")).isTrue();
        assertThat(Glob.of("*").matches("")).isTrue();
        assertThat(Glob.of("x").matches(null)).isFalse();
    }
}
