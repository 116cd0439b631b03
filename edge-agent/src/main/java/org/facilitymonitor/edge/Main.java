package org.facilitymonitor.edge;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.facilitymonitor.edge.CommandLine.Option;
import org.facilitymonitor.edge.CommandLine.UsageException;
import org.facilitymonitor.edge.agent.Agent;
import org.facilitymonitor.edge.agent.AgentClock;
import org.facilitymonitor.edge.agent.PointSchedule;
import org.facilitymonitor.edge.config.ConfigException;
import org.facilitymonitor.edge.config.ConfigLoader;
import org.facilitymonitor.edge.config.ResolvedConfig;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.facilitymonitor.edge.queue.QueueStats;
import org.facilitymonitor.edge.queue.SeqStore;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.load.LoadGenerator;
import org.facilitymonitor.edge.load.LoadOptions;
import org.facilitymonitor.edge.load.LoadReport;
import org.facilitymonitor.edge.mqtt.BatchPublisher;
import org.facilitymonitor.edge.mqtt.BrokerConnection;
import org.facilitymonitor.edge.mqtt.BrokerException;
import org.facilitymonitor.edge.mqtt.MqttSettings;
import org.facilitymonitor.edge.mqtt.PahoBrokerConnection;
import org.facilitymonitor.edge.simulate.Simulator;
import org.facilitymonitor.edge.site.SiteDescription;
import org.facilitymonitor.edge.site.SiteFiles;

