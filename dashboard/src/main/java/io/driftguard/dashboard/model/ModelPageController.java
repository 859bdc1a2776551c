package io.driftguard.dashboard.model;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The Admin page of the model registry, a static file over {@code /api/models}. */
@Controller
class ModelPageController {

    @GetMapping("/admin/models")
    String models() {
        return "forward:/models.html";
    }
}
