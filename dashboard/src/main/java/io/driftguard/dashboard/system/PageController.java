package io.driftguard.dashboard.system;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The HTML pages. They are static files that call the JSON API, so the API is the one source of
 * truth and no template engine or JavaScript build is needed; these mappings give them clean URLs.
 */
@Controller
class PageController {

    @GetMapping("/login")
    String login() {
        return "forward:/login.html";
    }

    @GetMapping("/findings/{id}")
    String finding() {
        return "forward:/finding.html";
    }

    @GetMapping("/correlations")
    String correlations() {
        return "forward:/correlations.html";
    }

    @GetMapping("/approvals")
    String approvals() {
        return "forward:/approvals.html";
    }

    @GetMapping("/outcomes")
    String outcomes() {
        return "forward:/outcomes.html";
    }

    @GetMapping("/admin")
    String admin() {
        return "forward:/admin.html";
    }
}
