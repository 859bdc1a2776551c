package io.driftguard.dashboard.security;

import io.driftguard.dashboard.system.DriftguardProperties;
import io.driftguard.dashboard.system.Problems;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what. Roles: View reads everything but the Admin pages; Edit also decides on
 * recommendations; Admin also reads dead letters, the audit log and the users.
 *
 * <p>Browsers sign in with the login form and a session; scripts use HTTP Basic. CSRF protection
 * is on for everything a session cookie authenticates (the pages send the token from the
 * {@code XSRF-TOKEN} cookie as the {@code X-XSRF-TOKEN} header). It is off only for requests that
 * carry their own {@code Authorization: Basic} header <em>and</em> a JSON body: a cross-site form
 * cannot send a JSON content type, and a cross-site script cannot either without a CORS preflight,
 * which this app never grants, so such a request cannot be forged with the browser's credentials.
 */
@Configuration
public class SecurityConfig {

    static final String REALM = "DriftGuard";

    @Bean
    Accounts accounts(DriftguardProperties properties) {
        return new Accounts(properties.users());
    }

    @Bean
    UserDetailsService userDetailsService(Accounts accounts) {
        return accounts.userDetailsService();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        // The API and the actuator are for programs: an anonymous call is told 401 with a Basic
        // challenge, not redirected to a login form it cannot fill in.
        RequestMatcher api = new OrRequestMatcher(
                PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
                PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"));
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName(REALM);
        // The pages' own fetches say X-Requested-With: a challenge would pop up the browser's
        // Basic dialog, where the page should send the user to the login form instead.
        RequestMatcher pageFetch = new RequestHeaderRequestMatcher("X-Requested-With");

        http.authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                        .permitAll()
                        .requestMatchers(
                                "/login",
                                "/login.html",
                                "/app.css",
                                "/favicon.svg",
                                "/favicon.ico",
                                "/error",
                                "/error/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/findings/*/approvals", "/api/exception-rules/*/revoke")
                        .hasRole(Role.EDIT.name())
                        .requestMatchers(
                                "/api/dead-letters",
                                "/api/audit-log",
                                "/api/users",
                                "/admin",
                                "/admin.html",
                                "/admin/models",
                                "/models.html",
                                "/api/models",
                                "/api/models/**",
                                "/actuator/**")
                        .hasRole(Role.ADMIN.name())
                        .anyRequest()
                        .hasRole(Role.VIEW.name()))
                .httpBasic(b -> b.realmName(REALM).authenticationEntryPoint(basic))
                .formLogin(form -> form.loginPage("/login").permitAll())
                .logout(Customizer.withDefaults())
                .csrf(csrf -> csrf.spa().ignoringRequestMatchers(SecurityConfig::isBasicJsonRequest))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                                (request, response, ex) -> Problems.write(
                                        response,
                                        HttpStatus.UNAUTHORIZED,
                                        Problems.defaultDetail(HttpStatus.UNAUTHORIZED)),
                                request -> api.matches(request) && pageFetch.matches(request))
                        .defaultAuthenticationEntryPointFor(
                                (request, response, ex) -> {
                                    response.addHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                                    Problems.write(
                                            response,
                                            HttpStatus.UNAUTHORIZED,
                                            Problems.defaultDetail(HttpStatus.UNAUTHORIZED));
                                },
                                api)
                        .accessDeniedHandler((request, response, ex) -> {
                            if (api.matches(request) || pageFetch.matches(request)) {
                                Problems.write(
                                        response, HttpStatus.FORBIDDEN, Problems.defaultDetail(HttpStatus.FORBIDDEN));
                            } else {
                                // A page: the branded error page (static/error/403.html) through /error.
                                response.sendError(HttpStatus.FORBIDDEN.value());
                            }
                        })
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"), AnyRequestMatcher.INSTANCE));
        return http.build();
    }

    static boolean isBasicJsonRequest(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        String contentType = request.getContentType();
        return authorization != null
                && authorization.regionMatches(true, 0, "Basic ", 0, 6)
                && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
    }
}
