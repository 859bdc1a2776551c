package io.driftguard.dashboard.finding;

import io.driftguard.dashboard.system.DriftguardProperties;
import io.driftguard.dashboard.system.JsonArrays;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes findings the job writes to every open feed. One poller serves all clients, so the database
 * load does not grow with the number of browsers, and it polls only while someone listens.
 *
 * <p>Each poll looks back {@code overlap} before the newest {@code updated_at} seen, because a
 * writer's transaction can commit after a later one; the versions already sent are remembered so
 * the look-back does not send a row twice.
 */
@Component
public class FindingStream implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(FindingStream.class);
    private static final int BATCH = 200;
    private static final int REMEMBERED = 10_000;
    private static final long EMITTER_TIMEOUT_MS = Duration.ofMinutes(30).toMillis();

    private final FindingRepository findings;
    private final DriftguardProperties.Feed config;
    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private final Map<String, Long> sentVersions = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };
    private ScheduledExecutorService poller;
    /** Pages one poll reads at most; the rest waits for the next poll. */
    static final int MAX_PAGES = 20;

    private Instant watermark;
    private long lastSendNanos = System.nanoTime();

    FindingStream(FindingRepository findings, DriftguardProperties properties) {
        this.findings = findings;
        this.config = properties.feed();
    }

    SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT_MS);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        emitters.add(emitter);
        try {
            // Flushes the response headers at once, so the client knows the stream is open.
            emitter.send(SseEmitter.event().comment("driftguard findings stream"));
        } catch (IOException e) {
            emitters.remove(emitter);
        }
        return emitter;
    }

    int subscribers() {
        return emitters.size();
    }

    /** One poll; runs on the poller thread only. */
    void poll() {
        if (emitters.isEmpty()) {
            watermark = null; // the next listener starts from "now", after loading the list itself
            return;
        }
        try {
            if (watermark == null) {
                watermark = findings.databaseNow().minus(config.overlap());
            }
            List<String> fresh = new ArrayList<>();
            Instant from = watermark.minus(config.overlap());
            String afterId = "";
            Instant newest = watermark;
            // Pages through the window by (updated_at, finding_id): one job transaction can write more
            // rows than a page with one updated_at, and the rows after them must not wait forever.
            for (int page = 0; page < MAX_PAGES; page++) {
                List<FindingRepository.Update> updates = findings.updatedSince(from, afterId, BATCH);
                for (FindingRepository.Update u : updates) {
                    Long sent = sentVersions.get(u.findingId());
                    if (sent == null || sent < u.version()) {
                        sentVersions.put(u.findingId(), u.version());
                        fresh.add(u.document());
                    }
                    if (u.updatedAt().isAfter(newest)) {
                        newest = u.updatedAt();
                    }
                }
                if (updates.size() < BATCH) {
                    break;
                }
                FindingRepository.Update last = updates.get(updates.size() - 1);
                from = last.updatedAt();
                afterId = last.findingId();
            }
            watermark = newest;
            if (!fresh.isEmpty()) {
                broadcast(SseEmitter.event().name("findings").data(JsonArrays.of(fresh), MediaType.APPLICATION_JSON));
            } else if (System.nanoTime() - lastSendNanos > config.heartbeat().toNanos()) {
                broadcast(SseEmitter.event().comment("heartbeat"));
            }
        } catch (RuntimeException e) {
            // The database may be restarting; the feed resumes on a later poll.
            LOG.warn("Findings stream poll failed: {}", e.getMessage());
        }
    }

    private void broadcast(SseEmitter.SseEventBuilder event) {
        lastSendNanos = System.nanoTime();
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(event);
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
                emitter.completeWithError(e);
            }
        }
    }

    @Override
    public synchronized void start() {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "findings-stream");
            t.setDaemon(true);
            return t;
        });
        long every = config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
        emitters.forEach(SseEmitter::complete);
        emitters.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }
}
