package io.driftguard.dashboard.assistant;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The page for questions across findings. */
@Controller
class AssistantPage {

    @GetMapping("/assistant")
    String page() {
        return "forward:/assistant.html";
    }
}
