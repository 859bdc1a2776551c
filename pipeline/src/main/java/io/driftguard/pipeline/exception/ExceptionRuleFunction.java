package io.driftguard.pipeline.exception;

import io.driftguard.core.finding.Finding;
import io.driftguard.core.store.Database;
import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Marks judged findings that an accepted exception silences ({@link ExceptionRules}); the finding
 * is still written, with {@code suppressed_by} naming the rule, so nothing disappears and the
 * notifier and the dashboard can leave it quiet. Holds no Flink state.
 */
public final class ExceptionRuleFunction extends RichMapFunction<Finding, Finding> {

    /** How often the rules in force are re-read. */
    public static final Duration REFRESH = Duration.ofSeconds(2);

    private final Database database;
    private transient ExceptionRules rules;

    public ExceptionRuleFunction(Database database) {
        this.database = database;
    }

    @Override
    public void open(OpenContext openContext) {
        rules = new ExceptionRules(database, REFRESH, Clock.systemUTC());
    }

    @Override
    public Finding map(Finding finding) {
        return rules.apply(finding);
    }

    @Override
    public void close() {
        if (rules != null) {
            rules.close();
        }
    }
}
