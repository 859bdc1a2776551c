package io.driftguard.ingest.connect.metrics;

/**
 * Settings of the JDK HTTP server that serves the webhooks and the metrics.
 *
 * <p>Time limits: without them a client that sends its headers or body slowly (or never) holds a
 * request thread for ever, and a few hundred such connections stop the server. With them the server
 * closes any request that has not been read and answered within {@link #REQUEST_SECONDS} seconds.
 *
 * <p>{@code TCP_NODELAY}: the JDK server writes an answer's headers and its body in two writes and
 * leaves Nagle's algorithm on by default, so the body waits for the client's acknowledgement of
 * the headers, which Linux delays by up to 40 ms. Every exchange on a kept-alive connection took
 * about 40 ms that way, whatever the load: 64 sender connections could not get past about 1,300
 * deliveries/s with two cores mostly idle ({@code bench/webhook-load.sh}; 2,000/s with p50 5 ms once
 * switched off).
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
    static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private HttpLimits() {}

    public static void install() {
        if (System.getProperty(MAX_REQUEST_TIME) == null) {
            System.setProperty(MAX_REQUEST_TIME, REQUEST_SECONDS);
        }
        if (System.getProperty(MAX_RESPONSE_TIME) == null) {
            System.setProperty(MAX_RESPONSE_TIME, REQUEST_SECONDS);
        }
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }
}
