package io.driftguard.dashboard.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CitationsTest {

    final Set<String> existing = Set.of("dg-0123456789abcdef0123", "f-aws-sg-ssh");

    @Test
    void existingIdsAreCitedAndInventedOnesRemoved() {
        Citations.Checked c = Citations.check(
                "Opened by jane [f-aws-sg-ssh], like [dg-ffffffffffffffffffff]; see dg-0123456789abcdef0123 too.",
                existing::contains);
        assertThat(c.cited()).containsExactly("f-aws-sg-ssh", "dg-0123456789abcdef0123");
        assertThat(c.removed()).containsExactly("dg-ffffffffffffffffffff");
        assertThat(c.text())
                .isEqualTo("Opened by jane [f-aws-sg-ssh], like " + Citations.REMOVED_MARKER
                        + "; see [dg-0123456789abcdef0123] too.");
    }

    @Test
    void bareInventedDgIdsAreRemovedAndOtherBracketsLeftAlone() {
        Citations.Checked c =
                Citations.check("dg-aaaaaaaaaaaaaaaaaaaa was [masked:secret] in [eu west] region", existing::contains);
        assertThat(c.text()).isEqualTo(Citations.REMOVED_MARKER + " was [masked:secret] in [eu west] region");
        assertThat(c.removed()).containsExactly("dg-aaaaaaaaaaaaaaaaaaaa");
    }
}
