package io.driftguard.ingest.iac.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Git over SSH on a local port: an Apache MINA sshd server (the library JGit's own SSH client is built
 * on) with a host key of its own, that lets in one client key and answers {@code git-upload-pack '<repo>'}
 * with JGit's upload-pack on a bare repository under its root, as a Git host does for a deploy key.
 * Writes the client's private key and a {@code known_hosts} line for the server, as a user would keep
 * them, and counts the sessions whose key it refused.
 */
final class GitSshServer implements AutoCloseable {

    private final SshServer sshd;
    private final Path clientKey;
    private final Path knownHosts;
    private final AtomicInteger refused = new AtomicInteger();

    /** Serves the repositories under {@code root}; writes {@code id_ecdsa} and {@code known_hosts} into {@code keys}. */
    GitSshServer(Path root, Path keys) throws Exception {
        KeyPair host = ecKey();
        KeyPair client = ecKey();
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(host));
        sshd.setPublickeyAuthenticator((user, key, session) -> {
            boolean ok = KeyUtils.compareKeys(key, client.getPublic());
            if (!ok) {
                refused.incrementAndGet();
            }
            return ok;
        });
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setCommandFactory((channel, command) -> new UploadPackCommand(root, command));
        sshd.start();
        Files.createDirectories(keys);
        clientKey = keys.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(clientKey)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "iac-sync", null, out);
        }
        knownHosts = keys.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(host.getPublic()) + "\n");
    }

    /** A key pair the server lets in: not the client's, for a refused login. */
    static Path otherKey(Path keys) throws Exception {
        Path key = keys.resolve("id_other");
        try (OutputStream out = Files.newOutputStream(key)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(ecKey(), "someone-else", null, out);
        }
        return key;
    }

    int port() {
        return sshd.getPort();
    }

    /** {@code ssh://git@127.0.0.1:<port>/<name>.git}. */
    String url(String name) {
        return "ssh://git@127.0.0.1:" + port() + "/" + name + ".git";
    }

    Path clientKey() {
        return clientKey;
    }

    Path knownHosts() {
        return knownHosts;
    }

    int refused() {
        return refused.get();
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** {@code git-upload-pack '/<name>.git'}: JGit's upload-pack on that repository under the root. */
    private static final class UploadPackCommand implements Command {
        private final Path root;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        UploadPackCommand(Path root, String command) {
            this.root = root;
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread t = new Thread(this::run, "git-upload-pack");
            t.setDaemon(true);
            t.start();
        }

        private void run() {
            if (!command.startsWith("git-upload-pack ")) {
                fail("only git-upload-pack is served, not: " + command);
                return;
            }
            String path = command.substring("git-upload-pack ".length())
                    .replace("'", "")
                    .replaceAll("^/+", "");
            Path dir = root.resolve(path).normalize();
            if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
                fail("no repository " + path);
                return;
            }
            try (Repository repo = new FileRepositoryBuilder()
                    .setGitDir(dir.toFile())
                    .setMustExist(true)
                    .build()) {
                new UploadPack(repo).upload(in, out, err);
                out.flush();
                exit.onExit(0);
            } catch (IOException e) {
                fail(String.valueOf(e.getMessage()));
            }
        }

        private void fail(String message) {
            try {
                err.write((message + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
            } catch (IOException e) {
                // the client has gone: nothing more to tell it
            }
            exit.onExit(1, message);
        }

        @Override
        public void destroy(ChannelSession channel) {}
    }
}
