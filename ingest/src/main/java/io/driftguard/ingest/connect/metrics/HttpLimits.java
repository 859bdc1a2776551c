package io.driftguard.ingest.connect.metrics;

/**
 * Time limits for the JDK HTTP server that serves the webhooks and the metrics. Without them a
 * client that sends its headers or body slowly (or never) holds a request thread for ever, and a
 * few hundred such connections stop the server. With them the server closes any request that has
 * not been read and answered within {@link #REQUEST_SECONDS} seconds.
 *
 * <p>The JDK reads these settings once, when its first HTTP server starts in the process, so they are
 * installed by the classes that start ours ({@code WebhookReceiver}, {@link MetricsServer}); a value
 * given on the command line ({@code -Dsun.net.httpserver.maxReqTime=…}) wins.
 */
public final class HttpLimits {

    /** Seconds a request may take from its first byte to its last, and its answer likewise. */
    public static final String REQUEST_SECONDS = "20";

    static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";
    static final String MAX_RESPONSE_TIME = "sun.net.httpserver.maxRspTime";

    private HttpLimits() {}

    public static void install() {
        if (System.getProperty(MAX_REQUEST_TIME) == null) {
            System.setProperty(MAX_REQUEST_TIME, REQUEST_SECONDS);
        }
        if (System.getProperty(MAX_RESPONSE_TIME) == null) {
            System.setProperty(MAX_RESPONSE_TIME, REQUEST_SECONDS);
        }
    }
}
