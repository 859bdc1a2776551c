package io.driftguard.dashboard.outcome;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The outcome measures for the dashboard's outcomes page. */
@RestController
class OutcomeController {

    private final Outcomes outcomes;

    OutcomeController(Outcomes outcomes) {
        this.outcomes = outcomes;
    }

    @GetMapping("/api/outcomes")
    Outcomes.Snapshot outcomes() {
        return outcomes.snapshot();
    }
}
