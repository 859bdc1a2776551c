package io.driftguard.ingest;

import io.driftguard.ingest.connect.IngestCommand;
import picocli.CommandLine;

/** Entry point of the ingest service: {@code java -cp … io.driftguard.ingest.IngestMain aws-sqs --queue-url …}. */
public final class IngestMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestCommand()).execute(args));
    }

    private IngestMain() {}
}
