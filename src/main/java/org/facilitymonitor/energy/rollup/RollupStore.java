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
import org.facilitymonitor.ingest.IngestConfig;
import org.facilitymonitor.telemetry.InfluxQl;
import org.facilitymonitor.telemetry.InfluxQlReader;
import org.facilitymonitor.telemetry.InfluxQlReader.RowVisitor;
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
    @Inject
    IngestConfig ingest;
    @Inject
    java.time.Clock clock;

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

    /** No reading, in the arrays of {@link #edges}. */
    public static final long NONE = Long.MIN_VALUE;

    /**
     * Per point of the meters (which share measurement and field): the times of the last reading
     * before its own range, the first and the last inside it, and the first after it ({@link #NONE}
     * when there is none); the value of the reading before goes to {@code beforeValues}. A meter's own
     * range, not the cluster's: a reading of one meter after its own range but inside a later one's
     * was stored after the run began, and taking it in made the next run recompute that meter from
     * InfluxDB. One request for all the meters together, one statement per meter and question; a
     * second for the neighbours not within a week (see {@link #farNeighbours}).
     */
    public Map<String, long[]> edges(List<Meter> meters, Map<String, Long> ownFromMs, Map<String, Long> ownToMs,
            Map<String, Double> beforeValues) {
        String field = InfluxQl.identifier(meters.get(0).field());
        String measurement = InfluxQl.identifier(meters.get(0).measurement());
        Map<String, long[]> edges = new HashMap<>();
        meters.forEach(m -> edges.put(m.pointId(), new long[] { NONE, NONE, NONE, NONE }));
        StringBuilder query = new StringBuilder(neighbourStatements(meters, ownFromMs, ownToMs, true));
        for (Meter m : meters) {
            String where = " FROM " + measurement + " WHERE " + pointIs(m) + " AND time >= " + ownFromMs.get(m.pointId())
                    + "ms AND time <= " + ownToMs.get(m.pointId()) + "ms GROUP BY \"point\"";
            query.append("; SELECT first(").append(field).append(") AS first_inside").append(where)
                    .append("; SELECT last(").append(field).append(") AS last_inside").append(where);
        }
        // the near neighbours and the readings inside in one request: a live stream runs this every few hundred ms
        Map<String, Neighbours> around = newNeighbours(meters);
        RowVisitor neighbour = neighbourVisitor(around);
        reader.visit(query.toString(), (m, tags, column) -> {
            neighbour.row(m, tags, column);
            long[] e = edges.get(tags.get("point"));
            Object time = column.apply("time");
            if (e != null && time != null) {
                if (present(column.apply("first_inside"))) {
                    e[1] = Long.parseLong(time.toString());
                }
                if (present(column.apply("last_inside"))) {
                    e[2] = Long.parseLong(time.toString());
                }
            }
        });
        farNeighbours(meters, ownFromMs, ownToMs, around);
        around.forEach((point, n) -> {
            long[] e = edges.get(point);
            if (e != null) {
                e[0] = n.beforeMs;
                e[3] = n.afterMs;
                if (n.beforeMs != NONE) {
                    beforeValues.put(point, n.beforeValue);
                }
            }
        });
        return edges;
    }

    /** How far back (and ahead) the neighbouring readings are looked for first: a week, one or two shards. */
    private static final long NEAR_MS = 7L * 24 * 3600 * 1000;

    /** A point's last reading before and first reading after a range ({@link #NONE} when none). */
    private static final class Neighbours {
        long beforeMs = NONE;
        double beforeValue;
        long afterMs = NONE;
        double afterValue;
    }

    /**
     * Per point: the last reading before its {@code beforeMs} and the first after {@code afterMs}.
     * Looked for within a week first (an unbounded last() or first() opens every shard of the
     * measurement, which made runs slow with a year stored), then without bound for the points
     * that had none that close.
     */
    private Map<String, Neighbours> neighbours(List<Meter> meters, Map<String, Long> beforeMs, Map<String, Long> afterMs) {
        Map<String, Neighbours> found = newNeighbours(meters);
        reader.visit(neighbourStatements(meters, beforeMs, afterMs, true), neighbourVisitor(found));
        farNeighbours(meters, beforeMs, afterMs, found);
        return found;
    }

    private static Map<String, Neighbours> newNeighbours(List<Meter> meters) {
        Map<String, Neighbours> found = new HashMap<>();
        meters.forEach(m -> found.put(m.pointId(), new Neighbours()));
        return found;
    }

    /**
     * The neighbours not found within a week, looked for without bound, into {@code found}. A reading
     * after a range is looked for only where one could exist: ingest accepts none later than now +
     * {@code fm.ingest.max-future}, so for a live stream's meters, whose ranges end about now, nothing is asked.
     */
    private void farNeighbours(List<Meter> meters, Map<String, Long> beforeMs, Map<String, Long> afterMs,
            Map<String, Neighbours> found) {
        long newestAccepted = clock.millis() + ingest.maxFuture().toMillis();
        List<Meter> farBefore = meters.stream().filter(m -> found.get(m.pointId()).beforeMs == NONE).toList();
        List<Meter> farAfter = meters.stream().filter(m -> found.get(m.pointId()).afterMs == NONE
                && afterMs.get(m.pointId()) + NEAR_MS < newestAccepted).toList();
        if (farBefore.isEmpty() && farAfter.isEmpty()) {
            return;
        }
        // a meter's far statements ask only for what it lacks, so their answers fill exactly that in
        String query = (farBefore.isEmpty() ? "" : neighbourStatements(farBefore, beforeMs, null, false))
                + (farBefore.isEmpty() || farAfter.isEmpty() ? "" : "; ")
                + (farAfter.isEmpty() ? "" : neighbourStatements(farAfter, null, afterMs, false));
        reader.visit(query, neighbourVisitor(found));
    }

    /** Per meter, a statement for the last reading before its {@code beforeMs} and one for the first after its {@code afterMs}. */
    private static String neighbourStatements(List<Meter> meters, Map<String, Long> beforeMs, Map<String, Long> afterMs,
            boolean near) {
        String field = InfluxQl.identifier(meters.get(0).field());
        String measurement = InfluxQl.identifier(meters.get(0).measurement());
        StringBuilder query = new StringBuilder();
        if (beforeMs != null) {
            for (Meter m : meters) {
                long before = beforeMs.get(m.pointId());
                query.append(query.isEmpty() ? "" : "; ").append("SELECT last(").append(field).append(") AS nb FROM ")
                        .append(measurement).append(" WHERE ").append(pointIs(m)).append(" AND time < ").append(before)
                        .append("ms").append(near ? " AND time >= " + (before - NEAR_MS) + "ms" : "")
                        .append(" GROUP BY \"point\"");
            }
        }
        if (afterMs != null) {
            for (Meter m : meters) {
                long after = afterMs.get(m.pointId());
                query.append(query.isEmpty() ? "" : "; ").append("SELECT first(").append(field).append(") AS na FROM ")
                        .append(measurement).append(" WHERE ").append(pointIs(m)).append(" AND time > ").append(after)
                        .append("ms").append(near ? " AND time <= " + (after + NEAR_MS) + "ms" : "")
                        .append(" GROUP BY \"point\"");
            }
        }
        return query.toString();
    }

    private static RowVisitor neighbourVisitor(Map<String, Neighbours> found) {
        return (m, tags, column) -> {
            Neighbours n = found.get(tags.get("point"));
            Object time = column.apply("time");
            if (n == null || time == null) {
                return;
            }
            Object before = column.apply("nb");
            Object after = column.apply("na");
            if (present(before)) {
                n.beforeMs = Long.parseLong(time.toString());
                n.beforeValue = Double.parseDouble(before.toString());
            }
            if (present(after)) {
                n.afterMs = Long.parseLong(time.toString());
                n.afterValue = Double.parseDouble(after.toString());
            }
        };
    }

    /**
     * Per point of the meters (which share measurement and field): its readings in [fromMs, toMs],
     * plus the last one before and the first one after. Two or three requests for all the meters together.
     */
    public Map<String, Readings> readings(List<Meter> meters, long fromMs, long toMs) {
        String field = InfluxQl.identifier(meters.get(0).field());
        String from = " FROM " + InfluxQl.identifier(meters.get(0).measurement()) + " WHERE " + pointIn(meters);
        Map<String, long[]> times = new HashMap<>();
        Map<String, double[]> values = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        Map<String, Long> beforeMs = new HashMap<>();
        Map<String, Long> afterMs = new HashMap<>();
        meters.forEach(m -> {
            beforeMs.put(m.pointId(), fromMs);
            afterMs.put(m.pointId(), toMs);
        });
        Map<String, Neighbours> around = neighbours(meters, beforeMs, afterMs);
        around.forEach((point, n) -> {
            if (n.beforeMs != NONE) {
                append(times, values, sizes, point, n.beforeMs, n.beforeValue);
            }
        });
        reader.visit("SELECT " + field + " AS value" + from + " AND time >= " + fromMs + "ms AND time <= " + toMs
                + "ms GROUP BY \"point\"",
                (measurement, tags, column) -> {
                    Object time = column.apply("time");
                    Object value = column.apply("value");
                    String point = tags.get("point");
                    if (point != null && time != null && present(value)) {
                        append(times, values, sizes, point, Long.parseLong(time.toString()),
                                Double.parseDouble(value.toString()));
                    }
                });
        around.forEach((point, n) -> {
            if (n.afterMs != NONE) {
                append(times, values, sizes, point, n.afterMs, n.afterValue);
            }
        });
        Map<String, Readings> readings = new HashMap<>();
        sizes.forEach((point, n) -> readings.put(point,
                new Readings(java.util.Arrays.copyOf(times.get(point), n), java.util.Arrays.copyOf(values.get(point), n))));
        return readings;
    }

    /**
     * Per point of the meters (sharing measurement and field): how many readings are stored in
     * [fromMs, toMs], points without any left out. One request; nothing is transferred but the counts.
     */
    public Map<String, Long> counts(List<Meter> meters, long fromMs, long toMs) {
        Map<String, Long> counts = new HashMap<>();
        reader.visit("SELECT count(" + InfluxQl.identifier(meters.get(0).field()) + ") AS c FROM "
                + InfluxQl.identifier(meters.get(0).measurement()) + " WHERE " + pointIn(meters) + " AND time >= "
                + fromMs + "ms AND time <= " + toMs + "ms GROUP BY \"point\"", (m, tags, column) -> {
                    if (tags.get("point") != null && present(column.apply("c"))) {
                        counts.put(tags.get("point"), number(column.apply("c")).longValue());
                    }
                });
        return counts;
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

    private static void append(Map<String, long[]> times, Map<String, double[]> values, Map<String, Integer> sizes,
            String point, long timeMs, double value) {
        int n = sizes.getOrDefault(point, 0);
        long[] t = times.computeIfAbsent(point, p -> new long[64]);
        double[] v = values.computeIfAbsent(point, p -> new double[64]);
        if (n == t.length) {
            t = java.util.Arrays.copyOf(t, n * 2);
            v = java.util.Arrays.copyOf(v, n * 2);
            times.put(point, t);
            values.put(point, v);
        }
        t[n] = timeMs;
        v[n] = value;
        sizes.put(point, n + 1);
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
