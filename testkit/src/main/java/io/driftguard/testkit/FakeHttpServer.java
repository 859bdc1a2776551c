package io.driftguard.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The HTTP plumbing the local fakes of cloud APIs share (reconcile's EC2, S3, Compute, Kubernetes and
 * Azure Resource Manager, iac-sync's CloudFormation and Git): a server on a free loopback port (plain,
 * or HTTPS for clients that send tokens over nothing else) that hands every request to
 * {@link #handle}, answers written in one piece, and form or query decoding. What a fake answers,
 * and in which wire format, is the subclass's.
 */
public abstract class FakeHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final String scheme;

    protected FakeHttpServer() throws IOException {
        this(null);
    }

    /** @param tls the server's certificate and key (reconcile's test {@code LocalTls}), or null for plain HTTP */
    protected FakeHttpServer(SSLContext tls) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 0);
            scheme = "http";
        } else {
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
            scheme = "https";
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers one request; called on the server's thread. */
    protected abstract void handle(HttpExchange x) throws IOException;

    /** The base URL, {@code http://127.0.0.1:PORT} (or {@code https://}). */
    public String url() {
        return scheme + "://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers with {@code status} and the whole {@code body}, then ends the exchange. */
    protected static void send(HttpExchange x, int status, String contentType, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", contentType);
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    /** The pairs of a form body or query string ({@code a=1&b=2}), decoded; empty for {@code null}. */
    protected static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
