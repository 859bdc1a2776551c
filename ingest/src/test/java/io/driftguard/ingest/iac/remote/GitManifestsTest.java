package io.driftguard.ingest.iac.remote;

import static io.driftguard.ingest.iac.remote.RemoteIacSamples.configMap;
import static io.driftguard.ingest.iac.remote.RemoteIacSamples.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftguard.core.state.DesiredResource;
import io.driftguard.ingest.iac.IacFolderReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes manifests read from a real bare Git repository (made and changed with the {@code git}
 * command), through JGit over {@code file://} and over smart HTTP served by {@code git http-backend}
 * with a token: the copy follows the branch's newest commit, a removed file goes, and a file that is
 * not YAML keeps its last good copy.
 */
class GitManifestsTest {

    @TempDir
    Path dir;

    @Test
    void theBranchsManifestsUnderThePathAreMirroredAndOnlyANewCommitIsReadAgain() throws Exception {
        LocalGitRepository repo = LocalGitRepository.create(dir, "deploy");
        repo.write("deploy/prod/app.yaml", deployment("web", 3) + "---\n" + configMap("web-config", "info"))
                .write("deploy/prod/limits.yml", configMap("limits", "100"))
                .write("deploy/staging/app.yaml", deployment("web", 1))
                .write("README.md", "# deploy\n");
        String first = repo.commit("first");
        GitManifests git = source(repo.fileUrl(), "path=deploy/prod,cluster=prod-eu-1");

        RemoteIac.Refresh r = git.refresh();

        assertThat(r.rejected()).isEmpty();
        assertThat(r.changed()).isEqualTo(1);
        assertThat(git.mirrored().name()).isEqualTo(first);
        Map<String, DesiredResource> declared = declared(git);
        assertThat(declared)
                .containsOnlyKeys(
                        "prod-eu-1/default/Deployment/web",
                        "prod-eu-1/default/ConfigMap/web-config",
                        "prod-eu-1/default/ConfigMap/limits");
        assertThat(declared.get("prod-eu-1/default/Deployment/web").iac().path())
                .as("the file's path in the repository, under the cluster")
                .isEqualTo("kubernetes/prod-eu-1/deploy/prod/app.yaml");
        assertThat(declared.get("prod-eu-1/default/Deployment/web").attributes())
                .containsEntry("spec.replicas", "3");

        assertThat(git.refresh().changed()).as("no new commit").isZero();

        repo.write("deploy/staging/app.yaml", deployment("web", 2)).commit("staging only");
        RemoteIac.Refresh elsewhere = git.refresh();
        assertThat(elsewhere.changed())
                .as("a commit outside the path changes no copy")
                .isZero();
        assertThat(git.mirrored().name()).isNotEqualTo(first);

        repo.write("deploy/prod/app.yaml", deployment("web", 5) + "---\n" + configMap("web-config", "info"))
                .commit("scale web");
        assertThat(git.refresh().changed()).isEqualTo(1);
        assertThat(declared(git).get("prod-eu-1/default/Deployment/web").attributes())
                .containsEntry("spec.replicas", "5");

        repo.remove("deploy/prod/limits.yml").commit("drop limits");
        assertThat(git.refresh().changed()).isEqualTo(1);
        assertThat(declared(git)).doesNotContainKey("prod-eu-1/default/ConfigMap/limits");
    }

    @Test
    void aManifestThatIsNotYamlKeepsItsLastGoodCopyWithoutHoldingBackTheOthers() throws Exception {
        LocalGitRepository repo = LocalGitRepository.create(dir, "apps");
        repo.write("app.yaml", deployment("api", 2)).write("config.yaml", configMap("api-config", "info"));
        repo.commit("first");
        GitManifests git = source(repo.fileUrl(), "");
        git.refresh();
        byte[] good = Files.readAllBytes(git.folder().resolve("kubernetes/default/config.yaml"));

        repo.write("config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api-config\n")
                .write("app.yaml", deployment("api", 4))
                .write("new.yaml", "kind: [Service\n");
        repo.commit("broken config");
        RemoteIac.Refresh bad = git.refresh();

        assertThat(bad.changed()).as("the deployment's change is taken").isEqualTo(1);
        assertThat(bad.rejected())
                .extracting(RemoteIac.Rejection::origin, RemoteIac.Rejection::code)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(repo.fileUrl() + "#main:config.yaml", "not-a-manifest"),
                        org.assertj.core.groups.Tuple.tuple(repo.fileUrl() + "#main:new.yaml", "not-a-manifest"));
        assertThat(bad.rejected())
                .filteredOn(x -> x.origin().endsWith("config.yaml"))
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.reason())
                            .contains("its last good copy is kept")
                            .contains("not valid YAML")
                            .contains("line");
                    assertThat(new String(x.payload(), StandardCharsets.UTF_8)).contains("{name: api-config");
                });
        assertThat(Files.readAllBytes(git.folder().resolve("kubernetes/default/config.yaml")))
                .isEqualTo(good);
        assertThat(git.folder().resolve("kubernetes/default/new.yaml")).doesNotExist();
        assertThat(declared(git).get("default/default/Deployment/api").attributes())
                .containsEntry("spec.replicas", "4");

        repo.write("app.yaml", deployment("api", 6)).commit("scale again, config still broken");
        RemoteIac.Refresh again = git.refresh();
        assertThat(again.rejected()).as("the same problems are reported once").isEmpty();
        assertThat(again.changed()).isEqualTo(1);

        repo.write("config.yaml", configMap("api-config", "debug")).commit("fix config");
        assertThat(git.refresh().changed()).isEqualTo(1);
        assertThat(declared(git)
                        .get("default/default/ConfigMap/api-config")
                        .attributes()
                        .toString())
                .contains("debug");
    }

    @Test
    void aMissingBranchOrPathIsRejectedOnceAndKeepsTheCopies() throws Exception {
        LocalGitRepository repo = LocalGitRepository.create(dir, "ops");
        repo.write("k8s/app.yaml", deployment("ops", 1)).commit("first");

        GitManifests noBranch = source(repo.fileUrl(), "branch=release");
        RemoteIac.Refresh r = noBranch.refresh();
        assertThat(r.rejected()).singleElement().satisfies(x -> {
            assertThat(x.origin()).isEqualTo(repo.fileUrl() + "#release");
            assertThat(x.code()).isEqualTo("unreadable");
            assertThat(x.reason()).contains("release");
        });
        assertThat(noBranch.refresh().rejected()).isEmpty();

        GitManifests git = source(repo.fileUrl(), "path=k8s");
        git.refresh();
        repo.remove("k8s/app.yaml")
                .write("manifests/app.yaml", deployment("ops", 1))
                .commit("moved");
        RemoteIac.Refresh moved = git.refresh();
        assertThat(moved.changed()).isZero();
        assertThat(moved.rejected())
                .singleElement()
                .satisfies(
                        x -> assertThat(x.reason()).contains("no folder 'k8s'").contains("every copy is kept"));
        assertThat(declared(git)).containsKey("default/default/Deployment/ops");
    }

    @Test
    void overHttpsWithATokenAndRefusedWithoutIt() throws Exception {
        LocalGitRepository repo = LocalGitRepository.create(dir, "platform");
        repo.write("prod/app.yaml", deployment("shop", 2)).commit("first");
        try (GitHttpBackend server = new GitHttpBackend(dir, "glpat-test-token")) {
            String url = server.url() + "/platform.git";
            GitManifests git = GitManifests.of(
                    BackendConfig.parse("--k8s-git", "url=" + url + ",path=prod,cluster=shop", GitManifests.SETTINGS),
                    Map.of(GitManifests.TOKEN_ENV, "glpat-test-token"),
                    dir.resolve("cache"));
            RemoteIac.Refresh r = git.refresh();
            assertThat(r.rejected()).isEmpty();
            assertThat(declared(git)).containsKey("shop/default/Deployment/shop");

            repo.write("prod/app.yaml", deployment("shop", 4)).commit("scale");
            assertThat(git.refresh().changed()).isEqualTo(1);
            assertThat(declared(git).get("shop/default/Deployment/shop").attributes())
                    .containsEntry("spec.replicas", "4");

            GitManifests wrong = GitManifests.of(
                    BackendConfig.parse("--k8s-git", "url=" + url + ",token_env=OTHER_TOKEN", GitManifests.SETTINGS),
                    Map.of("OTHER_TOKEN", "wrong"),
                    dir.resolve("cache"));
            assertThat(wrong.refresh().rejected()).singleElement().satisfies(x -> {
                assertThat(x.code()).isEqualTo("unreadable");
                assertThat(x.reason()).containsIgnoringCase("not authorized");
            });
            assertThat(server.unauthorized()).isPositive();
        }
    }

    @Test
    void overSshWithADeployKeyAndTheServersKnownKeyAndRefusedOtherwise() throws Exception {
        LocalGitRepository repo = LocalGitRepository.create(dir, "fleet");
        repo.write("edge/app.yaml", deployment("edge", 2)).commit("first");
        try (GitSshServer server = new GitSshServer(dir, dir.resolve("keys"))) {
            String url = server.url("fleet");
            GitManifests git = GitManifests.of(
                    BackendConfig.parse(
                            "--k8s-git",
                            "url=" + url + ",path=edge,cluster=edge,ssh_key=" + server.clientKey() + ",known_hosts="
                                    + server.knownHosts(),
                            GitManifests.SETTINGS),
                    Map.of(),
                    dir.resolve("cache"));
            assertThat(git.refresh().rejected()).isEmpty();
            assertThat(declared(git)).containsKey("edge/default/Deployment/edge");
            repo.write("edge/app.yaml", deployment("edge", 3)).commit("scale");
            assertThat(git.refresh().changed()).isEqualTo(1);
            assertThat(declared(git).get("edge/default/Deployment/edge").attributes())
                    .containsEntry("spec.replicas", "3");

            Path strangers = Files.writeString(dir.resolve("keys/empty_known_hosts"), "");
            GitManifests unknownHost = GitManifests.of(
                    BackendConfig.parse(
                            "--k8s-git",
                            "url=" + url + ",ssh_key=" + server.clientKey() + ",known_hosts=" + strangers,
                            GitManifests.SETTINGS),
                    Map.of(),
                    dir.resolve("cache"));
            assertThat(unknownHost.refresh().rejected())
                    .as("a server whose key is not known is refused")
                    .singleElement()
                    .satisfies(x -> assertThat(x.code()).isEqualTo("unreadable"));
            assertThat(declared(unknownHost)).isEmpty();

            GitManifests otherKey = GitManifests.of(
                    BackendConfig.parse(
                            "--k8s-git",
                            "url=" + url + ",ssh_key=" + GitSshServer.otherKey(dir.resolve("keys")) + ",known_hosts="
                                    + server.knownHosts(),
                            GitManifests.SETTINGS),
                    Map.of(),
                    dir.resolve("cache"));
            assertThat(otherKey.refresh().rejected())
                    .singleElement()
                    .satisfies(x -> assertThat(x.code()).isEqualTo("unreadable"));
            assertThat(server.refused()).as("the server refused the other key").isPositive();
        }
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtStart() {
        assertThatThrownBy(() -> GitManifests.of(
                        BackendConfig.parse(
                                "--k8s-git", "url=https://git.example.com/a.git,token_env=NOPE", GitManifests.SETTINGS),
                        Map.of(),
                        dir))
                .hasMessageContaining("token_env=NOPE but it is not set");
        assertThatThrownBy(() -> GitManifests.of(
                        BackendConfig.parse(
                                "--k8s-git",
                                "url=git@git.example.com:a.git,ssh_key=/no/such/key",
                                GitManifests.SETTINGS),
                        Map.of(),
                        dir))
                .hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> BackendConfig.parse("--k8s-git", "url=x,brnach=main", GitManifests.SETTINGS))
                .hasMessageContaining("unknown setting 'brnach'");
    }

    private GitManifests source(String url, String settings) {
        return GitManifests.of(
                BackendConfig.parse(
                        "--k8s-git", "url=" + url + (settings.isEmpty() ? "" : "," + settings), GitManifests.SETTINGS),
                Map.of(),
                dir.resolve("cache"));
    }

    private static Map<String, DesiredResource> declared(GitManifests git) {
        IacFolderReader.Result r = new IacFolderReader().read(git.folder());
        return r.resources().stream().collect(Collectors.toMap(DesiredResource::resourceId, d -> d));
    }
}
