package org.facilitymonitor.edge;

import java.io.IOException;
import java.io.PrintStream;
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
import org.facilitymonitor.edge.mqtt.BrokerConnection;
import org.facilitymonitor.edge.mqtt.BrokerException;
import org.facilitymonitor.edge.mqtt.MqttSettings;
import org.facilitymonitor.edge.mqtt.PahoBrokerConnection;

/** Command line of the edge agent. Exit codes: 0 done, 1 failed, 2 bad arguments. */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final List<Option> RUN = List.of(
            new Option("config", "FM_AGENT_CONFIG", null, true, "PATH",
                    "agent configuration (YAML); FM_AGENT_* variables override its fields"),
            new Option("duration", "FM_AGENT_DURATION", null, false, "DURATION",
                    "stop after this long (default: run until stopped)"),
            new Option("until-done", "FM_AGENT_UNTIL_DONE", "false", false, "true|false",
                    "stop once the source is finished (end of a replay) and the queue is empty"),
            new Option("check", null, "false", false, "true|false", "check the configuration, print it and exit"));

    private Main() {
    }

    /** How often the progress of a backfill or recorded replay is logged, at most. */
    static final Duration HISTORY_REPORT_EVERY = Duration.ofSeconds(5);

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
                case "load" -> throw new UsageException("the load generator is in edge-agent-bench.jar now:"
                        + " java -jar edge-agent-bench.jar load --help");
                default -> throw new UsageException("unknown command '" + args[0] + "' (run or help)");
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
        AgentClock clock = clock(config);
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
                config.broker().connectTimeout(), config.broker().maxInflight(), config.broker().keepAlive(),
                config.broker().tls());
        DiskQueue.Options queueOptions = DiskQueue.Options.forCap(config.queue().maxBytes(),
                config.queue().fsyncInterval(), config.queue().checkpointInterval());
        Agent.Settings agentSettings = new Agent.Settings(config.site(), config.edge(), config.period(),
                new PointSchedule(config.period(), config.pointRules()), config.broker().maxInflight(),
                config.queue().drainRate(), config.queue().historicalAfter(), config.statusInterval(),
                Duration.ofSeconds(3), config.queue().receipts());

        Thread hook = interruptOnShutdown(Thread.currentThread());
        try (DiskQueue queue = DiskQueue.open(config.queue().dir().resolve("queue"), queueOptions);
             BrokerConnection connection = new PahoBrokerConnection(settings)) {
            SeqStore seqs = SeqStore.open(config.queue().dir().resolve("seq"), clock, 1000);
            logStart(config, source, clock, settings, queue.stats());
            Agent agent = new Agent(source.source(), agentSettings, queue, seqs, connection, clock);
            source.commands().forEach(agent::onCommand);
            if (source.history() != null) {
                agent.history(source.history(), source.historyProgress(), config.queue().maxBytes() / 2,
                        HISTORY_REPORT_EVERY);
            }
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

    /** Real time, or simulated time from the configured start when the simulator is accelerated. */
    private static AgentClock clock(ResolvedConfig config) {
        if (config.simulate() == null || config.simulate().acceleration() <= 1) {
            return AgentClock.realTime(Clock.systemUTC());
        }
        long start = config.simulate().start() == null ? Clock.systemUTC().millis()
                : config.simulate().start().toEpochMilli();
        return AgentClock.accelerated(Clock.systemUTC(), start, config.simulate().acceleration());
    }

    /** A shutdown hook (SIGTERM) that interrupts {@code main} and waits up to 15 s for it to stop cleanly. */
    private static Thread interruptOnShutdown(Thread main) {
        Thread hook = new Thread(() -> {
            SHUTTING_DOWN.set(true);
            main.interrupt();
            try {
                main.join(15_000);
            } catch (InterruptedException ignored) {
                // shutting down anyway
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void logStart(ResolvedConfig config, Sources.Built source, AgentClock clock, MqttSettings settings,
                                 QueueStats atStart) {
        Logger.getLogger(Main.class.getName()).info(() -> String.format("edge %s of site %s: %s, every %s%s, to %s as %s;"
                        + " queue %s holds %d batches (%d readings), cap %d MiB, drain %s", config.edge(), config.site(),
                source.description(), config.period(), clock.factor() > 1 ? " (simulated time x" + clock.factor() + ")" : "",
                settings.serverUri(), settings.username(), config.queue().dir(), atStart.depthBatches(),
                atStart.depthReadings(), config.queue().maxBytes() >> 20,
                config.queue().drainRate() == 0 ? "unlimited" : config.queue().drainRate() + " readings/s"));
    }

    private static boolean bool(CommandLine cl, String name) throws UsageException {
        String v = cl.get(name).trim().toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new UsageException("--" + name + ": true or false, was '" + cl.get(name) + "'");
        }
        return v.equals("true");
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
                  help       this text

                Every option can also be set by the environment variable next to it; the command line wins.
                Durations: 500ms, 10s, 2m, 1h (a bare number is seconds).
                Exit codes: 0 done, 1 failed (e.g. broker unreachable, batches not acknowledged), 2 bad arguments.

                run options:
                """ + CommandLine.help(RUN) + """
                Configuration fields FM_AGENT_* can override: """ + String.join(", ", ConfigLoader.OVERRIDABLE) + """
                (e.g. queue.max-bytes is FM_AGENT_QUEUE_MAX_BYTES).

                The benchmark tools (the ingest benchmark's load generator, the drain benchmark) are not part of
                the agent: java -jar edge-agent-bench.jar --help
                """;
    }
}
