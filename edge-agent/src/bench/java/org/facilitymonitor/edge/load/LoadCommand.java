package org.facilitymonitor.edge.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.SocketFactory;
import org.facilitymonitor.edge.CommandLine;
import org.facilitymonitor.edge.CommandLine.Option;
import org.facilitymonitor.edge.CommandLine.UsageException;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.mqtt.BrokerException;
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
            new Option("report", "FM_LOAD_REPORT", null, false, "PATH", "write a JSON report there"),
            new Option("connect-timeout", "FM_CONNECT_TIMEOUT", "30s", false, "DURATION", "give up if the first connect has not succeeded by then"));

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
        LoadReport report;
        try {
            SocketFactory readAhead = new ReadAheadSocketFactory();
            report = new LoadGenerator(options, settings -> new PahoBrokerConnection(settings, readAhead)).run();
        } catch (IllegalStateException e) {
            throw new BrokerException(e.getMessage(), e);
        }
        if (cl.get("report") != null) {
            LoadGenerator.writeReport(report, Path.of(cl.get("report")));
        }
        out.println(report.summary());
        return report.failed() == 0 && report.unacknowledged() == 0 && report.batches() > 0 ? OK : FAILED;
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