/** Command line of the edge agent. Exit codes: 0 done, 1 failed, 2 bad arguments. */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String DEFAULT_BROKER = "tcp://127.0.0.1:11883";

    static final List<Option> RUN = List.of(
            new Option("config", "FM_AGENT_CONFIG", null, true, "PATH",
                    "agent configuration (YAML); FM_AGENT_* variables override its fields"),
            new Option("duration", "FM_AGENT_DURATION", null, false, "DURATION",
                    "stop after this long (default: run until stopped)"),
            new Option("until-done", "FM_AGENT_UNTIL_DONE", "false", false, "true|false",
                    "stop once the source is finished (end of a replay) and the queue is empty"),
            new Option("check", null, "false", false, "true|false", "check the configuration, print it and exit"));

    static final List<Option> LOAD = List.of(
            new Option("site-file", "FM_SITE_FILE", null, true, "PATH", "site description (YAML); readings cycle over its points"),
            new Option("broker", "FM_MQTT_URL", DEFAULT_BROKER, false, "URL", "MQTT broker"),
            new Option("username-prefix", "FM_LOAD_USERNAME_PREFIX", "load-", false, "PREFIX", "connection n is edge and account PREFIXn"),
            new Option("password", "FM_LOAD_PASSWORD", null, false, "SECRET", "MQTT password of every load account"),
            new Option("connections", "FM_LOAD_CONNECTIONS", "4", false, "N", "connections, each its own edge"),
            new Option("rate", "FM_LOAD_RATE", "1000", false, "MSG_PER_S", "messages/s over all connections, 0 = as fast as possible"),
            new Option("readings-per-message", "FM_LOAD_READINGS_PER_MESSAGE", "50", false, "N", "readings per batch"),
            new Option("duration", "FM_LOAD_DURATION", "30s", false, "DURATION", "how long to publish"),
            new Option("inflight", "FM_LOAD_INFLIGHT", "64", false, "N", "unacknowledged batches per connection"),
            new Option("report", "FM_LOAD_REPORT", null, false, "PATH", "write a JSON report there"),
            new Option("connect-timeout", "FM_CONNECT_TIMEOUT", "30s", false, "DURATION", "give up if the first connect has not succeeded by then"));

    private Main() {
    }

    /** Set by the shutdown hook: System.exit would then block on the hook, which waits for main. */
    private static final java.util.concurrent.atomic.AtomicBoolean SHUTTING_DOWN = new java.util.concurrent.atomic.AtomicBoolean();

    public static void main(String[] args) {
        configureLogging();
        int code = run(args, System.getenv(), System.out, System.err);
        if (!SHUTTING_DOWN.get()) {
            System.exit(code);
        }
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0 || List.of("help", "--help", "-h").contains(args[0])) {
            out.print(usage());
            return args.length == 0 ? USAGE : OK;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(usage());
            return OK;
        }
        try {
            return switch (args[0]) {
                case "run" -> runAgent(CommandLine.parse(rest, RUN, env), env, out);
                case "load" -> load(CommandLine.parse(rest, LOAD, env), out);
                default -> throw new UsageException("unknown command '" + args[0] + "' (run, load or help)");
            };
        } catch (UsageException e) {
            err.println("edge-agent " + args[0] + ": " + e.getMessage());
            err.println("Run 'edge-agent --help' for the options.");
            return USAGE;
        } catch (BrokerException e) {
            err.println("edge-agent " + args[0] + ": " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        } catch (IOException e) {
            err.println("edge-agent " + args[0] + ": " + e);
            return FAILED;
        }
    }

    private static int runAgent(CommandLine cl, Map<String, String> env, PrintStream out)
            throws UsageException, IOException, InterruptedException {
        ResolvedConfig config;
        try {
            config = ConfigLoader.load(Path.of(cl.get("config")), env);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
        Duration duration = cl.duration("duration");
        boolean untilDone = bool(cl, "until-done");
        Logger log = Logger.getLogger(Main.class.getName());
        AgentClock clock = config.simulate() != null && config.simulate().acceleration() > 1
                ? AgentClock.accelerated(Clock.systemUTC(), config.simulate().start() == null
                        ? Clock.systemUTC().millis() : config.simulate().start().toEpochMilli(),
                        config.simulate().acceleration())
                : AgentClock.realTime(Clock.systemUTC());
        Sources.Built source;
        try {
            source = Sources.create(config, clock);
        } catch (IllegalArgumentException e) {
            throw new UsageException(config.file() + ": " + e.getMessage());
        }
        if (bool(cl, "check")) {
            out.println("configuration OK: " + source.description() + "; " + config);
            return OK;
        }
        MqttSettings settings = new MqttSettings(config.broker().url(), config.edge(), config.broker().username(),
                config.broker().password(), ContractV1.stateTopic(config.site(), config.edge()),
                config.broker().connectTimeout(), config.broker().maxInflight(), config.broker().keepAlive());
        long segment = Math.min(DiskQueue.Options.DEFAULT_SEGMENT_BYTES, config.queue().maxBytes() / 4);
        DiskQueue.Options queueOptions = new DiskQueue.Options(segment, config.queue().maxBytes(),
                config.queue().fsyncInterval(), config.queue().checkpointInterval());
        Agent.Settings agentSettings = new Agent.Settings(config.site(), config.edge(), config.period(),
                new PointSchedule(config.period(), config.pointRules()), config.broker().maxInflight(),
                config.queue().drainRate(), config.queue().historicalAfter(), config.statusInterval(),
                Duration.ofSeconds(3));

        Thread mainThread = Thread.currentThread();
        Thread hook = new Thread(() -> {
            SHUTTING_DOWN.set(true);
            mainThread.interrupt();
            try {
                mainThread.join(15_000);
            } catch (InterruptedException ignored) {
                // shutting down anyway
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try (DiskQueue queue = DiskQueue.open(config.queue().dir().resolve("queue"), queueOptions);
             BrokerConnection connection = new PahoBrokerConnection(settings)) {
            SeqStore seqs = SeqStore.open(config.queue().dir().resolve("seq"), clock, 1000);
            QueueStats atStart = queue.stats();
            log.info(() -> String.format("edge %s of site %s: %s, every %s%s, to %s as %s; queue %s holds %d batches"
                            + " (%d readings), cap %d MiB, drain %s", config.edge(), config.site(), source.description(),
                    config.period(), clock.factor() > 1 ? " (simulated time x" + clock.factor() + ")" : "",
                    settings.serverUri(), settings.username(), config.queue().dir(), atStart.depthBatches(),
                    atStart.depthReadings(), config.queue().maxBytes() >> 20,
                    config.queue().drainRate() == 0 ? "unlimited" : config.queue().drainRate() + " readings/s"));
            Agent agent = new Agent(source.source(), agentSettings, queue, seqs, connection, clock);
            source.commands().forEach(agent::onCommand);
            agent.run(duration, untilDone);
            QueueStats q = agent.queueStats();
            out.printf("run: %d samples, %d readings queued, %d readings acknowledged (%d live + %d historical batches sent),"
                            + " queue holds %d readings, dropped %d readings, last acked seq %d%n",
                    agent.counters().samples(), agent.counters().readingsQueued(), agent.counters().readingsAcknowledged(),
                    agent.counters().liveBatchesSent(), agent.counters().historicalBatchesSent(), q.depthReadings(),
                    q.droppedReadings(), q.lastAckedSeq());
            return OK;
        } finally {
            Thread.interrupted();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what got us here
            }
        }
    }

    private static boolean bool(CommandLine cl, String name) throws UsageException {
        String v = cl.get(name).trim().toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new UsageException("--" + name + ": true or false, was '" + cl.get(name) + "'");
        }
        return v.equals("true");
    }

    private static int load(CommandLine cl, PrintStream out) throws UsageException, IOException, InterruptedException {
        SiteDescription site = site(cl);
        LoadOptions options;
        try {
            options = new LoadOptions(site, cl.get("broker"), cl.get("username-prefix"), cl.get("password"),
                    cl.intValue("connections", 1, 10_000), cl.nonNegativeDouble("rate"),
                    cl.intValue("readings-per-message", 1, ContractV1.MAX_READINGS), cl.duration("duration"),
                    cl.intValue("inflight", 1, 65_535), cl.duration("connect-timeout"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        LoadReport report;
        try {
            report = new LoadGenerator(options, PahoBrokerConnection::new).run();
        } catch (IllegalStateException e) {
            throw new BrokerException(e.getMessage(), e);
        }
        if (cl.get("report") != null) {
            LoadGenerator.writeReport(report, Path.of(cl.get("report")));
        }
        out.println(report.summary());
        return report.failed() == 0 && report.unacknowledged() == 0 && report.batches() > 0 ? OK : FAILED;
    }

    private static SiteDescription site(CommandLine cl) throws UsageException, IOException {
        Path file = Path.of(cl.get("site-file"));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--site-file: no such file: " + file);
        }
        try {
            return SiteFiles.load(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("--site-file: no such file: " + file);
        } catch (IllegalArgumentException | IOException e) {
            throw new UsageException("--site-file: " + e.getMessage());
        }
    }

    private static void requireId(String option, String id) throws UsageException {
        try {
            ContractV1.requireEdgeId(option, id);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
    }

    private static void configureLogging() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
    }

    static String usage() {
        return """
                Usage: java -jar edge-agent.jar COMMAND [OPTIONS]

                Commands:
                  run        the agent: sample a source (simulator or CSV replay) into the durable queue, forward to the broker
                  load       load generator for the ingest benchmark: N edges at a paced rate, JSON report
                  help       this text

                Every option can also be set by the environment variable next to it; the command line wins.
                Durations: 500ms, 10s, 2m, 1h (a bare number is seconds).
                Exit codes: 0 done, 1 failed (e.g. broker unreachable, batches not acknowledged), 2 bad arguments.

                run options:
                """ + CommandLine.help(RUN) + """
                Configuration fields FM_AGENT_* can override: """ + String.join(", ", ConfigLoader.OVERRIDABLE) + """
                (e.g. queue.max-bytes is FM_AGENT_QUEUE_MAX_BYTES).
                

                load options:
                """ + CommandLine.help(LOAD);
    }
}
