package org.facilitymonitor.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.ingest.StoredReadingsObserver;
import org.facilitymonitor.platform.InstanceId;
import org.facilitymonitor.telemetry.InfluxQl;
import org.facilitymonitor.telemetry.InfluxQlReader;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.telemetry.WriteFailure;

/**
 * The engine's conclusions as points in InfluxDB (measurement {@value #MEASUREMENT}), written before the
 * readings that caused them are acknowledged, so a crash after the acknowledgement loses none: the alarms'
 * recovery sweep applies what PostgreSQL never recorded. A point's identity is rule + type + the reading's
 * timestamp, the conclusion's key, so journalling one twice overwrites it. Its keys are not named like the
 * readings' tags (site, asset, point): InfluxDB 1.x then misreads a condition on a tag in queries over
 * every measurement.
 */
@ApplicationScoped
public class ConclusionJournal {

    public static final String MEASUREMENT = "fm_rule_conclusion";

    /** One journalled conclusion. */
    public record Entry(long ruleId, RuleEvent.Type type, long ts, String siteId, String assetId, String pointId,
            Double value, String message, String instance, long writtenAt) {
    }

    @Inject
    TelemetryWriter writer;
    @Inject
    InfluxQlReader reader;
    @Inject
    RulesConfig config;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry registry;

    private volatile boolean stopping;
    private String instance;
    private Counter written;
    private Counter retries;
    private Counter refused;

    @PostConstruct
    void init() {
        instance = InstanceId.hostAndPid();
        written = Counter.builder("fm.rules.journal.written").description("Rule conclusions journalled in InfluxDB")
                .register(registry);
        retries = Counter.builder("fm.rules.journal.retries")
                .description("Failed attempts to journal conclusions (InfluxDB unavailable); retried before the acknowledgement")
                .register(registry);
        refused = Counter.builder("fm.rules.journal.refused")
                .description("Conclusions InfluxDB refused to journal; they go on to the alarms without a journal entry")
                .register(registry);
    }

    // Before ingest waits for its writer: a journal write retrying then gives up and leaves its message unacknowledged.
    void stop(@Observes @Priority(1000) ShutdownEvent event) {
        stopping = true;
    }

    /**
     * Writes the conclusions and returns once InfluxDB confirmed them, retrying with backoff while it fails.
     *
     * @throws StoredReadingsObserver.NotDurable when the service stops before they are stored
     */
    public void write(List<RuleEvent> events) {
        long writtenAt = clock.millis();
        List<String> lines = new ArrayList<>(events.size());
        for (RuleEvent e : events) {
            lines.add(line(e, instance, writtenAt));
        }
        long delay = config.journalRetryInitialDelay().toMillis();
        for (int attempt = 0;; attempt++) {
            try {
                writer.write(lines);
                written.increment(lines.size());
                return;
            } catch (WriteFailure failure) {
                if (failure.kind() == WriteFailure.Kind.REJECTED) {
                    // Our own points, fixed field types: not expected. The alarms still get the conclusions.
                    refused.increment(lines.size());
                    Log.errorf("rules: InfluxDB refused to journal %d conclusion(s) (%s); they are not durable", lines.size(),
                            failure.getMessage());
                    return;
                }
                retries.increment();
                if (stopping) {
                    throw new StoredReadingsObserver.NotDurable("stopping before " + lines.size()
                            + " conclusion(s) were journalled: " + failure.getMessage());
                }
                if (attempt == 0 || attempt % 10 == 0) {
                    Log.warnf("rules: journalling %d conclusion(s) failed (%s); retrying, their readings are not"
                            + " acknowledged meanwhile", lines.size(), failure.getMessage());
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new StoredReadingsObserver.NotDurable("interrupted before the conclusions were journalled");
                }
                delay = Math.min(config.journalRetryMaxDelay().toMillis(), delay * 2);
            }
        }
    }

    /** The line-protocol point of a conclusion: tags rule and type, time the reading's timestamp. */
    static String line(RuleEvent e, String instance, long writtenAt) {
        RuleSpec r = e.rule();
        StringBuilder b = new StringBuilder(160).append(MEASUREMENT).append(",rule_id=").append(r.id()).append(",type=")
                .append(e.type().name()).append(' ');
        b.append("site_id=");
        quoted(b, r.siteId());
        b.append(",asset_id=");
        quoted(b, r.assetId());
        b.append(",point_id=");
        quoted(b, r.pointId());
        b.append(",message=");
        quoted(b, e.message());
        b.append(",instance=");
        quoted(b, instance);
        if (Double.isFinite(e.value())) {
            b.append(",value=").append(e.value());
        }
        b.append(",written_at=").append(writtenAt).append("i ").append(e.ts());
        return b.toString();
    }

    private static void quoted(StringBuilder b, String text) {
        b.append('"');
        String t = text == null ? "" : text;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n' || c == '\r') {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }

    /** Journalled conclusions with a reading timestamp from {@code from} on, oldest first. */
    public List<Entry> since(Instant from) {
        List<Entry> out = new ArrayList<>();
        for (Map<String, Object> row : reader.table("SELECT * FROM " + InfluxQl.identifier(MEASUREMENT) + " WHERE time >= "
                + InfluxQl.time(from))) {
            try {
                Object value = row.get("value");
                out.add(new Entry(Long.parseLong(text(row, "rule_id")), RuleEvent.Type.valueOf(text(row, "type")),
                        ((Number) row.get("time")).longValue(), text(row, "site_id"), text(row, "asset_id"), text(row, "point_id"),
                        value == null ? null : Double.valueOf(value.toString()), text(row, "message"),
                        text(row, "instance"), (long) Double.parseDouble(text(row, "written_at"))));
            } catch (RuntimeException e) {
                Log.warnf("rules: an unreadable journal entry %s is skipped: %s", row, e.getMessage());
            }
        }
        out.sort(Comparator.comparingLong(Entry::ts));
        return out;
    }

    private static String text(Map<String, Object> row, String column) {
        Object v = row.get(column);
        if (v == null) {
            throw new IllegalArgumentException("no " + column);
        }
        return v.toString();
    }
}
