package io.driftguard.ingest.iac.remote;

import io.driftguard.ingest.iac.kubernetes.KubernetesManifestReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * Kubernetes manifests kept in a Git repository: one branch, one folder of it, polled through JGit and
 * mirrored as {@code <folder>/kubernetes/<cluster>/<path in the repository>}, which
 * {@link KubernetesManifestReader} reads as it reads a local {@code iac/kubernetes/<cluster>/}.
 *
 * <p>Each poll fetches the branch into a bare clone of its own (depth 1: only the newest commit's tree is
 * ever read); when its commit id moved, the {@code *.yaml} and {@code *.yml} files under the path at that
 * commit become the new copy. A file removed from the branch leaves the copy, so its objects are
 * tombstoned. A file that is not YAML keeps its last good copy (none if it never had one) and is rejected
 * ({@code not-a-manifest}, the file as payload), without holding back the others; a fetch that fails
 * (no such branch, authentication, network) or a path the commit does not have keeps every copy and is
 * rejected ({@code unreadable}).
 *
 * <p>Credentials: an HTTPS token (sent as the password of {@code username}, {@code x-access-token} by
 * default, as GitHub, GitLab, Bitbucket and Azure DevOps accept), or an SSH key without a passphrase with
 * the server's key in a {@code known_hosts} file (unknown hosts are refused).
 */
public final class GitManifests implements RemoteIac {

    /** The settings {@code --k8s-git} takes. */
    public static final Set<String> SETTINGS =
            Set.of("url", "branch", "path", "cluster", "username", "token_env", "ssh_key", "known_hosts");

    /** The variable an HTTPS token is read from unless {@code token_env} names another. */
    public static final String TOKEN_ENV = "DRIFTGUARD_GIT_TOKEN";

    private static final int FETCH_TIMEOUT_SECONDS = 60;

    private final String url;
    private final String branch;
    private final String path;
    private final String cluster;
    private final CredentialsProvider credentials;
    private final TransportConfigCallback transport;
    private final Path work;
    private ObjectId mirrored;
    private final ReportedOnce reported = new ReportedOnce();

    /**
     * @param path the folder in the repository ({@code deploy/prod}); empty for the whole repository
     * @param cluster the cluster the manifests are applied to, as audit events name it
     * @param credentials for HTTPS, or null
     * @param transport sets up SSH, or null
     * @param work this source's own folder: its clone and its IaC folder
     */
    public GitManifests(
            String url,
            String branch,
            String path,
            String cluster,
            CredentialsProvider credentials,
            TransportConfigCallback transport,
            Path work) {
        this.url = url;
        this.branch = branch;
        this.path = path.replaceAll("^/+|/+$", "");
        this.cluster = cluster;
        this.credentials = credentials;
        this.transport = transport;
        this.work = work;
    }

    /**
     * From {@code --k8s-git} settings: {@code url} (required), {@code branch} ({@code main}), {@code path}
     * (the whole repository), {@code cluster} ({@code default}), {@code username} and {@code token_env}
     * for HTTPS, {@code ssh_key} and {@code known_hosts} ({@code ~/.ssh/known_hosts}) for SSH.
     *
     * @param env where the token is read
     * @param cache the folder every remote source keeps its copies under; this one takes a folder of its own
     * @throws IllegalArgumentException naming a missing setting, an unset token variable or a missing key file
     */
    public static GitManifests of(BackendConfig config, Map<String, String> env, Path cache) {
        String url = config.required("url");
        String branch = config.get("branch", "main");
        String path = config.get("path", "");
        String cluster = config.get("cluster", KubernetesManifestReader.DEFAULT);
        String tokenEnv = config.get("token_env", null);
        String token = env.get(tokenEnv != null ? tokenEnv : TOKEN_ENV);
        if (tokenEnv != null && (token == null || token.isBlank())) {
            throw new IllegalArgumentException("--k8s-git " + url + ": token_env=" + tokenEnv + " but it is not set");
        }
        CredentialsProvider credentials = token == null || token.isBlank()
                ? null
                : new UsernamePasswordCredentialsProvider(config.get("username", "x-access-token"), token);
        TransportConfigCallback transport = null;
        String key = config.get("ssh_key", null);
        if (key != null) {
            transport = ssh(Path.of(key), config.get("known_hosts", null));
        } else if (config.get("known_hosts", null) != null) {
            throw new IllegalArgumentException("--k8s-git " + url + ": known_hosts is for ssh_key");
        }
        String id = url + "#" + branch + ":" + path + "@" + cluster;
        String repo = withoutUserInfo(url).replaceAll("(\\.git)?/*$", "").replaceAll(".*[/:]", "");
        return new GitManifests(
                url,
                branch,
                path,
                cluster,
                credentials,
                transport,
                cache.resolve(("git-" + repo + "-" + sha256(id).substring(0, 10)).replaceAll("[^A-Za-z0-9._-]", "_")));
    }

    /** SSH with this key (no passphrase) and these known hosts, through JGit's Apache MINA sshd transport. */
    private static TransportConfigCallback ssh(Path key, String knownHosts) {
        if (!Files.isReadable(key)) {
            throw new IllegalArgumentException("--k8s-git: ssh_key " + key + " is not a readable file");
        }
        Path home = Path.of(System.getProperty("user.home"));
        Path hosts =
                knownHosts != null ? Path.of(knownHosts) : home.resolve(".ssh").resolve("known_hosts");
        SshdSessionFactory factory = new SshdSessionFactoryBuilder()
                .setHomeDirectory(home.toFile())
                .setSshDirectory(home.resolve(".ssh").toFile())
                .setDefaultIdentities(dir -> List.of(key))
                .setDefaultKnownHostsFiles(dir -> List.of(hosts))
                .setPreferredAuthentications("publickey")
                .build(new JGitKeyCache());
        return t -> {
            if (t instanceof SshTransport s) {
                s.setSshSessionFactory(factory);
            }
        };
    }

