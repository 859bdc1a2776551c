package io.driftguard.pipeline.replay;

import io.driftguard.core.config.ConfigException;
import io.driftguard.core.config.DriftGuardConfig;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.Json;
import io.driftguard.core.store.ShadowPrediction;
import io.driftguard.ingest.iac.IacFolderReader;
import io.driftguard.ingest.iac.IacProblem;
import io.driftguard.judge.context.EpisodeContext;
import io.driftguard.judge.registry.ModelRegistry;
import io.driftguard.pipeline.DriftGuardJob;
import io.driftguard.pipeline.JobSettings;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftguard replay --input DIR --output FINDINGS.jsonl [--config FILE]}: the live topology
 * over bounded file sources, in a Flink MiniCluster, per docs/design/replay-contract.md. Exit 0 when the run finished
 * (bad input is counted and written to {@code FINDINGS.jsonl.rejected}), 2 for unusable arguments.
 *
 * <p>With {@code --cluster HOST:PORT --job-jar driftguard-job.jar} the same job runs on a Flink session
 * cluster instead (its REST address), and so it does under {@code flink run -c
 * io.driftguard.pipeline.replay.ReplayCommand driftguard-job.jar --input ... --output ...}: the job manager
 * lists the input files, the task managers read them and write the output files, so these paths must mean
 * the same files to them (one machine, or a shared file system). There the run has no checkpoints and no
 * restarts (a failure fails the replay); the records read and the records behind the watermark come back as
 * accumulators, findings and rejected records are counted in their files, and the closing line is the same as
 * in the MiniCluster.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Run the detection job over a folder of exported logs and IaC; write one finding per line.")
public final class ReplayCommand implements Callable<Integer> {

    @Option(
            names = "--input",
            required = true,
            paramLabel = "DIR",
            description = "Replay folder (iac/, events/, config.yaml).")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Findings JSONL to write.")
    Path output;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings; default DIR/config.yaml when it exists.")
    Path config;

    @Option(
            names = "--cause-model",
            defaultValue = "${env:DRIFTGUARD_CAUSE_MODEL}",
            paramLabel = "FILE",
            description = "An ONNX cause model from `driftguard train`; default: the model this build ships.")
    Path causeModel;

    @Option(
            names = "--model-registry",
            defaultValue = "${env:DRIFTGUARD_MODEL_REGISTRY}",
            paramLabel = "DIR",
            description = "A model registry (`driftguard model`): its live model judges, its candidate scores in shadow"
                    + " (written to SHADOW.jsonl beside the findings); default: none.")
    Path modelRegistry;

    @Option(
            names = "--parallelism",
            defaultValue = "${env:DRIFTGUARD_PARALLELISM:-2}",
            description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--progress-seconds",
            defaultValue = "5",
            description = "Seconds between progress lines on standard error.")
    int progressSeconds;

    @Option(
            names = "--state-backend",
            defaultValue = "${env:DRIFTGUARD_STATE_BACKEND:-hashmap}",
            paramLabel = "hashmap|rocksdb",
            description = "Where keyed state lives: on the heap (hashmap, default) or in RocksDB on local disk"
                    + " (rocksdb: for inputs whose open state outgrows the heap). Default: ${DEFAULT-VALUE}.")
    String stateBackend;

    @Option(
            names = "--cluster",
            paramLabel = "HOST:PORT",
            description = "Run on this Flink session cluster (its REST address) instead of in this process; needs"
                    + " --job-jar, and input and output paths the task managers see as this machine does.")
    String cluster;

    @Option(
            names = "--job-jar",
            defaultValue = "${env:DRIFTGUARD_JOB_JAR}",
            paramLabel = "FILE",
            description = "The job jar (driftguard-job.jar of the same build) shipped to --cluster.")
    Path jobJar;

    @Option(
            names = "--dump-contexts",
            paramLabel = "FILE",
            description =
                    "Also write each drift finding's final evidence (EpisodeContext JSON lines): training data for `driftguard train`.")
    Path dumpContexts;

    private final PrintStream err;

    public ReplayCommand() {
        this(System.err);
    }

    ReplayCommand(PrintStream err) {
        this.err = err;
    }

