package org.facilitymonitor.edge.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.SocketFactory;
import org.facilitymonitor.edge.CommandLine;
import org.facilitymonitor.edge.CommandLine.Option;
import org.facilitymonitor.edge.CommandLine.UsageException;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.mqtt.BrokerConnection;
import org.facilitymonitor.edge.mqtt.BrokerException;
import org.facilitymonitor.edge.mqtt.MqttSettings;
import org.facilitymonitor.edge.mqtt.PahoBrokerConnection;
import org.facilitymonitor.edge.site.SiteDescription;
import org.facilitymonitor.edge.site.SiteFiles;

/**
 * {@code load}: the publisher of the service's ingest benchmark (bin/bench) on the command line.
 * Exit codes: 0 every batch acknowledged, 1 failed, 2 bad arguments.
 */
public final class LoadCommand {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static final List<Option> OPTIONS = List.of(
            new Option("site-file", "FM_SITE_FILE", null, true, "PATH", "site description (YAML); readings cycle over its points"),
            new Option("broker", "FM_MQTT_URL", "tcp://127.0.0.1:11883", false, "URL", "MQTT broker"),
            new Option("username-prefix", "FM_LOAD_USERNAME_PREFIX", "load-", false, "PREFIX", "connection n is edge and account PREFIXn"),
            new Option("password", "FM_LOAD_PASSWORD", null, false, "SECRET", "MQTT password of every load account"),
            new Option("connections", "FM_LOAD_CONNECTIONS", "4", false, "N", "connections, each its own edge"),
            new Option("rate", "FM_LOAD_RATE", "1000", false, "MSG_PER_S", "messages/s over all connections, 0 = as fast as possible"),
            new Option("readings-per-message", "FM_LOAD_READINGS_PER_MESSAGE", "50", false, "N", "readings per batch"),
            new Option("duration", "FM_LOAD_DURATION", "30s", false, "DURATION", "how long to publish"),
            new Option("inflight", "FM_LOAD_INFLIGHT", "64", false, "N", "unacknowledged batches per connection"),
            new Option("client", "FM_LOAD_CLIENT", "plain", false, "plain|paho",
                    "MQTT client: plain (a lean QoS 1 publisher, no reconnect: a lost connection fails the unacknowledged "
                            + "batches) or paho (the edge agent's client: reconnects and resends, more CPU per message)"),
            new Option("report", "FM_LOAD_REPORT", null, false, "PATH", "write a JSON report there"),
            new Option("connect-timeout", "FM_CONNECT_TIMEOUT", "30s", false, "DURATION", "give up if the first connect has not succeeded by then"),
            new Option("next-after", "FM_LOAD_NEXT_AFTER", null, false, "PATH",
                    "after this load and its report, wait until PATH exists, then publish a second load in the same, "
                            + "JIT-compiled JVM (the bench's measured run after its warm-up)"),
            new Option("next-rate", "FM_LOAD_NEXT_RATE", null, false, "MSG_PER_S", "the second load's rate (default: --rate)"),
            new Option("next-duration", "FM_LOAD_NEXT_DURATION", null, false, "DURATION", "the second load's duration (needed with --next-after)"),
            new Option("next-report", "FM_LOAD_NEXT_REPORT", null, false, "PATH", "write the second load's JSON report there"),
            new Option("next-wait", "FM_LOAD_NEXT_WAIT", "1h", false, "DURATION", "give up waiting for --next-after after this long"));

    private LoadCommand() {
    }

    public static String usage() {
        return """
                load: load generator for the ingest benchmark: N edges at a paced rate, JSON report.
                Every option can also be set by the environment variable next to it; the command line wins.

                """ + CommandLine.help(OPTIONS);
    }

    /** Runs {@code load} with the arguments after the command name. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(usage());
            return OK;
        }
        try {
            return load(CommandLine.parse(args, OPTIONS, env), out);
        } catch (UsageException e) {
            err.println("load: " + e.getMessage());
            err.println("Run 'load --help' for the options.");
            return USAGE;
        } catch (BrokerException e) {
            err.println("load: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("load: " + e);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    private static int load(CommandLine cl, PrintStream out) throws UsageException, IOException, InterruptedException {
        LoadOptions options = options(cl, site(cl));
        LoadOptions next = cl.get("next-after") == null ? null : nextOptions(cl, options);
        if (next == null && (cl.get("next-duration") != null || cl.get("next-rate") != null || cl.get("next-report") != null)) {
            throw new UsageException("--next-duration, --next-rate and --next-report need --next-after");
        }
        Function<MqttSettings, BrokerConnection> connector = connector(cl.get("client"));
        boolean ok = publish(options, connector, cl.get("report"), out);
        if (next == null) {
            return ok ? OK : FAILED;
        }
        Path signal = Path.of(cl.get("next-after"));
        long deadline = System.nanoTime() + cl.duration("next-wait").toNanos();
        while (!Files.exists(signal)) {
            if (System.nanoTime() > deadline) {
                out.println("load: " + signal + " did not appear within " + cl.get("next-wait") + "; no second load");
                return FAILED;
            }
            Thread.sleep(10);
        }
        return publish(next, connector, cl.get("next-report"), out) && ok ? OK : FAILED;
    }

    static Function<MqttSettings, BrokerConnection> connector(String client) throws UsageException {
        return switch (client) {
            case "plain" -> PlainMqttConnection::new;
            case "paho" -> {
                SocketFactory readAhead = new ReadAheadSocketFactory();
                yield settings -> new PahoBrokerConnection(settings, readAhead);
            }
            default -> throw new UsageException("--client: plain or paho, not '" + client + "'");
        };
    }

    /** One load; its report written where asked, its summary printed. Whether every batch was acknowledged. */
    private static boolean publish(LoadOptions options, Function<MqttSettings, BrokerConnection> connector, String reportPath,
            PrintStream out)
            throws IOException, InterruptedException {
        LoadReport report;
        try {
            report = new LoadGenerator(options, connector).run();
        } catch (IllegalStateException e) {
            throw new BrokerException(e.getMessage(), e);
        }
        if (reportPath != null) {
            LoadGenerator.writeReport(report, Path.of(reportPath));
        }
        out.println(report.summary());
        out.flush();
        return report.failed() == 0 && report.unacknowledged() == 0 && report.batches() > 0;
    }

    static LoadOptions nextOptions(CommandLine cl, LoadOptions first) throws UsageException {
        if (cl.get("next-duration") == null) {
            throw new UsageException("--next-after needs --next-duration");
        }
        try {
            return new LoadOptions(first.site(), first.brokerUri(), first.usernamePrefix(), first.password(),
                    first.connections(), cl.get("next-rate") == null ? first.rate() : cl.nonNegativeDouble("next-rate"),
                    first.readingsPerMessage(), cl.duration("next-duration"), first.inflight(), first.connectTimeout());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--next-" + e.getMessage());
        }
    }

    static LoadOptions options(CommandLine cl, SiteDescription site) throws UsageException {
        try {
            return new LoadOptions(site, cl.get("broker"), cl.get("username-prefix"), cl.get("password"),
                    cl.intValue("connections", 1, 10_000), cl.nonNegativeDouble("rate"),
                    cl.intValue("readings-per-message", 1, ContractV1.MAX_READINGS), cl.duration("duration"),
                    cl.intValue("inflight", 1, 65_535), cl.duration("connect-timeout"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
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
}
