package io.driftguard.cli;

import java.util.concurrent.Callable;

/**
 * A subcommand from a module that is not part of every installation: {@code driftguard demo} lives in
 * the demo module, beside the test kit it runs on, so the CLI image carries no test libraries. Such
 * modules list their command in {@code META-INF/services/io.driftguard.cli.OptionalCommand}; the
 * root command adds what it finds on the classpath.
 */
public interface OptionalCommand extends Callable<Integer> {}
