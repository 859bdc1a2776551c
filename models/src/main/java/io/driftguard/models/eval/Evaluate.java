package io.driftguard.models.eval;

import io.driftguard.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftguard evaluate}: scores a replay's findings against a labels file. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Score FINDINGS.jsonl against labels.jsonl as docs/design/replay-contract.md counts detection quality.")
public final class Evaluate implements Callable<Integer> {

    @Option(names = "--labels", required = true, description = "labels.jsonl written by driftguard generate.")
    Path labels;

    @Option(names = "--findings", required = true, description = "FINDINGS.jsonl written by driftguard replay.")
    Path findings;

    @Option(names = "--json", description = "Also write the report as JSON to this file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        for (Path p : new Path[] {labels, findings}) {
            if (!Files.isRegularFile(p)) {
                System.err.println("driftguard evaluate: no such file: " + p);
                return 2;
            }
        }
        QualityReport report = QualityReport.compute(labels, findings);
        System.out.print(report.render());
        if (json != null) {
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
            System.out.println("JSON report: " + json);
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Evaluate()).execute(args));
    }
}
