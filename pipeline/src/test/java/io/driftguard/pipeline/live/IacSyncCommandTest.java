package io.driftguard.pipeline.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code --cfn} values group into one CloudFormation source per region. */
class IacSyncCommandTest {

    @Test
    void namedStacksGroupByRegionAndARegionGivenAloneReadsAllItsStacks() {
        assertThat(IacSyncCommand.cfnRegions(List.of(
                        "eu-west-1/web", "eu-west-1/data", "eu-west-1/web", "us-gov-west-1", "us-gov-west-1/x")))
                .isEqualTo(Map.of("eu-west-1", List.of("web", "data"), "us-gov-west-1", List.of()));
    }

    @Test
    void somethingThatIsNotARegionIsRefused() {
        assertThatThrownBy(() -> IacSyncCommand.cfnRegions(List.of("web")))
                .hasMessageContaining("expected REGION or REGION/STACK, got 'web'");
    }
}
