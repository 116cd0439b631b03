package org.facilitymonitor.energy.rollup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.facilitymonitor.energy.IntervalLength;
import org.facilitymonitor.energy.registers.IntervalFigures;
import org.facilitymonitor.telemetry.InfluxQl;
import org.facilitymonitor.telemetry.InfluxQlReader;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.telemetry.WriteFailure;

/** Meter readings in and interval figures out of InfluxDB, in the {@code consumption_*} measurements. */
@ApplicationScoped
public class RollupStore {

    /** Register readings of a meter, in the order they were read from InfluxDB. */
    public record Readings(long[] timestamps, double[] values) {
    }

    @Inject
    InfluxQlReader reader;
    @Inject
    TelemetryWriter writer;

    /** The meter's readings in [fromMs, toMs], plus the last one before and the first one after. */
    public Readings readings(Meter m, long fromMs, long toMs) {
        String field = InfluxQl.identifier(m.field());
        String from = " FROM " + InfluxQl.identifier(m.measurement()) + " WHERE " + pointIs(m);
        var rows = reader.rows("SELECT " + field + " AS value" + from + " AND time >= " + fromMs + "ms AND time <= "
                + toMs + "ms; SELECT last(" + field + ") AS value" + from + " AND time < " + fromMs
                + "ms; SELECT first(" + field + ") AS value" + from + " AND time > " + toMs + "ms");
        long[] ts = new long[rows.size()];
        double[] values = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            ts[i] = rows.get(i).timeMs();
            values[i] = rows.get(i).asDouble();
        }
        return new Readings(ts, values);
    }

    /**
     * The span stored readings in [fromMs, toMs] change: from the last reading before them (or the
     * first of them) to the first reading after them (or the last of them); null when there is none.
     */
    public long[] affectedSpan(Meter m, long fromMs, long toMs) {
        String field = InfluxQl.identifier(m.field());
        String from = " FROM " + InfluxQl.identifier(m.measurement()) + " WHERE " + pointIs(m);
        String inside = " AND time >= " + fromMs + "ms AND time <= " + toMs + "ms";
        Map<String, Long> found = new HashMap<>();
        for (Map<String, Object> row : reader.table(
                "SELECT last(" + field + ") AS before" + from + " AND time < " + fromMs + "ms; "
                + "SELECT first(" + field + ") AS first_inside" + from + inside + "; "
                + "SELECT last(" + field + ") AS last_inside" + from + inside + "; "
                + "SELECT first(" + field + ") AS after" + from + " AND time > " + toMs + "ms")) {
            row.keySet().stream().filter(k -> !"time".equals(k)).forEach(k -> found.put(k, (Long) row.get("time")));
        }
        Long start = found.getOrDefault("before", found.get("first_inside"));
        Long end = found.getOrDefault("after", found.get("last_inside"));
        return start == null || end == null || start >= end ? null : new long[] { start, end };
    }

    /** Stored figures of one length for the meter with a start in [fromMs, toMs), by start. */
    public List<IntervalFigures> figures(Meter m, IntervalLength length, long fromMs, long toMs) {
        return figures(length, pointIs(m), fromMs, toMs);
    }

    /** Stored figures of one length matching an InfluxQL condition on the tags, by start (the last row wins). */
    public List<IntervalFigures> figures(IntervalLength length, String tagCondition, long fromMs, long toMs) {
        Map<Long, IntervalFigures> byStart = new TreeMap<>();
        for (Map<String, Object> row : reader.table("SELECT \"value\", \"energy_kwh\", \"coverage\", \"resets\", "
                + "\"rollovers\", \"end\" FROM \"" + length.measurement() + "\" WHERE " + tagCondition
                + " AND time >= " + fromMs + "ms AND time < " + toMs + "ms")) {
            long start = (Long) row.get("time");
            byStart.put(start, new IntervalFigures(length, start, number(row.get("end")).longValue(),
                    number(row.get("value")).doubleValue(),
                    row.containsKey("energy_kwh") ? number(row.get("energy_kwh")).doubleValue() : null,
                    number(row.get("coverage")).doubleValue(), number(row.get("resets")).intValue(),
                    number(row.get("rollovers")).intValue()));
        }
        return new ArrayList<>(byStart.values());
    }

    public void write(Meter m, List<IntervalFigures> figures) throws WriteFailure {
        Batch batch = batch(Integer.MAX_VALUE);
        batch.add(m, figures);
        batch.flush();
    }

    /** Collects figures of several meters and writes them in writes of up to {@code maxLines} lines. */
    public Batch batch(int maxLines) {
        return new Batch(maxLines);
    }

    /** Figures waiting to be written; written when {@code maxLines} are waiting, and by {@link #flush()}. */
    public final class Batch {
        private final int maxLines;
        private List<String> lines = new ArrayList<>();

        private Batch(int maxLines) {
            this.maxLines = maxLines;
        }

        public void add(Meter m, List<IntervalFigures> figures) throws WriteFailure {
            String tags = ",asset=" + m.assetId() + ",building=" + m.buildingId() + ",carrier=" + m.carrier().tag()
                    + ",point=" + m.pointId() + ",site=" + m.siteId() + " ";
            for (IntervalFigures f : figures) {
                lines.add(line(tags, f));
            }
            if (lines.size() >= maxLines) {
                flush();
            }
        }

        public void flush() throws WriteFailure {
            if (lines.isEmpty()) {
                return;
            }
            List<String> out = lines;
            lines = new ArrayList<>();
            writer.write(out);
        }
    }

    private static String line(String tags, IntervalFigures f) {
        StringBuilder line = new StringBuilder(160).append(f.length().measurement()).append(tags)
                .append("value=").append(f.value())
                .append(",coverage=").append(f.coverage())
                .append(",estimated=").append(f.estimated() ? 1 : 0).append('i')
                .append(",resets=").append(f.resets()).append('i')
                .append(",rollovers=").append(f.rollovers()).append('i')
                .append(",end=").append(f.endMs()).append('i');
        if (f.energyKwh() != null) {
            line.append(",energy_kwh=").append(f.energyKwh());
        }
        return line.append(' ').append(f.startMs()).toString();
    }

    private static String pointIs(Meter m) {
        return "\"point\" = " + InfluxQl.string(m.pointId());
    }

    private static Number number(Object o) {
        return o instanceof Number n ? n : Double.valueOf(o.toString());
    }
}
