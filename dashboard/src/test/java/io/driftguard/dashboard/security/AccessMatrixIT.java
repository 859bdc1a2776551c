package io.driftguard.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.dashboard.support.Findings;
import io.driftguard.dashboard.support.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every endpoint the running dashboard serves × anonymous, viewer, editor and admin → the status
 * each must get, over real HTTP through the real filter chain. The endpoints are read from Spring's
 * own handler mappings (controllers and Actuator) and from the static files, so an endpoint added
 * without a line in {@link #EXPECTED} fails {@link #everyEndpointHasAnExpectation()}.
 *
 * <p>And CSRF: every state-changing request (each non-GET mapping, plus sign-in and sign-out) made
 * from a signed-in browser session without the token, with a wrong token, or as a form a cross-site
 * page could post, is refused with 403 and changes nothing.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"driftguard.metrics.refresh=0s"})
class AccessMatrixIT {

    static final TestDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DB.register(registry);
    }

    /** Who may call an endpoint: anyone, or a signed-in user holding at least this role. */
    enum Access {
        PUBLIC,
        VIEW,
        EDIT,
        ADMIN
    }

    /**
     * An endpoint's rule: who may call it, and what a permitted caller gets with the fixtures below;
     * {@code hiddenBelow}: callers below this role get 404, as if it did not exist.
     */
    record Rule(Access access, int permitted, Access hiddenBelow) {
        Rule(Access access, int permitted) {
            this(access, permitted, Access.PUBLIC);
        }
    }

    static final String FINDING = "f-aws-sg-ssh";
    static final String NO_SUCH_RULE = "987654";

    /**
     * One line per endpoint ("METHOD pattern" as Spring maps it; static files by their path). The
     * permitted status is what a caller with enough rights gets for the fixture finding: 201 for a
     * decision, 404 for revoking a rule that does not exist, 503 for the assistant (no API key here).
     */
    static final Map<String, Rule> EXPECTED = new TreeMap<>(Map.ofEntries(
            // The JSON API
            Map.entry("GET /api/me", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/vocabulary", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/findings", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/findings/page", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/findings/stream", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/findings/{id}", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/findings/{id}/timeline", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/findings/{id}/approvals", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/findings/{id}/commitments", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/findings/{id}/exception-rules", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/exception-rules", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/approvals/queue", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/correlations/heatmap", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/correlations/service-hours", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/outcomes", new Rule(Access.VIEW, 200)),
            Map.entry("GET /api/assistant", new Rule(Access.VIEW, 200)),
            Map.entry("POST /api/findings/{id}/ask", new Rule(Access.VIEW, 503)),
            Map.entry("GET /api/findings/{id}/conversation", new Rule(Access.VIEW, 200)),
            Map.entry("POST /api/findings/{id}/conversation/reset", new Rule(Access.VIEW, 204)),
            Map.entry("GET /api/findings/{id}/analysis", new Rule(Access.VIEW, 204)),
            Map.entry("GET /api/assistant/conversation", new Rule(Access.VIEW, 200)),
            Map.entry("POST /api/assistant/ask", new Rule(Access.VIEW, 503)),
            Map.entry("POST /api/assistant/conversation/reset", new Rule(Access.VIEW, 204)),
            Map.entry("POST /api/findings/{id}/approvals", new Rule(Access.EDIT, 201)),
            Map.entry("POST /api/exception-rules/{ruleId}/revoke", new Rule(Access.EDIT, 404)),
            Map.entry("GET /api/dead-letters", new Rule(Access.ADMIN, 200)),
            Map.entry("GET /api/audit-log", new Rule(Access.ADMIN, 200)),
            Map.entry("GET /api/users", new Rule(Access.ADMIN, 200)),
            Map.entry("GET /api/models", new Rule(Access.ADMIN, 200)),
            Map.entry("GET /api/models/shadow", new Rule(Access.ADMIN, 200)),
            // Pages with clean addresses
            Map.entry("GET /login", new Rule(Access.PUBLIC, 200)),
            Map.entry("GET /findings/{id}", new Rule(Access.VIEW, 200)),
            Map.entry("GET /correlations", new Rule(Access.VIEW, 200)),
            Map.entry("GET /approvals", new Rule(Access.VIEW, 200)),
            Map.entry("GET /outcomes", new Rule(Access.VIEW, 200)),
            Map.entry("GET /admin", new Rule(Access.ADMIN, 200)),
            Map.entry("GET /admin/models", new Rule(Access.ADMIN, 200)),
            Map.entry("GET /assistant", new Rule(Access.VIEW, 200)),
            // Called directly there is no error to describe: a page that does not exist.
            Map.entry("GET /error", new Rule(Access.PUBLIC, 404)),
            // Actuator: health and the Prometheus scrape are open (load balancers, Prometheus); the rest is Admin.
            Map.entry("GET /actuator", new Rule(Access.ADMIN, 200)),
            Map.entry("GET /actuator/health", new Rule(Access.PUBLIC, 200)),
            // A health component (here the database's) is shown to Admin only; to others it does not exist.
            Map.entry("GET /actuator/health/**", new Rule(Access.PUBLIC, 200, Access.ADMIN)),
            Map.entry("GET /actuator/info", new Rule(Access.ADMIN, 200)),
            Map.entry("GET /actuator/prometheus", new Rule(Access.PUBLIC, 200)),
            // Static files, and the feed as the welcome page
            Map.entry("GET /", new Rule(Access.VIEW, 200)),
            Map.entry("GET /index.html", new Rule(Access.VIEW, 200)),
            Map.entry("GET /finding.html", new Rule(Access.VIEW, 200)),
            Map.entry("GET /correlations.html", new Rule(Access.VIEW, 200)),
            Map.entry("GET /approvals.html", new Rule(Access.VIEW, 200)),
            Map.entry("GET /outcomes.html", new Rule(Access.VIEW, 200)),
            Map.entry("GET /admin.html", new Rule(Access.ADMIN, 200)),
            Map.entry("GET /models.html", new Rule(Access.ADMIN, 200)),
            Map.entry("GET /assistant.html", new Rule(Access.VIEW, 200)),
            Map.entry("GET /assistant.js", new Rule(Access.VIEW, 200)),
            Map.entry("GET /app.js", new Rule(Access.VIEW, 200)),
            Map.entry("GET /login.html", new Rule(Access.PUBLIC, 200)),
            Map.entry("GET /app.css", new Rule(Access.PUBLIC, 200)),
            Map.entry("GET /favicon.svg", new Rule(Access.PUBLIC, 200)),
            Map.entry("GET /error/403.html", new Rule(Access.PUBLIC, 200)),
            Map.entry("GET /error/404.html", new Rule(Access.PUBLIC, 200)),
            Map.entry("GET /error/4xx.html", new Rule(Access.PUBLIC, 200)),
            Map.entry("GET /error/5xx.html", new Rule(Access.PUBLIC, 200))));

    /** The callers: anonymous, then one user of each role (the application's default accounts). */
    static final List<String> CALLERS = List.of("anonymous", "viewer", "editor", "admin");

    static final Map<String, Access> ROLE_OF =
            Map.of("anonymous", Access.PUBLIC, "viewer", Access.VIEW, "editor", Access.EDIT, "admin", Access.ADMIN);

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    static boolean written;

    /** The fixtures, once the application's Flyway run has made the schema. */
    @BeforeEach
    synchronized void fixtures() {
        if (!written) {
            Findings.writeAll(DB);
            written = true;
        }
    }

    @Test
    void everyEndpointHasAnExpectation() throws IOException {
        Set<String> served = served();
        assertThat(served)
                .as("endpoints the dashboard serves that have no line in AccessMatrixIT.EXPECTED: "
                        + "say who may call each new endpoint")
                .isSubsetOf(EXPECTED.keySet());
        assertThat(EXPECTED.keySet())
                .as("lines in AccessMatrixIT.EXPECTED for endpoints the dashboard no longer serves")
                .isSubsetOf(served);
    }

    @Test
    void everyEndpointAnswersEachCallerAsExpected() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Rule> e : EXPECTED.entrySet()) {
            String method = e.getKey().substring(0, e.getKey().indexOf(' '));
            String pattern = e.getKey().substring(method.length() + 1);
            for (String caller : CALLERS) {
                int expected = expectedStatus(pattern, e.getValue(), caller);
                Call call = call(method, concrete(pattern), caller);
                checked++;
                boolean ok = call.status == expected && (expected != 302 || call.location.endsWith("/login"));
                if (!ok) {
                    wrong.add(String.format(
                            "%-48s %-9s expected %d, got %d%s",
                            e.getKey(),
                            caller,
                            expected,
                            call.status,
                            call.location.isEmpty() ? "" : " → " + call.location));
                }
            }
        }
        assertThat(wrong)
                .as("endpoint × caller answers that differ from the matrix")
                .isEmpty();
        assertThat(checked).isEqualTo(EXPECTED.size() * CALLERS.size());
    }

    /** Anonymous: 401 from the API and the actuator (programs), the login form for pages; too low a role: 403. */
    static int expectedStatus(String pattern, Rule rule, String caller) {
        Access held = ROLE_OF.get(caller);
        if (rule.access() == Access.PUBLIC) {
            return held.compareTo(rule.hiddenBelow()) >= 0 ? rule.permitted() : 404;
        }
        if (held == Access.PUBLIC) {
            return pattern.startsWith("/api/") || pattern.startsWith("/actuator") ? 401 : 302;
        }
        return held.compareTo(rule.access()) >= 0 ? rule.permitted() : 403;
    }

    @Test
    void stateChangingRequestsFromASessionNeedTheCsrfToken() throws Exception {
        List<String> changing = new ArrayList<>();
        for (String key : served()) {
            if (!key.startsWith("GET ")) {
                changing.add(key);
            }
        }
        assertThat(changing)
                .as("the state-changing endpoints")
                .containsExactlyInAnyOrder(
                        "POST /api/findings/{id}/ask",
                        "POST /api/findings/{id}/conversation/reset",
                        "POST /api/assistant/ask",
                        "POST /api/assistant/conversation/reset",
                        "POST /api/findings/{id}/approvals",
                        "POST /api/exception-rules/{ruleId}/revoke");
        Session admin = Session.signIn(base(), "admin");
        List<String> wrong = new ArrayList<>();
        for (String key : changing) {
            String path = concrete(key.substring(key.indexOf(' ') + 1));
            long before = writes();
            for (Forgery forgery : Forgery.values()) {
                int status = admin.post(path, forgery);
                if (status != 403) {
                    wrong.add(key + " " + forgery + ": " + status);
                }
            }
            assertThat(writes())
                    .as("rows written by refused requests to " + key)
                    .isEqualTo(before);
            // The page's own request, with the token from the cookie, passes the CSRF check.
            int status = admin.post(path, null);
            if (status != EXPECTED.get(key).permitted()) {
                wrong.add(key + " with the token: " + status);
            }
        }
        assertThat(wrong)
                .as("state-changing requests not refused without a valid CSRF token")
                .isEmpty();
    }

    @Test
    void signInAndSignOutNeedTheCsrfTokenToo() throws Exception {
        // Login CSRF: a cross-site form that signs the victim in as the attacker.
        Session fresh = Session.anonymous(base());
        String form = "username=admin&password=admin";
        assertThat(fresh.send("POST", "/login", form, "application/x-www-form-urlencoded", Map.of()).status)
                .isEqualTo(403);
        assertThat(fresh.send("GET", "/api/me", null, null, Map.of("X-Requested-With", "fetch")).status)
                .as("still signed out")
                .isEqualTo(401);
        // Logout CSRF: a cross-site form that signs the victim out.
        Session admin = Session.signIn(base(), "admin");
        assertThat(admin.send("POST", "/logout", "", "application/x-www-form-urlencoded", Map.of()).status)
                .isEqualTo(403);
        assertThat(admin.send("GET", "/api/me", null, null, Map.of()).status)
                .as("still signed in")
                .isEqualTo(200);
        assertThat(admin.send("POST", "/logout", "", "application/x-www-form-urlencoded", admin.tokenHeader()).status)
                .as("sign-out with the token (204 to a script, a redirect to a browser)")
                .isIn(204, 302);
        assertThat(admin.send("GET", "/api/me", null, null, Map.of("X-Requested-With", "fetch")).status)
                .as("signed out")
                .isEqualTo(401);
    }

    @Test
    void crossOriginPreflightsAreNeverGranted() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/api/findings/" + FINDING + "/approvals", "/api/findings")) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base() + path))
                            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .header("Origin", "https://attacker.example")
                            .header("Access-Control-Request-Method", "POST")
                            .header("Access-Control-Request-Headers", "authorization,content-type")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin"))
                    .as("CORS grant for " + path)
                    .isEmpty();
        }
    }

    /** The requests a cross-site page could make with the victim's session cookie. */
    enum Forgery {
        /** JSON with the session cookie and no token (a same-site script without the cookie's value). */
        JSON_WITHOUT_TOKEN,
        /** JSON with a token the attacker made up. */
        JSON_WITH_WRONG_TOKEN,
        /** A cross-site HTML form: url-encoded, no custom header possible. */
        FORM,
        /** A cross-site form with enctype text/plain carrying a JSON-looking body. */
        TEXT_PLAIN
    }

    private long writes() {
        return jdbc.sql("SELECT (SELECT count(*) FROM approvals) + (SELECT count(*) FROM audit_log)"
                        + " + (SELECT count(*) FROM exception_rules WHERE revoked_at IS NOT NULL)")
                .query(Long.class)
                .single();
    }

    /** Every "METHOD pattern" the application maps, and every static file as "GET /path". */
    private Set<String> served() throws IOException {
        Set<String> served = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping :
                context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        served.add("GET " + pattern); // any method: GET stands for it
                    }
                    for (RequestMethod m : methods) {
                        served.add(m.name() + " " + pattern);
                    }
                }
            }
        }
        served.add("GET /"); // the welcome page: static/index.html
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        Resource root = resolver.getResource("classpath:static/");
        String rootUri = root.getURI().toString();
        for (Resource r : resolver.getResources("classpath:static/**/*")) {
            if (r.isReadable() && !r.getURI().toString().endsWith("/")) {
                served.add("GET /" + r.getURI().toString().substring(rootUri.length()));
            }
        }
        return served;
    }

    private static String concrete(String pattern) {
        return pattern.replace("{id}", FINDING)
                .replace("{ruleId}", NO_SUCH_RULE)
                .replace("**", "db");
    }

    private String base() {
        return "http://localhost:" + port;
    }

    record Call(int status, String location) {}

    /** One request; a script's request for the API (Basic, JSON), a browser's for everything else. */
    private Call call(String method, String path, String caller) throws Exception {
        Session session = caller.equals("anonymous") ? Session.anonymous(base()) : new Session(base());
        Map<String, String> headers = new LinkedHashMap<>();
        if (!caller.equals("anonymous")) {
            headers.put(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((caller + ":" + caller).getBytes(StandardCharsets.UTF_8)));
        } else {
            // Anonymous but with a valid CSRF token, so that the answer is the authorization's, not CSRF's.
            headers.putAll(session.tokenHeader());
        }
        // What a script and a browser send: JSON first, or HTML first; either takes anything else too.
        headers.put("Accept", path.startsWith("/api/") ? "application/json, */*;q=0.5" : "text/html, */*;q=0.8");
        String body = method.equals("GET") ? null : body(path);
        return session.send(method, path, body, body == null ? null : "application/json", headers);
    }

    private static String body(String path) {
        if (path.endsWith("/ask")) {
            return "{\"question\":\"why?\"}";
        }
        if (path.endsWith("/approvals")) {
            return "{\"decision\":\"deferred\",\"comment\":\"access matrix\"}";
        }
        return "{}";
    }

    /** A browser's cookie jar against the dashboard: the session and the XSRF-TOKEN cookie. */
    static final class Session {
        final String base;
        final CookieManager cookies = new CookieManager();
        final HttpClient http;

        Session(String base) {
            this.base = base;
            this.http = HttpClient.newBuilder()
                    .cookieHandler(cookies)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        }

        /** No one signed in, holding the CSRF cookie the login page hands out. */
        static Session anonymous(String base) throws Exception {
            Session s = new Session(base);
            s.send("GET", "/login", null, null, Map.of());
            return s;
        }

        /** Signed in through the login form, as a browser does. */
        static Session signIn(String base, String user) throws Exception {
            Session s = anonymous(base);
            String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(user, StandardCharsets.UTF_8);
            Call login = s.send("POST", "/login", form, "application/x-www-form-urlencoded", s.tokenHeader());
            assertThat(login.status).as("sign-in").isEqualTo(302);
            assertThat(login.location).doesNotContain("error");
            // The token changes at sign-in; the next response hands out the new one.
            assertThat(s.send("GET", "/api/me", null, null, Map.of()).status).isEqualTo(200);
            return s;
        }

        Map<String, String> tokenHeader() {
            return token() == null ? Map.of() : Map.of("X-XSRF-TOKEN", token());
        }

        String token() {
            for (HttpCookie c : cookies.getCookieStore().get(URI.create(base))) {
                if (c.getName().equals("XSRF-TOKEN")) {
                    return c.getValue();
                }
            }
            return null;
        }

        /** A POST from this session: the page's own ({@code forgery} null) or a forged one. */
        int post(String path, Forgery forgery) throws Exception {
            String json = body(path);
            if (forgery == null) {
                return send("POST", path, json, "application/json", tokenHeader()).status;
            }
            return switch (forgery) {
                case JSON_WITHOUT_TOKEN -> send("POST", path, json, "application/json", Map.of()).status;
                case JSON_WITH_WRONG_TOKEN ->
                    send(
                                    "POST",
                                    path,
                                    json,
                                    "application/json",
                                    Map.of("X-XSRF-TOKEN", "00000000-0000-0000-0000-000000000000"))
                            .status;
                case FORM ->
                    send("POST", path, "decision=approved", "application/x-www-form-urlencoded", Map.of()).status;
                case TEXT_PLAIN -> send("POST", path, json, "text/plain", Map.of()).status;
            };
        }

        Call send(String method, String path, String body, String contentType, Map<String, String> headers)
                throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(20))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            headers.forEach(b::header);
            // A stream (server-sent events) never ends: take the status and hang up.
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (!r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                    in.readAllBytes();
                }
            }
            return new Call(r.statusCode(), r.headers().firstValue("Location").orElse(""));
        }
    }
}
