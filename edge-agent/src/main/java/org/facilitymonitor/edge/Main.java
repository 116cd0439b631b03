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

    static final List<Option> SIMULATE = List.of(
            new Option("site-file", "FM_SITE_FILE", null, true, "PATH", "site description (YAML)"),
            new Option("buildings", "FM_SIM_BUILDINGS", null, false, "IDS", "comma-separated building ids (default: all)"),
            new Option("edge", "FM_EDGE_ID", null, true, "ID", "edge id"),
            new Option("broker", "FM_MQTT_URL", DEFAULT_BROKER, false, "URL", "MQTT broker"),
            new Option("username", "FM_EDGE_USERNAME", null, false, "NAME", "MQTT account (default: the edge id)"),
            new Option("password", "FM_EDGE_PASSWORD", null, false, "SECRET", "MQTT password"),
            new Option("period", "FM_SIM_PERIOD", "10s", false, "DURATION", "sample period"),
            new Option("seed", "FM_SIM_SEED", "42", false, "N", "simulator seed"),
            new Option("duration", "FM_SIM_DURATION", null, false, "DURATION", "stop after this long (default: run until stopped)"),
            new Option("connect-timeout", "FM_CONNECT_TIMEOUT", "5m", false, "DURATION", "give up if the first connect has not succeeded by then"));

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

    public static void main(String[] args) {
        configureLogging();
        System.exit(run(args, System.getenv(), System.out, System.err));
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
                case "simulate" -> simulate(CommandLine.parse(rest, SIMULATE, env), out);
                case "load" -> load(CommandLine.parse(rest, LOAD, env), out);
                default -> throw new UsageException("unknown command '" + args[0] + "' (simulate, load or help)");
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

    private static int simulate(CommandLine cl, PrintStream out) throws UsageException, IOException, InterruptedException {
        SiteDescription site = site(cl);
        String edge = cl.get("edge");
        requireId("edge", edge);
        List<String> buildings = cl.get("buildings") == null ? List.of()
                : Arrays.stream(cl.get("buildings").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String b : buildings) {
            if (site.building(b).isEmpty()) {
                throw new UsageException("--buildings: no building '" + b + "' in " + cl.get("site-file"));
            }
        }
        Duration period = cl.duration("period");
        Duration duration = cl.duration("duration");
        long seed = cl.longValue("seed");
        Duration connectTimeout = cl.duration("connect-timeout");
        String siteId = site.site().id();

        MqttSettings settings = MqttSettings.of(cl.get("broker"), edge, cl.getOr("username", edge), cl.get("password"))
                .withStateTopic(ContractV1.stateTopic(siteId, edge))
                .withConnectTimeout(connectTimeout);
        Clock clock = Clock.systemUTC();
        Simulator simulator = new Simulator(site, buildings, seed, clock.millis());
        Logger log = Logger.getLogger(Main.class.getName());
        log.info(() -> "simulating " + simulator.pointCount() + " points of " + siteId
                + (buildings.isEmpty() ? "" : " " + buildings) + " as edge " + edge + " every " + period
                + " to " + settings.serverUri());

        BrokerConnection connection = new PahoBrokerConnection(settings);
        Thread mainThread = Thread.currentThread();
        Thread hook = new Thread(() -> {
            mainThread.interrupt();
            try {
                mainThread.join(10_000);
            } catch (InterruptedException ignored) {
                // shutting down anyway
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            connection.connect();
            // The seq starts at the clock's milliseconds, so a restarted agent keeps it increasing
            // without storing it. The durable queue (next issue) persists the seq instead.
            Agent agent = new Agent(simulator, new BatchPublisher(connection, siteId, edge), siteId, edge, period,
                    clock, clock.millis());
            try {
                agent.run(duration);
            } catch (InterruptedException stopped) {
                log.info("stopping");
            }
            out.printf("simulate: %d batches, %d readings acknowledged, last seq %d%n",
                    agent.batches(), agent.readings(), agent.lastSeq());
            return OK;
        } catch (InterruptedException stopped) {
            return FAILED;
        } finally {
            Thread.interrupted();
            connection.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what got us here
            }
        }
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
                  simulate   publish simulated readings of a site's buildings, one batch per sample period
                  load       load generator for the ingest benchmark: N edges at a paced rate, JSON report
                  help       this text

                Every option can also be set by the environment variable next to it; the command line wins.
                Durations: 500ms, 10s, 2m, 1h (a bare number is seconds).
                Exit codes: 0 done, 1 failed (e.g. broker unreachable, batches not acknowledged), 2 bad arguments.

                simulate options:
                """ + CommandLine.help(SIMULATE) + """

                load options:
                """ + CommandLine.help(LOAD);
    }
}
