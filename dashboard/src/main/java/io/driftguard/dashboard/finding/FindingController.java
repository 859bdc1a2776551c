package io.driftguard.dashboard.finding;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.driftguard.dashboard.system.JsonArrays;
import io.driftguard.dashboard.system.Limits;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The findings API: the documents exactly as the job stored them (docs/design/replay-contract.md's output format). */
@RestController
@RequestMapping("/api/findings")
class FindingController {

    private final FindingRepository findings;
    private final FindingStream stream;

    FindingController(FindingRepository findings, FindingStream stream) {
        this.findings = findings;
        this.stream = stream;
    }

    /**
     * The feed: one page of findings with the total that match, filtered, searched and sorted on the
     * server, so a feed of thousands reads as fast as one of ten.
     */
    @GetMapping(path = "/page", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> page(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String cloud,
            @RequestParam(required = false) String severity,
            @RequestParam(required = false) String cause,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String service,
            @RequestParam(required = false) Integer hour,
            @RequestParam(required = false) String correlation,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String dir,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size)
            throws JsonProcessingException {
        FeedQuery query = FeedQuery.of(
                FindingFilter.of(status, cloud, severity, cause, Limits.DEFAULT),
                kind,
                service,
                hour,
                correlation,
                q,
                sort,
                dir,
                page,
                size);
        return json(findings.page(query).toJson());
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String cloud,
            @RequestParam(required = false) String severity,
            @RequestParam(required = false) String cause,
            @RequestParam(required = false) Integer limit) {
        FindingFilter filter = FindingFilter.of(status, cloud, severity, cause, Limits.check(limit));
        return json(JsonArrays.of(findings.documents(filter)));
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> one(@PathVariable String id) {
        return findings.find(id).map(f -> json(f.document())).orElseThrow(() -> notFound(id));
    }

    /** Server-sent events: a {@code findings} event with the changed documents whenever the job writes. */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        return stream.subscribe();
    }

    static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no finding with id '" + id + "'");
    }

    private static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
