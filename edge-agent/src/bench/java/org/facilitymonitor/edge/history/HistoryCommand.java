package org.facilitymonitor.edge.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.facilitymonitor.edge.CommandLine;
import org.facilitymonitor.edge.CommandLine.Option;
import org.facilitymonitor.edge.CommandLine.UsageException;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.load.BatchPublisher;
import org.facilitymonitor.edge.mqtt.BrokerConnection;
import org.facilitymonitor.edge.mqtt.BrokerException;
import org.facilitymonitor.edge.mqtt.MqttSettings;
import org.facilitymonitor.edge.mqtt.PahoBrokerConnection;
import org.facilitymonitor.edge.site.Point;
import org.facilitymonitor.edge.site.PointKind;
import org.facilitymonitor.edge.site.SiteDescription;
import org.facilitymonitor.edge.site.SiteFiles;

/**
 * {@code history}: the energy benchmark's loader (bin/bench-energy). Publishes, as one edge and as
 * fast as the broker acknowledges, {@code historical: true} batches holding every cumulative
 * point's register every {@code --step} over the last {@code --days} before {@code --end}.
 * Exit codes: 0 every batch acknowledged, 1 failed, 2 bad arguments.
 */
public final class HistoryCommand {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final List<Option> OPTIONS = List.of(
            new Option("site-file", null, null, true, "PATH", "site description; its cumulative points are the meters"),
            new Option("broker", null, "tcp://127.0.0.1:11883", false, "URL", "MQTT broker"),
            new Option("edge", null, "history-edge1", false, "ID", "edge id and MQTT account"),
            new Option("password", null, null, false, "SECRET", "MQTT password of the edge"),
            new Option("days", null, "365", false, "N", "days of history before --end"),
            new Option("step", null, "15m", false, "DURATION", "time between two readings of a meter"),
            new Option("end", null, null, false, "INSTANT", "end of the history, exclusive (default: now, down to the step)"),
            new Option("readings-per-message", null, "2000", false, "N", "readings per batch"),
            new Option("inflight", null, "64", false, "N", "unacknowledged batches"),
            new Option("holes", null, "0", false, "N", "readings of the first meter left out, a day apart from the middle on"),
            new Option("progress", null, "10s", false, "DURATION", "print progress this often"),
            new Option("report", null, null, false, "PATH", "write a JSON report there"));

    private HistoryCommand() {
    }

    public static String usage() {
        return """
                history: publish a meter history as historical batches (the energy benchmark's loader).

                """ + CommandLine.help(OPTIONS);
    }

    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(usage());
            return OK;
        }
        try {
            return publish(CommandLine.parse(args, OPTIONS, Map.of()), out);
        } catch (UsageException e) {
            err.println("history: " + e.getMessage());
            return USAGE;
        } catch (BrokerException | IOException | IllegalArgumentException e) {
            err.println("history: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    private static int publish(CommandLine cl, PrintStream out) throws UsageException, IOException, InterruptedException {
        SiteDescription site = SiteFiles.load(Path.of(cl.get("site-file")));
        List<String> meters = site.points().stream().filter(p -> p.kind() == PointKind.CUMULATIVE).map(Point::id).toList();
        long step = cl.duration("step").toMillis();
        long end = cl.get("end") == null ? System.currentTimeMillis() / step * step : Instant.parse(cl.get("end")).toEpochMilli();
        long from = end - Duration.ofDays(cl.intValue("days", 1, 3660)).toMillis();
        int perMessage = cl.intValue("readings-per-message", 1, ContractV1.MAX_READINGS);
        Set<HistoryReadings.Hole> holes = holes(meters, from, end, step, cl.intValue("holes", 0, 1000));
        HistoryReadings history = new HistoryReadings(meters, from, end, step, holes);
        String edge = cl.get("edge");
        String siteId = site.site().id();

        BrokerConnection connection = new PahoBrokerConnection(MqttSettings.of(cl.get("broker"), edge, edge, cl.get("password"))
                .withStateTopic(ContractV1.stateTopic(siteId, edge)).withMaxInflight(cl.intValue("inflight", 1, 65_535))
                .withConnectTimeout(Duration.ofSeconds(30)));
        connection.connect();
        BatchPublisher publisher = new BatchPublisher(connection, siteId, edge);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        long progressMs = cl.duration("progress").toMillis();
        long started = System.nanoTime();
        long nextProgress = started + progressMs * 1_000_000;
        long seq = System.currentTimeMillis();
        long batches = 0;
        while (history.hasNext()) {
            List<Reading> readings = history.next(perMessage);
            if (readings.isEmpty()) {
                continue;
            }
            int n = readings.size();
            CompletableFuture<Void> done = publisher.publishAsync(Batch.historical(siteId, edge, seq++, readings));
            done.whenComplete((ok, e) -> (e == null ? acked : failed).addAndGet(e == null ? n : 1));
            pending.add(done);
            batches++;
            if (pending.size() >= 10_000) {
                pending.removeIf(CompletableFuture::isDone);
            }
            if (System.nanoTime() - nextProgress >= 0) {
                out.printf(Locale.ROOT, "history: %,d of %,d readings acknowledged (%.0f s)%n", acked.get(), history.total(),
                        (System.nanoTime() - started) / 1e9);
                nextProgress += progressMs * 1_000_000;
            }
        }
        for (CompletableFuture<Void> f : pending) {
            try {
                f.join();
            } catch (RuntimeException e) {
                // counted as failed
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        connection.close();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("site", siteId);
        report.put("edge", edge);
        report.put("meters", meters.size());
        report.put("from", Instant.ofEpochMilli(from).toString());
        report.put("to", Instant.ofEpochMilli(end).toString());
        report.put("stepMs", step);
        report.put("batches", batches);
        report.put("readings", acked.get());
        report.put("failedBatches", failed.get());
        report.put("seconds", Math.round(seconds * 1000) / 1000.0);
        report.put("readingsPerSecond", Math.round(acked.get() / seconds));
        report.put("holes", holes.stream().map(h -> Map.of("point", h.point(), "ts", h.ts())).toList());
        if (cl.get("report") != null) {
            Files.writeString(Path.of(cl.get("report")),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        }
        out.printf(Locale.ROOT, "history: %,d readings of %d meters in %,d batches acknowledged in %.1f s = %,.0f readings/s; %d failed%n",
                acked.get(), meters.size(), batches, seconds, acked.get() / seconds, failed.get());
        return failed.get() == 0 && acked.get() == history.total() ? OK : FAILED;
    }

    /** The first meter's readings a day apart from the middle of the history on (within it). */
    static Set<HistoryReadings.Hole> holes(List<String> meters, long from, long end, long step, int count) {
        Set<HistoryReadings.Hole> holes = new LinkedHashSet<>();
        long middle = (from + (end - from) / 2) / step * step;
        for (int k = 0; k < count; k++) {
            long ts = middle + k * 86_400_000L + (k % 4) * step;
            if (ts <= from || ts >= end - step) {
                break;
            }
            holes.add(new HistoryReadings.Hole(meters.get(0), ts));
        }
        return holes;
    }
}
