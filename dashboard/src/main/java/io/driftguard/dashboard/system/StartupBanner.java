package io.driftguard.dashboard.system;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Prints where the dashboard listens, on standard output, where the demo launcher looks for it. */
@Component
class StartupBanner {

    private final Environment environment;

    StartupBanner(Environment environment) {
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void printUrl() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String context = environment.getProperty("server.servlet.context-path", "");
        System.out.println("DriftGuard dashboard ready at http://localhost:" + port + context + "/");
    }
}
