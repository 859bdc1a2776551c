package io.driftguard.pipeline.episode;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.state.DesiredResource;
import io.driftguard.core.state.IacRef;
import io.driftguard.core.state.ResourceKey;
import io.driftguard.core.state.SourceExcerpt;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredDeclarationTest {

    private static final String ID = "sg-0a1b2c3d4e5f60718";

    private static DesiredResource declaration() {
        return new DesiredResource(
                ResourceKey.of(Cloud.AWS, ID),
                Cloud.AWS,
                "314159265358",
                ID,
                "aws_security_group",
                new IacRef(
                        "terraform",
                        "aws_security_group.checkout_web",
                        "terraform/aws-prod/checkout/",
                        SourceExcerpt.of(
                                "terraform/aws-prod/checkout/main.tf",
                                "resource \"aws_security_group\" \"checkout_web\" {\n  name = \"web\"\n}\n",
                                1,
                                3)),
                Map.of("ingress", "[{\"from_port\":443}]", "tags.service", "\"checkout\""),
                Map.of("service", "checkout"));
    }

    @Test
    void aStoredDeclarationReadsBackWhole() {
        DesiredResource d = declaration();

        DesiredResource back = EpisodeFunction.restored(d.key(), d.iac().address(), EpisodeFunction.stored(d));

        assertThat(back).isEqualTo(d);
    }

    @Test
    void theKeyAndTheAddressAreStoredOnce() throws Exception {
        DesiredResource d = declaration();
        StateSize sizes = new StateSize();

        StateSize.Parts parts = sizes.measure(d);

        // the entry's key and map key, then the declaration without them
        assertThat(parts.keys()).isEqualTo(1 + d.key().length());
        assertThat(parts.addresses()).isEqualTo(1 + d.iac().address().length());
        assertThat(sizes.size(d) - sizes.size(EpisodeFunction.stored(d)))
                .as("bytes saved by storing the declaration without its key and address")
                .isEqualTo(parts.keys() + parts.addresses());
    }
}
