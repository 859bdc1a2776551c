package io.driftguard.dashboard.system;

import io.driftguard.core.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** RFC 9457 problem details, the one error format of the API, from controllers and filters alike. */
public final class Problems {

    private Problems() {}

    /** What a status means for a DriftGuard user when nothing more specific is known. */
    public static String defaultDetail(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> "sign in first: a session from /login, or HTTP Basic credentials on every request";
            case FORBIDDEN -> "your role does not allow this; view reads, edit also decides, admin also administers";
            case NOT_FOUND -> "nothing here; see docs/dashboard.md for the API";
            case METHOD_NOT_ALLOWED -> "this method is not supported here";
            default -> status.getReasonPhrase();
        };
    }

    static ResponseEntity<Map<String, Object>> response(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(asMap(problem));
    }

    /** Writes a problem directly, for filters (authentication, access denied) that answer before MVC. */
    public static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(Json.MAPPER.writeValueAsBytes(asMap(problem)));
    }

    private static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "type",
                problem.getType() == null ? "about:blank" : problem.getType().toString());
        out.put("title", problem.getTitle());
        out.put("status", problem.getStatus());
        out.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            out.put("instance", problem.getInstance().toString());
        }
        return out;
    }
}
