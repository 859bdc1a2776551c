package io.driftguard.judge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftguard.judge.cause.CauseFeatures;
import io.driftguard.judge.cause.CauseModel;
import io.driftguard.judge.cause.CauseModelException;
import io.driftguard.judge.testing.ModelVariants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @TempDir
    Path tmp;

    private ModelRegistry.Entry register(ModelRegistry registry, String variant) throws Exception {
        Path onnx = ModelVariants.write(tmp.resolve("trained-" + variant), variant);
        Path card = Files.writeString(onnx.resolveSibling("MODEL_CARD.md"), "# card " + variant);
        return registry.register(onnx, card, null, List.of(), "alice");
    }

    @Test
    void aRegisteredVersionIsNamedAsFindingsNameItsModel() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("registry"));
        ModelRegistry.Entry e = register(registry, "a");

        byte[] bytes = Files.readAllBytes(e.folder().resolve("cause.onnx"));
        try (CauseModel model = CauseModel.fromBytes(bytes, "test", new CauseFeatures())) {
            assertThat(e.version()).isEqualTo(model.ref().version());
            assertThat(e.featureSchema()).isEqualTo(model.ref().featureSchema());
        }
        assertThat(e.folder().resolve("MODEL_CARD.md")).hasContent("# card a");
        assertThat(e.folder().resolve("cause.json")).exists();
        assertThat(e.role()).isEqualTo("registered");
        assertThat(registry.roles()).isEqualTo(ModelSource.Roles.NONE);
    }

    @Test
    void promoteThenRollbackStepsBackThroughTheLiveVersions() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("registry"));
        String a = register(registry, "a").version();
        String b = register(registry, "b").version();
        String c = register(registry, "c").version();

        assertThat(registry.promote(a, "alice")).isNull();
        assertThat(registry.promote(b, "alice")).isEqualTo(a);
        assertThat(registry.promote(c, "bob")).isEqualTo(b);
        assertThat(registry.roles().live()).isEqualTo(c);

        assertThat(registry.rollback("bob")).isEqualTo(b);
        assertThat(registry.roles().live()).isEqualTo(b);
        assertThat(registry.rollback("bob")).isEqualTo(a);
        assertThat(registry.roles().live()).isEqualTo(a);
        assertThatThrownBy(() -> registry.rollback("bob")).hasMessageContaining("nothing to roll back to");

        assertThat(registry.history())
                .extracting(ModelRegistry.Switch::action)
                .containsExactly(
                        "register", "register", "register", "promote", "promote", "promote", "rollback", "rollback");
        assertThat(registry.versions()).extracting(ModelRegistry.Entry::version).containsExactly(a, b, c);
    }

    @Test
    void aShadowCandidateIsAnotherVersionAndEndsWhenPromoted() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("registry"));
        String a = register(registry, "a").version();
        String b = register(registry, "b").version();
        registry.promote(a, "alice");

        assertThatThrownBy(() -> registry.shadow(a, "alice")).hasMessageContaining("is live");
        registry.shadow(b, "alice");
        assertThat(registry.roles()).isEqualTo(new ModelSource.Roles(a, b));
        assertThat(registry.entry(b).orElseThrow().role()).isEqualTo("candidate");

        registry.promote(b, "alice");
        assertThat(registry.roles()).isEqualTo(new ModelSource.Roles(b, null));

        registry.shadow(a, "alice");
        registry.shadow(null, "alice");
        assertThat(registry.roles().candidate()).isNull();
    }

    @Test
    void aModelThatDoesNotFitTheFeaturesNeverEntersTheRegistry() throws Exception {
        ModelRegistry registry = new ModelRegistry(tmp.resolve("registry"));
        Path junk = Files.write(tmp.resolve("cause.onnx"), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> registry.register(junk, null, null, List.of(), "alice"))
                .isInstanceOf(CauseModelException.class);
        assertThat(registry.versions()).isEmpty();
        assertThatThrownBy(() -> registry.promote("0123456789ab", "alice")).hasMessageContaining("no model version");
    }
}
