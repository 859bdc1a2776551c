package io.driftguard.dashboard.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * An unknown address: a problem detail for the API, the branded "Nothing here" page
 * ({@code static/error/404.html}) for a browser, instead of a JSON body in a browser tab.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MissingPages {

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail missing(NoResourceFoundException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String accept = request.getHeader("Accept");
        boolean page = !request.getRequestURI().startsWith("/api/")
                && accept != null
                && accept.contains(MediaType.TEXT_HTML_VALUE);
        if (page) {
            response.sendError(HttpStatus.NOT_FOUND.value());
            return null;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "nothing at " + e.getResourcePath() + "; see docs/dashboard.md for the API");
        return problem;
    }
}
