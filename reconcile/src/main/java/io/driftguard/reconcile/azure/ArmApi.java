package io.driftguard.reconcile.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.reconcile.RateLimiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The Azure Resource Manager REST API ({@code GET https://management.azure.com/subscriptions/…}) through
 * azure-core's HTTP pipeline, the layer every Azure Java SDK client is built on: the JDK's HTTP client
 * (no Netty), bearer tokens from an Azure Identity credential (refreshed before they expire), and
 * azure-core's retry policy, which waits as long as a throttled answer's {@code Retry-After} (or
 * {@code x-ms-retry-after-ms}) says before trying again, else backs off exponentially (1 s doubling,
 * five retries), on 408, 429 and 5xx answers and broken connections; a failed sign-in is not retried
 * (the credential has made its own attempts, and trying again cannot make a wrong secret right).
 * Lists follow {@code nextLink} to the last page, one rate limiter permit a page.
 */
final class ArmApi implements AutoCloseable {

    static final URI PUBLIC = URI.create("https://management.azure.com");
    private static final int RETRIES = 5;

    /** A call ARM refused or failed, with its status and ARM's error code ({@code AuthorizationFailed}). */
    static final class ArmException extends RuntimeException {
        final int status;
        final String code;

        ArmException(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private final URI endpoint;
    private final Supplier<TokenCredential> credential;
    private final RateLimiter limiter;
    private HttpPipeline pipeline;

    /**
     * @param endpoint ARM's root (a sovereign cloud's, a test fake's), or null for the public cloud's
     * @param credential made on the first call, so an installation that declares nothing on Azure
     *     never looks for credentials
     */
    ArmApi(URI endpoint, Supplier<TokenCredential> credential, RateLimiter limiter) {
        this.endpoint = endpoint == null ? PUBLIC : endpoint;
        this.credential = credential;
        this.limiter = limiter;
    }

    /**
     * The token scope for an endpoint: a sovereign cloud's own ({@code https://management.usgovcloudapi.net})
     * for a {@code management.*} host, else the public cloud's (a proxy or private link in front of it).
     */
    static String scope(URI endpoint) {
        String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
        if ("https".equalsIgnoreCase(endpoint.getScheme()) && host.startsWith("management.")) {
            return "https://" + host + "/.default";
        }
        return PUBLIC + "/.default";
    }

    private synchronized HttpPipeline pipeline() {
        if (pipeline == null) {
            pipeline = new HttpPipelineBuilder()
                    .httpClient(new JdkHttpClientBuilder().build())
                    .policies(
                            new UserAgentPolicy("driftguard-reconcile"),
                            new RetryPolicy(new RetryOptions(new ExponentialBackoffOptions()
                                            .setMaxRetries(RETRIES)
                                            .setBaseDelay(Duration.ofSeconds(1))
                                            .setMaxDelay(Duration.ofSeconds(60)))
                                    .setShouldRetryCondition(ArmApi::retry)),
                            new BearerTokenAuthenticationPolicy(failingOnce(credential.get()), scope(endpoint)))
                    .build();
        }
        return pipeline;
    }

    /**
     * The credential, its failures made final: azure-core's retry policy judges a failure by its
     * innermost cause, and a sign-in that could not reach its authority fails with a connection error
     * the credential has already retried itself.
     */
    private static TokenCredential failingOnce(TokenCredential credential) {
        return new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext request) {
                return credential.getToken(request).onErrorMap(ArmApi::signInFailed);
            }

            @Override
            public AccessToken getTokenSync(TokenRequestContext request) {
                try {
                    return credential.getTokenSync(request);
                } catch (RuntimeException e) {
                    throw signInFailed(e);
                }
            }
        };
    }

    private static ClientAuthenticationException signInFailed(Throwable e) {
        return new ClientAuthenticationException(e.getMessage(), null);
    }

    /** Throttling, timeouts, server errors and broken connections: worth another try; a failed sign-in is not. */
    static boolean retry(RequestRetryCondition c) {
        if (c.getResponse() != null) {
            int s = c.getResponse().getStatusCode();
            return s == 408 || s == 429 || (s >= 500 && s != 501 && s != 505);
        }
        // azure-core hands over the innermost cause; the sign-in's failure is MSAL's, under Azure Identity's
        for (Throwable t = c.getThrowable(); t != null; t = t.getCause()) {
            if (t instanceof ClientAuthenticationException
                    || t.getClass().getName().startsWith("com.microsoft.aad.msal4j.")) {
                return false;
            }
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Every item of a list call ({@code …/providers/Microsoft.Network/networkSecurityGroups}), every page followed. */
    List<JsonNode> list(String path, String apiVersion) {
        List<JsonNode> items = new ArrayList<>();
        String url = endpoint + path + "?api-version=" + apiVersion;
        while (url != null) {
            limiter.acquire();
            JsonNode page = get(url);
            page.path("value").forEach(items::add);
            String next = page.path("nextLink").asText("");
            url = next.isEmpty() ? null : sameOrigin(next);
        }
        return items;
    }

    /** One resource ({@code …/sites/s/config/web}). */
    JsonNode get(String path, String apiVersion) {
        limiter.acquire();
        return get(endpoint + path + "?api-version=" + apiVersion);
    }

    /** A next page on another host would receive the bearer token: refused. */
    private String sameOrigin(String next) {
        URI n = URI.create(next);
        if (!endpoint.getScheme().equalsIgnoreCase(n.getScheme())
                || !endpoint.getHost().equalsIgnoreCase(n.getHost())
                || endpoint.getPort() != n.getPort()) {
            throw new ArmException(0, "ForeignNextLink", "nextLink leaves " + endpoint + ": " + next);
        }
        return next;
    }

    private JsonNode get(String url) {
        HttpRequest request = new HttpRequest(HttpMethod.GET, url).setHeader("Accept", "application/json");
        try (HttpResponse response = pipeline().sendSync(request, Context.NONE)) {
            byte[] body = response.getBodyAsBinaryData() == null
                    ? new byte[0]
                    : response.getBodyAsBinaryData().toBytes();
            if (response.getStatusCode() == 200) {
                return Json.MAPPER.readTree(body);
            }
            throw error(response.getStatusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(URI.create(url).getPath() + ": " + e.getMessage(), e);
        }
    }

    /** ARM's error body: {@code {"error": {"code": "AuthorizationFailed", "message": "…"}}}. */
    private static ArmException error(int status, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode e = Json.MAPPER.readTree(body).path("error");
            String message = e.path("message").asText("");
            return new ArmException(status, e.path("code").asText(""), message.isEmpty() ? text : message);
        } catch (IOException | RuntimeException e) {
            return new ArmException(status, "", text);
        }
    }

    @Override
    public void close() {
        // the JDK client holds no connection open between calls that needs closing on Java 17
    }
}
