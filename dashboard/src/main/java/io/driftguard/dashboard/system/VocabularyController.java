package io.driftguard.dashboard.system;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves {@link Vocabulary#ALL} to the pages. */
@RestController
class VocabularyController {

    @GetMapping("/api/vocabulary")
    Vocabulary vocabulary() {
        return Vocabulary.ALL;
    }
}
