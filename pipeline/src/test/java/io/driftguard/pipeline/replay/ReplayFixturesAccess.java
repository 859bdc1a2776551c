package io.driftguard.pipeline.replay;

import java.io.IOException;
import java.nio.file.Path;

/** The replay fixtures, for tests in other packages. */
public final class ReplayFixturesAccess {

    public static final String SG = ReplayFixtures.SG;

    private ReplayFixturesAccess() {}

    public static void terraformState(Path root) throws IOException {
        ReplayFixtures.terraformState(root);
    }

    public static String record(String eventId, String time, String eventName, String userAgent, String request, String error) {
        return ReplayFixtures.record(eventId, time, eventName, userAgent, request, error);
    }

    public static String ingress(int port) {
        return ReplayFixtures.ingress(port);
    }
}
