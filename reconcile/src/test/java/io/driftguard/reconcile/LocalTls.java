package io.driftguard.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate for {@code 127.0.0.1}, made with the JDK's {@code keytool} for one test run, for local
 * fakes of APIs whose clients send tokens over HTTPS only (azure-core's bearer token policy, MSAL's
 * authority). {@link #trustedByClients()} makes it the JVM's default TLS context, which the JDK's HTTP
 * client and {@code HttpsURLConnection} use, until closed.
 */
public final class LocalTls {

    private static final char[] PASSWORD = "local-tls".toCharArray();

    private final SSLContext context;

    private LocalTls(SSLContext context) {
        this.context = context;
    }

    /** A fresh self-signed certificate for 127.0.0.1 (valid two days), its key in {@code dir}. */
    public static LocalTls create(Path dir) throws Exception {
        Path store = dir.resolve("local-tls.p12");
        Process keytool = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "local",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        new String(PASSWORD),
                        "-keypass",
                        new String(PASSWORD)))
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, PASSWORD);
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tm.init(keys);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(km.getKeyManagers(), tm.getTrustManagers(), null);
        return new LocalTls(context);
    }

    /** For the server: its certificate and key. */
    public SSLContext context() {
        return context;
    }

    /** Makes clients built from now on trust the certificate (and only it); closing restores the defaults. */
    public AutoCloseable trustedByClients() throws Exception {
        SSLContext before = SSLContext.getDefault();
        var beforeFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
        SSLContext.setDefault(context);
        HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
        return () -> {
            SSLContext.setDefault(before);
            HttpsURLConnection.setDefaultSSLSocketFactory(beforeFactory);
        };
    }
}
