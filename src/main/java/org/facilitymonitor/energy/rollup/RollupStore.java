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

    /** No reading, in the arrays of {@link #edges}. */
    public static final long NONE = Long.MIN_VALUE;

    /**
     * Per point of the meters (which share measurement and field): the times of the last reading
     * before its own {@code fromMs}, the first and the last inside [fromMs, toMs] of all of them,
     * and the first after that ({@link #NONE} when there is none); the value of the reading before
     * goes to {@code beforeValues}. One request for all the meters.
     */
    public Map<String, long[]> edges(List<Meter> meters, Map<String, Long> ownFromMs, long fromMs, long toMs,
            Map<String, Double> beforeValues) {
        String field = InfluxQl.identifier(meters.get(0).field());
        String measurement = InfluxQl.identifier(meters.get(0).measurement());
        String from = " FROM " + measurement + " WHERE " + pointIn(meters);
        String inside = " AND time >= " + fromMs + "ms AND time <= " + toMs + "ms";
        String[] aliases = { "before", "first_inside", "last_inside", "after" };
        Map<String, long[]> edges = new HashMap<>();
        meters.forEach(m -> edges.put(m.pointId(), new long[] { NONE, NONE, NONE, NONE }));
        StringBuilder query = new StringBuilder();
        for (Meter m : meters) {
            query.append("SELECT last(").append(field).append(") AS before FROM ").append(measurement).append(" WHERE ")
                    .append(pointIs(m)).append(" AND time < ").append(ownFromMs.get(m.pointId()))
                    .append("ms GROUP BY \"point\"; ");
        }
        query.append("SELECT first(" + field + ") AS first_inside" + from + inside + " GROUP BY \"point\"; "
                + "SELECT last(" + field + ") AS last_inside" + from + inside + " GROUP BY \"point\"; "
                + "SELECT first(" + field + ") AS after" + from + " AND time > " + toMs + "ms GROUP BY \"point\"");
        reader.visit(query.toString(), (m, tags, column) -> {
            long[] e = edges.get(tags.get("point"));
            Object time = column.apply("time");
            for (int i = 0; e != null && time != null && i < aliases.length; i++) {
                Object value = column.apply(aliases[i]);
                if (present(value)) {
                    e[i] = Long.parseLong(time.toString());
                    if (i == 0) {
                        beforeValues.put(tags.get("point"), Double.parseDouble(value.toString()));
                    }
                }
            }
        });
        return edges;
    }

    /**
     * Per point of the meters (which share measurement and field): its readings in [fromMs, toMs],
     * plus the last one before and the first one after. One request for all the meters.
     */
    public Map<String, Readings> readings(List<Meter> meters, long fromMs, long toMs) {
        String field = InfluxQl.identifier(meters.get(0).field());
        String from = " FROM " + InfluxQl.identifier(meters.get(0).measurement()) + " WHERE " + pointIn(meters);
        Map<String, long[]> times = new HashMap<>();
        Map<String, double[]> values = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        // before, inside, after: each point's rows arrive in time order
        reader.visit("SELECT last(" + field + ") AS value" + from + " AND time < " + fromMs + "ms GROUP BY \"point\"; "
                + "SELECT " + field + " AS value" + from + " AND time >= " + fromMs + "ms AND time <= " + toMs
                + "ms GROUP BY \"point\"; "
                + "SELECT first(" + field + ") AS value" + from + " AND time > " + toMs + "ms GROUP BY \"point\"",
                (measurement, tags, column) -> {
                    Object time = column.apply("time");
                    Object value = column.apply("value");
                    String point = tags.get("point");
                    if (point == null || time == null || !present(value)) {
                        return;
                    }
                    int n = sizes.getOrDefault(point, 0);
                    long[] t = times.computeIfAbsent(point, p -> new long[64]);
                    double[] v = values.computeIfAbsent(point, p -> new double[64]);
                    if (n == t.length) {
                        t = java.util.Arrays.copyOf(t, n * 2);
                        v = java.util.Arrays.copyOf(v, n * 2);
                        times.put(point, t);
                        values.put(point, v);
                    }
                    t[n] = Long.parseLong(time.toString());
                    v[n] = Double.parseDouble(value.toString());
                    sizes.put(point, n + 1);
                });
        Map<String, Readings> readings = new HashMap<>();
        sizes.forEach((point, n) -> readings.put(point,
                new Readings(java.util.Arrays.copyOf(times.get(point), n), java.util.Arrays.copyOf(values.get(point), n))));
        return readings;
    }

    /** What the store holds of a point's readings in a window: how many, their sum, the last value. */
    public record Tally(long count, double sum, double last) {
    }

    /**
     * Per meter (all sharing measurement and field): the tally of its stored readings in
     * (afterMs[i], toMs[i]]. One request, one statement per meter; nothing is transferred but the tallies.
     */
    public Map<String, Tally> tallies(List<Meter> meters, long[] afterMs, long[] toMs) {
        String field = InfluxQl.identifier(meters.get(0).field());
        String measurement = InfluxQl.identifier(meters.get(0).measurement());
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < meters.size(); i++) {
            query.append(i == 0 ? "" : "; ").append("SELECT count(").append(field).append(") AS c, sum(").append(field)
                    .append(") AS s, last(").append(field).append(") AS l FROM ").append(measurement).append(" WHERE ")
                    .append(pointIs(meters.get(i))).append(" AND time > ").append(afterMs[i]).append("ms AND time <= ")
                    .append(toMs[i]).append("ms GROUP BY \"point\"");
        }
        Map<String, Tally> tallies = new HashMap<>();
        reader.visit(query.toString(), (m, tags, column) -> {
            if (tags.get("point") != null && present(column.apply("c"))) {
                tallies.put(tags.get("point"), new Tally(number(column.apply("c")).longValue(),
                        number(column.apply("s")).doubleValue(), number(column.apply("l")).doubleValue()));
            }
        });
        return tallies;
    }

    /** A time window [fromMs, toMs) of stored figures of one length. */
    public record Window(IntervalLength length, long fromMs, long toMs) {
    }

    /** Per point of the meters: their stored figures in the windows, per length, by start. One request. */
    public Map<String, Map<IntervalLength, List<IntervalFigures>>> figures(List<Meter> meters, List<Window> windows) {
        Map<String, Map<IntervalLength, TreeMap<Long, IntervalFigures>>> found = new HashMap<>();
        if (windows.isEmpty()) {
            return Map.of();
        }
        Map<String, IntervalLength> byMeasurement = new HashMap<>();
        StringBuilder query = new StringBuilder();
        for (Window w : windows) {
            byMeasurement.put(w.length().measurement(), w.length());
            query.append(query.isEmpty() ? "" : "; ").append("SELECT \"value\", \"energy_kwh\", \"coverage\", ")
                    .append("\"resets\", \"rollovers\", \"end\" FROM \"").append(w.length().measurement())
                    .append("\" WHERE ").append(pointIn(meters)).append(" AND time >= ").append(w.fromMs())
                    .append("ms AND time < ").append(w.toMs()).append("ms GROUP BY \"point\"");
        }
        reader.visit(query.toString(), (measurement, tags, column) -> {
            IntervalLength length = byMeasurement.get(measurement);
            String point = tags.get("point");
            if (length == null || point == null || !present(column.apply("value"))) {
                return;
            }
            IntervalFigures f = figure(length, Long.parseLong(column.apply("time").toString()), column);
            found.computeIfAbsent(point, p -> new java.util.EnumMap<>(IntervalLength.class))
                    .computeIfAbsent(length, l -> new TreeMap<>()).put(f.startMs(), f);
        });
        Map<String, Map<IntervalLength, List<IntervalFigures>>> figures = new HashMap<>();
        found.forEach((point, byLength) -> {
            Map<IntervalLength, List<IntervalFigures>> lists = new java.util.EnumMap<>(IntervalLength.class);
            byLength.forEach((length, byStart) -> lists.put(length, new ArrayList<>(byStart.values())));
            figures.put(point, lists);
        });
        return figures;
    }

    /**
     * Per point of the meters: its stored quarter hours starting in [fromMs, toMs], each with the
     * time its register curve reached when it was computed ({@code through}; absent in figures
     * written before that field existed).
     */
    public Map<String, Map<Long, QuarterState>> quarterStates(List<Meter> meters, long fromMs, long toMs) {
        Map<String, Map<Long, QuarterState>> states = new HashMap<>();
        reader.visit("SELECT \"value\", \"energy_kwh\", \"coverage\", \"resets\", \"rollovers\", \"end\", "
                + "\"through\" FROM \"" + IntervalLength.QUARTER_HOUR.measurement() + "\" WHERE " + pointIn(meters)
                + " AND time >= " + fromMs + "ms AND time <= " + toMs + "ms GROUP BY \"point\"",
                (measurement, tags, column) -> {
                    Object through = column.apply("through");
                    String point = tags.get("point");
                    if (point == null || !present(column.apply("value")) || !present(through)) {
                        return;
                    }
                    IntervalFigures f = figure(IntervalLength.QUARTER_HOUR,
                            Long.parseLong(column.apply("time").toString()), column);
                    states.computeIfAbsent(point, p -> new HashMap<>())
                            .put(f.startMs(), new QuarterState(f, number(through).longValue()));
                });
        return states;
    }

    /** A stored quarter hour and how far its register curve reached when it was computed. */
    public record QuarterState(IntervalFigures figures, long throughMs) {
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
            byStart.put(start, figure(length, start, row::get));
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
            add(m, figures, Long.MIN_VALUE);
        }

        /**
         * Quarter hours computed from a register curve whose last reading is at {@code curveEndMs}:
         * each gets {@code through} = the earlier of that and its end, so a later run appending
         * readings can continue the figure instead of reading the quarter hour's readings again.
         */
        public void addQuarters(Meter m, List<IntervalFigures> quarters, long curveEndMs) throws WriteFailure {
            add(m, quarters, curveEndMs);
        }

        private void add(Meter m, List<IntervalFigures> figures, long curveEndMs) throws WriteFailure {
            String tags = ",asset=" + m.assetId() + ",building=" + m.buildingId() + ",carrier=" + m.carrier().tag()
                    + ",point=" + m.pointId() + ",site=" + m.siteId() + " ";
            for (IntervalFigures f : figures) {
                lines.add(line(tags, f, curveEndMs == Long.MIN_VALUE ? Long.MIN_VALUE : Math.min(curveEndMs, f.endMs())));
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

    private static String line(String tags, IntervalFigures f, long throughMs) {
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
        if (throughMs != Long.MIN_VALUE) {
            line.append(",through=").append(throughMs).append('i');
        }
        return line.append(' ').append(f.startMs()).toString();
    }

    private static IntervalFigures figure(IntervalLength length, long start,
            java.util.function.Function<String, Object> column) {
        Object kwh = column.apply("energy_kwh");
        return new IntervalFigures(length, start, number(column.apply("end")).longValue(),
                number(column.apply("value")).doubleValue(), present(kwh) ? number(kwh).doubleValue() : null,
                number(column.apply("coverage")).doubleValue(), number(column.apply("resets")).intValue(),
                number(column.apply("rollovers")).intValue());
    }

    private static boolean present(Object value) {
        return value != null && !value.toString().isEmpty();
    }

    private static String pointIn(List<Meter> meters) {
        StringBuilder in = new StringBuilder("(");
        for (Meter m : meters) {
            in.append(in.length() == 1 ? "" : " OR ").append(pointIs(m));
        }
        return in.append(')').toString();
    }

    private static String pointIs(Meter m) {
        return "\"point\" = " + InfluxQl.string(m.pointId());
    }

    private static Number number(Object o) {
        return o instanceof Number n ? n : Double.valueOf(o.toString());
    }
}
