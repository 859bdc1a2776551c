package io.driftguard.notify;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import io.driftguard.core.finding.Change;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.vocabulary.FindingStatus;
import io.driftguard.core.vocabulary.Term;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Block Kit messages for one finding: the announcement of an episode, a thread reply when its
 * judgement changes, a reply when it resolves, and a digest of several episodes during a burst.
 * Every message has a plain {@code text} too, which Slack shows in notifications.
 */
public final class FindingMessages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int MAX_CHANGES = 5;
    private static final int MAX_DIGEST_LINES = 20;

    private final String linkBase;

    public FindingMessages(String linkBase) {
        this.linkBase = linkBase;
    }

    /** A message: the notification text and the blocks. */
    public record Message(String text, List<LayoutBlock> blocks) {}

    public String link(Finding f) {
        return linkBase + "/findings/" + f.findingId();
    }

    public Message announcement(Finding f) {
        String title = severityMark(f) + " Drift on " + f.resourceType() + " " + shortId(f.resourceId());
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(cut(title, 150)))));
        blocks.add(section(s -> s.fields(fields(f))));
        if (f.narrative() != null && f.narrative().summary() != null) {
            blocks.add(section(s -> s.text(markdownText(cut(f.narrative().summary(), 2900)))));
        }
        blocks.add(section(s -> s.text(markdownText(changes(f)))));
        if (f.reasoning() != null) {
            blocks.add(context(c -> c.elements(List.of(markdownText(cut("_Why:_ " + f.reasoning(), 2900))))));
        }
        blocks.add(actions(a -> a.elements(List.of(
                button(b -> b.text(plainText("Open the finding")).url(link(f)).actionId("open_finding"))))));
        return new Message(title + " by " + who(f) + ": " + term(f.cause()) + ", " + term(f.recommendation()), blocks);
    }

    /** The announcement, updated to show the episode resolved. */
    public Message resolvedAnnouncement(Finding f) {
        Message m = announcement(f);
        List<LayoutBlock> blocks = new ArrayList<>(m.blocks());
        blocks.add(
                1,
                context(c -> c.elements(List.of(markdownText(":white_check_mark: *Resolved* (" + term(f.resolution())
                        + ") at " + when(f.resolvedAt()) + "*")))));
        return new Message("Resolved: " + m.text(), blocks);
    }

    public Message update(Finding f, Finding before) {
        List<String> what = new ArrayList<>();
        if (before == null || before.cause() != f.cause()) {
            what.add("cause *" + term(f.cause()) + "* (" + percent(f.causeConfidence()) + ")");
        }
        if (before == null || before.severity() != f.severity()) {
            what.add("severity *" + term(f.severity()) + "*");
        }
        if (before == null || before.recommendation() != f.recommendation()) {
            what.add("recommendation *" + term(f.recommendation()) + "*");
        }
        if (before == null || !before.changes().equals(f.changes())) {
            what.add(f.changes().size() + " attribute(s) now differ");
        }
        String text =
                "Update (version " + f.version() + "): " + (what.isEmpty() ? "new evidence" : String.join(", ", what));
        List<LayoutBlock> blocks = List.of(
                section(s -> s.text(markdownText(text))),
                context(c -> c.elements(List.of(markdownText("<" + link(f) + "|Open the finding>")))));
        return new Message(text.replace("*", ""), blocks);
    }

    public Message resolution(Finding f) {
        String text = ":white_check_mark: Resolved: " + term(f.resolution()) + " at " + when(f.resolvedAt());
        return new Message(text, List.of(section(s -> s.text(markdownText(text)))));
    }

    /**
     * The assistant's first analysis as a thread reply. The text is the model's, written from
     * attacker-controlled evidence: Slack's control characters are escaped, so it cannot mention
     * a channel or make a link, and the reply says the recommendation is the policy's.
     */
    public Message analysis(String analysis, String model) {
        String text = ":robot_face: *First analysis by the assistant* (" + escape(model)
                + "; it explains, the recommendation above is DriftGuard's policy):\n" + escape(cut(analysis, 2700));
        return new Message(text, List.of(section(s -> s.text(markdownText(text)))));
    }

    /** Slack's mrkdwn escaping: only these three characters have to be written as entities. */
    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public Message silenced(Finding f) {
        String text = ":mute: Silenced: " + f.suppressedBy();
        return new Message(text, List.of(section(s -> s.text(markdownText(cut(text, 2900))))));
    }

    public Message digest(List<Finding> findings) {
        String title = findings.size() + " new drift episodes in a burst";
        StringBuilder lines = new StringBuilder();
        int shown = 0;
        for (Finding f : findings) {
            if (shown++ == MAX_DIGEST_LINES) {
                lines.append("… and ")
                        .append(findings.size() - MAX_DIGEST_LINES)
                        .append(" more\n");
                break;
            }
            lines.append(severityMark(f))
                    .append(" <")
                    .append(link(f))
                    .append('|')
                    .append(shortId(f.resourceId()))
                    .append("> by ")
                    .append(who(f))
                    .append(": ")
                    .append(term(f.cause()))
                    .append(", ")
                    .append(term(f.severity()))
                    .append(", ")
                    .append(term(f.recommendation()))
                    .append('\n');
        }
        List<LayoutBlock> blocks = List.of(
                header(h -> h.text(plainText(title))),
                section(s -> s.text(markdownText(cut(lines.toString(), 2900)))),
                divider(),
                context(c -> c.elements(List.of(markdownText("Updates to these episodes follow in this thread.")))));
        return new Message(title, blocks);
    }

    private List<TextObject> fields(Finding f) {
        List<TextObject> fields = new ArrayList<>();
        fields.add(markdownText("*Resource*\n`" + cut(f.resourceId(), 200) + "`"));
        fields.add(markdownText("*Who*\n" + who(f) + " (" + f.actor().type() + ")"));
        fields.add(markdownText("*When*\n" + when(f.firstEventTime())));
        fields.add(markdownText("*Cause*\n" + term(f.cause()) + " (" + percent(f.causeConfidence()) + ")"));
        fields.add(markdownText("*Severity*\n" + severityMark(f) + " " + term(f.severity())));
        fields.add(markdownText("*Recommendation*\n" + term(f.recommendation())));
        fields.add(markdownText("*Where*\n" + f.cloud().wireName() + (f.account() == null ? "" : " " + f.account())
                + (f.service() == null ? "" : ", service " + f.service())));
        if (f.trigger() != null && f.trigger().operation() != null) {
            fields.add(markdownText("*Call*\n" + f.trigger().operation()));
        }
        return fields;
    }

    private static String changes(Finding f) {
        StringBuilder b = new StringBuilder("*Differs from the IaC*");
        int n = 0;
        for (Change c : f.changes()) {
            if (n++ == MAX_CHANGES) {
                b.append("\n… and ").append(f.changes().size() - MAX_CHANGES).append(" more");
                break;
            }
            b.append("\n• `")
                    .append(c.path())
                    .append("`: ")
                    .append(cut(String.valueOf(c.desired()), 120))
                    .append(" → ")
                    .append(c.actual() == null ? "_unknown_" : cut(c.actual(), 120));
        }
        return cut(b.toString(), 2900);
    }

    private static String who(Finding f) {
        return f.actor().display() != null ? f.actor().display() : f.actor().id();
    }

    private static String severityMark(Finding f) {
        if (f.status() == FindingStatus.RESOLVED) {
            return ":white_check_mark:";
        }
        if (f.severity() == null) {
            return ":grey_question:";
        }
        return switch (f.severity()) {
            case HIGH -> ":red_circle:";
            case MEDIUM -> ":large_orange_circle:";
            case LOW -> ":large_yellow_circle:";
        };
    }

    private static String shortId(String id) {
        int slash = id.lastIndexOf('/');
        return slash >= 0 && slash < id.length() - 1 ? id.substring(slash + 1) : id;
    }

    private static String term(Term t) {
        return t == null ? "pending" : t.id();
    }

    private static String percent(Double p) {
        return p == null ? "?" : Math.round(p * 100) + " %";
    }

    private static String when(java.time.Instant t) {
        return t == null ? "?" : WHEN.format(t);
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