    /** For {@code flink run -c io.driftguard.pipeline.replay.ReplayCommand driftguard-job.jar ...}. */
    public static void main(String[] args) {
        int exit = new CommandLine(new ReplayCommand()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(input)) {
            err.println("replay: --input " + input + " is not a folder");
            return 2;
        }
        // Absolute, as the task managers of a session cluster resolve them in a working folder of their own.
        input = input.toAbsolutePath();
        output = output.toAbsolutePath();
        dumpContexts = dumpContexts == null ? null : dumpContexts.toAbsolutePath();
        HostAndPort remote = null;
        if (cluster != null) {
            remote = HostAndPort.parse(cluster);
            if (remote == null) {
                err.println("replay: --cluster must be HOST:PORT, not " + cluster);
                return 2;
            }
            if (jobJar == null || !Files.isRegularFile(jobJar)) {
                err.println("replay: --cluster needs --job-jar, the driftguard-job.jar of this build"
                        + (jobJar == null ? "" : " (" + jobJar + " is not a file)"));
                return 2;
            }
        }
        Path rejected = Path.of(output + ".rejected");
        Path parent = output.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            err.println("replay: cannot create the folder of --output " + output + ": " + e.getMessage());
            return 2;
        }
        ReplayFolder folder = new ReplayFolder(input);
        Path configFile = config != null ? config : folder.defaultConfig();
        if (config != null && !Files.isRegularFile(config)) {
            err.println("replay: --config " + config + " is not a file");
            return 2;
        }
        DriftGuardConfig settings;
        try {
            settings = DriftGuardConfig.load(configFile);
            for (Path ignore :
                    List.of(input.resolve(".driftignore"), input.resolve("iac").resolve(".driftignore"))) {
                if (Files.isRegularFile(ignore)) {
                    settings = settings.withIgnoreRules(io.driftguard.core.config.DriftIgnore.load(ignore));
                }
            }
        } catch (ConfigException e) {
            err.println("replay: " + e.getMessage());
            return 2;
        }
        if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb")) {
            err.println("replay: --state-backend must be hashmap or rocksdb, not " + stateBackend);
            return 2;
        }
        if (parallelism < 1) {
            err.println("replay: --parallelism must be at least 1");
            return 2;
        }

        JobSettings jobSettings = JobSettings.replay(settings, parallelism)
                .withCauseModel(causeModel)
                .withModels(modelRegistry == null ? null : new ModelRegistry(modelRegistry));
        try {
            jobSettings.loadCauseModel();
        } catch (RuntimeException e) {
            err.println("replay: " + e.getMessage());
            return 2;
        }
        long started = System.nanoTime();
        // Only the list of IaC files is read here: the job reads the files (IacFileSource), so
        // neither this JVM's client side nor the job graph holds the declared state.
        List<IacProblem> listing = new ArrayList<>();
        List<IacFolderReader.Unit> units = new IacFolderReader().units(folder.iac(), listing::add);
        err.printf(
                Locale.ROOT,
                "replay: %d IaC files, %d input files, config %s%n",
                units.size(),
                folder.inputFiles().size(),
                configFile == null ? "(none)" : configFile);

        ReplayProgress.reset();
        StreamExecutionEnvironment env = environment(remote);
        boolean local = env instanceof LocalStreamEnvironment;
        if (!local) {
            err.printf(
                    Locale.ROOT,
                    "replay: on the session cluster %s, parallelism %d%n",
                    remote != null ? remote : "of `flink run`",
                    parallelism);
        }
        DriftGuardJob.build(
                env,
                DriftGuardJob.Inputs.replay(
                        new ReplayFileSource(folder.root()), new IacFileSource(folder.iac(), units)),
                new DriftGuardJob.Outputs(
                        List.of(findingsFile(output)),
                        List.of(new RejectedFileSink(rejected)),
                        dumpContexts == null ? List.of() : List.of(contextsFile(dumpContexts)),
                        true,
                        modelRegistry == null ? List.of() : List.of(shadowFile(output.resolveSibling("SHADOW.jsonl")))),
                jobSettings);

        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replay-progress");
            t.setDaemon(true);
            return t;
        });
        long[] last = {0, System.nanoTime()};
        if (local) { // on a cluster the counters are in the task managers
            progress.scheduleAtFixedRate(
                    () -> {
                        long read = ReplayProgress.RECORDS_READ.get();
                        long now = System.nanoTime();
                        double rate = (read - last[0]) / ((now - last[1]) / 1e9);
                        last[0] = read;
                        last[1] = now;
                        err.printf(
                                Locale.ROOT,
                                "replay: %,d records read, %,.0f/s, %,d findings so far, %,d rejected%n",
                                read,
                                rate,
                                ReplayProgress.FINDINGS.get(),
                                ReplayProgress.REJECTED.get());
                    },
                    progressSeconds,
                    progressSeconds,
                    TimeUnit.SECONDS);
        }
        JobExecutionResult result;
        try {
            result = env.execute("driftguard-replay");
        } finally {
            progress.shutdownNow();
        }
        if (!result.isJobExecutionResult()) {
            // `flink run --detached`: submitted, not run yet; nothing to count here, and the rejected file
            // is not ours to append to (the job truncates it when it starts), so the problems of the IaC
            // listing go here. Problems inside IaC files are found by the job and not reported in this mode.
            for (IacProblem p : listing) {
                err.println("replay: rejected IaC " + p.file() + ": " + p.reason());
            }
            err.printf(
                    Locale.ROOT,
                    "replay: submitted as job %s; the task managers write %s when its input ends%n",
                    result.getJobID(),
                    output);
            return 0;
        }
        long read = counted(result, ReplayProgress.RECORDS_ACCUMULATOR);
        long late = counted(result, ReplayProgress.LATE_ACCUMULATOR);
        List<IacProblem> iacProblems = new ArrayList<>(listing);
        List<ReplayProgress.OrderedProblem> found =
                result.getAccumulatorResult(ReplayProgress.IAC_PROBLEMS_ACCUMULATOR);
        iacProblems.addAll(ReplayProgress.inReadingOrder(found == null ? List.of() : found));
        long findings = lines(output);
        long rejectedCount = lines(rejected) + iacProblems.size();
        appendIacProblems(rejected, iacProblems);
        err.printf(
                Locale.ROOT, "replay: %,d declared resources%n", counted(result, ReplayProgress.DECLARED_ACCUMULATOR));

        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf(
                Locale.ROOT,
                "replay: done in %.1f s: %,d records (%,.0f/s), %,d findings, %,d rejected%s, %,d behind the watermark"
                        + " (out-of-orderness bound %d min)%n",
                seconds,
                read,
                read / Math.max(seconds, 1e-9),
                findings,
                rejectedCount,
                rejectedCount > 0 ? " (see " + rejected + ")" : "",
                late,
                jobSettings.outOfOrderness().toMinutes());
        return 0;
    }

    /**
     * This process's MiniCluster; the session cluster at {@code --cluster}, with the job jar; or the cluster
     * of {@code flink run} when this runs under it (its context environment).
     */
    private StreamExecutionEnvironment environment(HostAndPort remote) {
        if (remote != null) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(
                    remote.host(), remote.port(), onCluster(stateBackend), jobJar.toString());
            env.setParallelism(parallelism);
            return env;
        }
        StreamExecutionEnvironment context =
                StreamExecutionEnvironment.getExecutionEnvironment(onCluster(stateBackend));
        if (!(context instanceof LocalStreamEnvironment)) {
            context.setParallelism(parallelism);
            // `flink run` brings the cluster's config.yaml, checkpoint interval included.
            context.getCheckpointConfig().disableCheckpointing();
            return context;
        }
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, miniCluster(stateBackend));
    }

    /**
     * A replay's settings on a session cluster: its state backend, no restarts (its file sinks write what
     * they hold at the end of the input, so a restarted attempt could only redo the run; a failure should
     * show). The cluster's checkpoint interval does not reach a job submitted from here; under {@code flink run}
     * the environment turns it off.
     */
    static Configuration onCluster(String stateBackend) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    private static long counted(JobExecutionResult result, String accumulator) {
        Object value = result.getAccumulatorResult(accumulator);
        return value instanceof Long n ? n : 0;
    }

    /** Lines of a file the job wrote (none when it wrote none). */
    private static long lines(Path file) throws java.io.IOException {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    /** {@code --cluster}'s value. */
    record HostAndPort(String host, int port) {
        static HostAndPort parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0) {
                return null;
            }
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                return port > 0 && port < 65536 ? new HostAndPort(text.substring(0, colon), port) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private static void appendIacProblems(Path rejected, List<IacProblem> problems) throws java.io.IOException {
        if (problems.isEmpty()) {
            return;
        }
        try (BufferedWriter w = Files.newBufferedWriter(
                rejected, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (IacProblem p : problems) {
                var n = Json.MAPPER.createObjectNode();
                n.put("file", p.file());
                n.put("source", "iac");
                n.put("reason", p.reason());
                w.write(Json.MAPPER.writeValueAsString(n));
                w.write('\n');
            }
        }
    }

    static LatestFileSink<Finding> findingsFile(Path file) {
        return new LatestFileSink<>(
                file, Finding::findingId, Finding::version, f -> sortable(f.firstEventTime()) + f.findingId(), true);
    }

    /** A candidate model's causes beside the live model's for each finding's last judged version. */
    static LatestFileSink<ShadowPrediction> shadowFile(Path file) {
        return new LatestFileSink<>(
                file,
                p -> p.findingId() + "|" + p.candidateVersion(),
                ShadowPrediction::findingVersion,
                ShadowPrediction::key,
                false);
    }

    static LatestFileSink<EpisodeContext> contextsFile(Path file) {
        return new LatestFileSink<>(
                file,
                c -> c.finding().findingId(),
                c -> c.finding().version(),
                c -> c.finding().findingId(),
                false);
    }

    /** An instant as a string whose order is the instants' order (first event time, then finding id). */
    static String sortable(Instant t) {
        // the sign bit flipped: unsigned order is then the seconds' order, before 1970 too
        String seconds = Long.toUnsignedString(t.getEpochSecond() ^ Long.MIN_VALUE);
        return "0".repeat(20 - seconds.length()) + seconds + String.format(Locale.ROOT, ".%09d|", t.getNano());
    }

    /**
     * A MiniCluster sized for one machine: no web UI; managed memory (RocksDB's block cache and
     * write buffers, off the heap) small, so a replay fits beside other work.
     */
    static Configuration miniCluster(String stateBackend) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        // With that little memory for RocksDB's block cache, whole index blocks of its larger files
        // were evicted and read again for nearly every lookup: at a million declared resources the
        // merge of declared state (one lookup per resource) ran for many minutes. Partitioned
        // indexes keep only their small top level in the cache; bloom filters answer a lookup of a
        // resource with no state (most of them, the first time) without reading a block.
        conf.set(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, true);
        conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        return conf;
    }
}