    @Override
    public Path folder() {
        return work.resolve("iac");
    }

    /** The repository and branch, without credentials: {@code https://git.example.com/platform/deploy.git#main}. */
    public String location() {
        return withoutUserInfo(url) + "#" + branch;
    }

    /** The commit the copy was last taken from, or null before the first. */
    public ObjectId mirrored() {
        return mirrored;
    }

    @Override
    public Refresh refresh() {
        List<Rejection> rejected = new ArrayList<>();
        ObjectId head;
        try (Git git = openClone()) {
            head = fetch(git);
            reported.cleared(location());
            if (head.equals(mirrored)) {
                return new Refresh(0, rejected);
            }
            Map<String, byte[]> files = manifests(git.getRepository(), head);
            if (files == null) {
                report(
                        Rejection.unreadable(
                                location() + ":" + path,
                                "no folder '" + path + "' at commit " + head.name() + ", every copy is kept"),
                        rejected);
                mirrored = head;
                return new Refresh(0, rejected);
            }
            boolean changed = MirroredFiles.replace(mirror(), work.resolve("staging"), taken(files, rejected));
            mirrored = head;
            return new Refresh(changed ? 1 : 0, rejected);
        } catch (GitAPIException | IOException | RuntimeException e) {
            report(
                    Rejection.unreadable(
                            location(), "branch not fetched, every copy is kept: " + String.valueOf(e.getMessage())),
                    rejected);
            return new Refresh(0, rejected);
        }
    }

    /**
     * The files to copy: each manifest that loads as YAML, and for each one that does not, its last good
     * copy (if any), with the file rejected.
     */
    private Map<String, byte[]> taken(Map<String, byte[]> files, List<Rejection> rejected) {
        Map<String, byte[]> previous = MirroredFiles.read(mirror());
        Map<String, byte[]> out = new TreeMap<>();
        files.forEach((file, bytes) -> {
            String origin = location() + ":" + file;
            String error = KubernetesManifestReader.yamlError(new String(bytes, StandardCharsets.UTF_8));
            if (error == null) {
                out.put(file, bytes);
                reported.cleared(origin);
                return;
            }
            report(
                    new Rejection(
                            origin,
                            "not-a-manifest",
                            "manifest not taken, "
                                    + (previous.containsKey(file) ? "its last good copy is kept: " : "it has no copy: ")
                                    + error,
                            bytes),
                    rejected);
            if (previous.containsKey(file)) {
                out.put(file, previous.get(file));
            }
        });
        return out;
    }

    /** Opens this source's bare clone, creating it on the first poll. */
    private Git openClone() throws GitAPIException, IOException {
        Path dir = work.resolve("clone.git");
        if (Files.isDirectory(dir.resolve("objects"))) {
            return Git.open(dir.toFile());
        }
        Files.createDirectories(dir);
        return Git.init().setBare(true).setDirectory(dir.toFile()).call();
    }

    /** Fetches the branch (its newest commit only) and returns its commit id. */
    private ObjectId fetch(Git git) throws GitAPIException, IOException {
        String remote = "refs/remotes/origin/" + branch;
        FetchResult result = git.fetch()
                .setRemote(url)
                .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":" + remote))
                .setDepth(1)
                .setCredentialsProvider(credentials)
                .setTransportConfigCallback(transport)
                .setTimeout(FETCH_TIMEOUT_SECONDS)
                .call();
        Ref advertised = result.getAdvertisedRef("refs/heads/" + branch);
        if (advertised == null) {
            throw new IOException("the repository has no branch '" + branch + "'");
        }
        return advertised.getObjectId();
    }

    /** The manifests under the path at {@code commit}, by path in the repository; null when the path is not there. */
    private Map<String, byte[]> manifests(Repository repo, ObjectId commit) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        boolean any = false;
        try (RevWalk walk = new RevWalk(repo);
                TreeWalk tree = new TreeWalk(repo)) {
            RevCommit c = walk.parseCommit(commit);
            tree.addTree(c.getTree());
            tree.setRecursive(true);
            if (!path.isEmpty()) {
                tree.setFilter(PathFilter.create(path));
            }
            while (tree.next()) {
                any = true;
                FileMode mode = tree.getFileMode(0);
                boolean file = mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
                if (file && KubernetesManifestReader.isManifest(tree.getNameString())) {
                    out.put(tree.getPathString(), repo.open(tree.getObjectId(0)).getBytes());
                }
            }
        }
        return any || path.isEmpty() ? out : null;
    }

    private Path mirror() {
        return folder().resolve("kubernetes").resolve(cluster);
    }

    private void report(Rejection r, List<Rejection> rejected) {
        if (reported.isNew(r)) {
            rejected.add(r);
        }
    }

    private static String withoutUserInfo(String url) {
        try {
            URI u = URI.create(url);
            if (u.getRawUserInfo() != null && u.getHost() != null) {
                return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
            }
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            // scp-like (git@host:org/repo.git) or a plain path: no password in it
        }
        return url;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
