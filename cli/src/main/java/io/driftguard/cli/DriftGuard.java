package io.driftguard.cli;

import io.driftguard.ingest.connect.IngestCommand;
import io.driftguard.models.eval.Evaluate;
import io.driftguard.models.registry.ModelCommand;
import io.driftguard.models.scenario.GenerateCommand;
import io.driftguard.models.training.TrainCommand;
import io.driftguard.notify.NotifyCommand;
import io.driftguard.pipeline.live.IacSyncCommand;
import io.driftguard.pipeline.live.JobCommand;
import io.driftguard.pipeline.replay.ReplayCommand;
import io.driftguard.reconcile.ReconcileCommand;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code driftguard} command. Each subcommand lives with the module it runs. */
@Command(
        name = "driftguard",
        mixinStandardHelpOptions = true,
        version = "DriftGuard 0.1.0",
        description =
                "Catch infrastructure drift from cloud audit streams: who changed what, why, how bad, what to do.",
        subcommands = {
            ReplayCommand.class,
            JobCommand.class,
            IngestCommand.class,
            IacSyncCommand.class,
            ReconcileCommand.class,
            NotifyCommand.class,
            GenerateCommand.class,
            Evaluate.class,
            TrainCommand.class,
            ModelCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "From a checkout, `./driftguard demo` also runs the whole product on this machine."})
public final class DriftGuard implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The command line with every subcommand, including those found on the classpath. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DriftGuard());
        for (OptionalCommand extra : ServiceLoader.load(OptionalCommand.class)) {
            cli.addSubcommand(extra);
        }
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
