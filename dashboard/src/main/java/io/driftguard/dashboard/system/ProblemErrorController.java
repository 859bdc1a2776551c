package io.driftguard.dashboard.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Errors that never reach a controller (a filter's {@code sendError}, an unmapped path, a failure
 * while writing the response) as RFC 9457 problem details for API clients, and as the branded
 * pages in {@code static/error/} for browsers, instead of Spring Boot's JSON map and Whitelabel page.
 * Errors inside controllers are problem details already ({@code spring.mvc.problemdetails.enabled}).
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
class ProblemErrorController extends BasicErrorController {

    ProblemErrorController(ErrorAttributes attributes, List<ErrorViewResolver> resolvers) {
        super(attributes, properties(), resolvers);
    }

    private static ErrorProperties properties() {
        ErrorProperties p = new ErrorProperties();
        p.setIncludeMessage(ErrorProperties.IncludeAttribute.ALWAYS);
        return p;
    }

    /**
     * {@code /error} asked for by name, not reached through the container's error dispatch, has no
     * error to describe: it is a page that does not exist (Spring Boot would answer 500).
     */
    @Override
    protected HttpStatus getStatus(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
            return HttpStatus.NOT_FOUND;
        }
        return super.getStatus(request);
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        HttpStatus status = getStatus(request);
        if (status == HttpStatus.NO_CONTENT) {
            return new ResponseEntity<>(status);
        }
        Map<String, Object> attributes =
                getErrorAttributes(request, ErrorAttributeOptions.of(ErrorAttributeOptions.Include.MESSAGE));
        Object message = attributes.get("message");
        String detail = message instanceof String s && !s.isBlank() && !s.equals("No message available")
                ? s
                : Problems.defaultDetail(status);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        Object path = attributes.get("path");
        if (path instanceof String p) {
            problem.setInstance(java.net.URI.create(p.replace(" ", "%20")));
        }
        return Problems.response(problem);
    }
}
