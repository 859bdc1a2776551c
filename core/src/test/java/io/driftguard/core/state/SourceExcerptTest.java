package io.driftguard.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.core.event.Cloud;
import io.driftguard.core.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceExcerptTest {

    static final String FILE = "a\nb\nc\nd\ne\nf\ng\nh\ni";

    @Test
    void anExcerptKeepsThreeLinesOfContextAndKnowsWhenItReachesTheEnd() {
        SourceExcerpt middle = SourceExcerpt.of("x.tf", FILE + "\n", 5, 5);
        assertThat(middle.firstLine()).isEqualTo(2);
        assertThat(middle.text()).isEqualTo("b\nc\nd\ne\nf\ng\nh\n");
        assertThat(middle.toEnd()).isFalse();

        SourceExcerpt last = SourceExcerpt.of("x.tf", FILE, 8, 9);
        assertThat(last.firstLine()).isEqualTo(5);
        assertThat(last.text()).as("the last line without its missing newline").isEqualTo("e\nf\ng\nh\ni");
        assertThat(last.toEnd()).isTrue();
    }

    @Test
    void aDeclarationWithItsExcerptTravelsAsJsonUnchanged() throws Exception {
        DesiredResource d = new DesiredResource(
                "aws:i-1",
                Cloud.AWS,
                "123",
                "i-1",
                "aws_instance",
                new IacRef(
                        "terraform",
                        "aws_instance.web",
                        "terraform/prod/",
                        SourceExcerpt.of("terraform/prod/main.tf", FILE, 4, 6)),
                Map.of("instance_type", "\"t3.medium\""),
                Map.of());
        String json = Json.MAPPER.writeValueAsString(d);
        assertThat(Json.MAPPER.readValue(json, DesiredResource.class)).isEqualTo(d);
        IacRef plain = new IacRef("kubernetes", "k.yaml#apps/Deployment/ns/web", "k.yaml");
        assertThat(Json.MAPPER.writeValueAsString(plain)).doesNotContain("excerpt");
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(plain), IacRef.class))
                .isEqualTo(plain);
    }
}
