package org.facilitymonitor.energy.rollup;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.facilitymonitor.energy.IntervalLength;
import org.facilitymonitor.energy.IntervalLength.Interval;
import org.facilitymonitor.energy.registers.IntervalFigures;
import org.facilitymonitor.energy.registers.RegisterCurve;
import org.facilitymonitor.energy.registers.Rollups;
import org.facilitymonitor.telemetry.WriteFailure;

/**
 * Recomputes what readings stored in [fromMs, toMs] change: the span from the reading before to
 * the reading after them. Quarter hours overlapping it come from the register curve, then the hours,
 * days, months and years containing it are summed from those and from the stored figures of the
 * parts outside the span (so a live stream reads its current quarter hour, not its hour or day).
 *
 * <p>Meters whose ranges lie close together (a live stream, a backfill replayed time-major) are
 * recomputed as a cluster over the union of their spans: each query covers the whole cluster
 * ({@code GROUP BY "point"}), so a run makes a few requests per cluster instead of several per meter.
 */
@ApplicationScoped
public class RollupCalculator {

    @Inject
    RollupStore store;
    @Inject
    RollupConfig config;
    @Inject
    CalorificValues calorific;
    @Inject
    MeterRegistry registry;

    private FreshReadings fresh;
    private io.micrometer.core.instrument.DistributionSummary storeReads;

    @jakarta.annotation.PostConstruct
    void init() {
        fresh = new FreshReadings(config.heldReadings());
        registry.gauge("fm_energy_rollup_held_readings", fresh, FreshReadings::size);
        io.micrometer.core.instrument.FunctionCounter.builder("fm_energy_rollup_held_discarded_total", fresh,
                FreshReadings::discarded).register(registry);
        storeReads = io.micrometer.core.instrument.DistributionSummary.builder("fm_energy_rollup_store_read_readings")
                .description("Readings per request when rollups read stored readings back (at most read-batch, "
                        + "but for one meter's quarter hour)").register(registry);
    }

    /** A meter's stored readings in [fromMs, toMs], to recompute. */
    public record Work(Meter meter, long fromMs, long toMs) {
    }

    /** Whether a point's reading at a time is stored but waits for a later run (noted after this run began). */
    @FunctionalInterface
    public interface Unprocessed {
        boolean noted(String pointId, long ms);
    }

    /**
     * Recomputes several meters at once, cluster by cluster; each cluster's figures are written (in
     * writes of up to {@code write-batch} lines) before the next cluster reads what it sums.
     */
    public Map<IntervalLength, Integer> recompute(List<Work> work, Unprocessed unprocessed) throws WriteFailure {
        Map<IntervalLength, Integer> written = new EnumMap<>(IntervalLength.class);
        for (List<Work> cluster : clusters(work)) {
            Map<IntervalLength, Integer> level = new EnumMap<>(IntervalLength.class);
            recomputeCluster(cluster, unprocessed, level);
            count(written, level);
        }
        return written;
    }

    /**
     * Works of the same storage and zone whose ranges start and end within the gap limit of the
     * cluster's; a meter appears at most once per cluster.
     */
    List<List<Work>> clusters(List<Work> work) {
        long slack = config.gapLimit().toMillis();
        List<Work> sorted = new ArrayList<>(work);
        sorted.sort(Comparator.comparing((Work w) -> w.meter().measurement()).thenComparing(w -> w.meter().field())
                .thenComparing(w -> w.meter().zone().getId()).thenComparingLong(Work::fromMs));
        List<List<Work>> clusters = new ArrayList<>();
        List<Work> current = new ArrayList<>();
        Set<String> points = new HashSet<>();
        long from = 0;
        long to = 0;
        for (Work w : sorted) {
            boolean joins = !current.isEmpty() && sameStorage(current.get(0).meter(), w.meter())
                    && !points.contains(w.meter().pointId()) && w.fromMs() - from <= slack
                    && Math.abs(w.toMs() - to) <= slack;
            if (!joins && !current.isEmpty()) {
                clusters.add(current);
                current = new ArrayList<>();
                points.clear();
            }
            if (current.isEmpty()) {
                from = w.fromMs();
                to = w.toMs();
            }
            current.add(w);
            points.add(w.meter().pointId());
            to = Math.max(to, w.toMs());
        }
        if (!current.isEmpty()) {
            clusters.add(current);
        }
        return clusters;
    }

    private static boolean sameStorage(Meter a, Meter b) {
        return a.measurement().equals(b.measurement()) && a.field().equals(b.field()) && a.zone().equals(b.zone());
    }

    private void recomputeCluster(List<Work> cluster, Unprocessed unprocessed, Map<IntervalLength, Integer> level)
            throws WriteFailure {
        List<Meter> meters = cluster.stream().map(Work::meter).toList();
        ZoneId zone = meters.get(0).zone();
        Map<String, Double> beforeValues = new HashMap<>();
        Map<String, Long> ownFrom = new HashMap<>();
        Map<String, Long> ownTo = new HashMap<>();
        cluster.forEach(w -> {
            ownFrom.put(w.meter().pointId(), w.fromMs());
            ownTo.put(w.meter().pointId(), w.toMs());
        });
        Map<String, long[]> edges = store.edges(meters, ownFrom, ownTo, beforeValues);
        long spanFrom = Long.MAX_VALUE;
        long spanTo = Long.MIN_VALUE;
        List<Meter> changed = new ArrayList<>();
        // a live stream: the reading after is one stored since this run began, rolled up by the next
        // run; this one stops at the last reading inside, so the next continues from there
        for (Meter m : meters) {
            long[] e = edges.get(m.pointId());
            if (e[3] != RollupStore.NONE && e[2] != RollupStore.NONE && unprocessed.noted(m.pointId(), e[3])) {
                e[3] = RollupStore.NONE;
            }
            long start = e[0] != RollupStore.NONE ? e[0] : e[1];
            long end = e[3] != RollupStore.NONE ? e[3] : e[2];
            if (start != RollupStore.NONE && end != RollupStore.NONE && start < end) {
                changed.add(m);
                spanFrom = Math.min(spanFrom, start);
                spanTo = Math.max(spanTo, end);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        Instant from = Instant.ofEpochMilli(spanFrom);
        Instant to = Instant.ofEpochMilli(spanTo);
        Map<String, Function<LocalDate, Double>> kwh = new HashMap<>();
        changed.forEach(m -> kwh.put(m.pointId(), calorific.kwhPerUnit(m)));
        RollupStore.Batch batch = store.batch(config.writeBatch());

        List<Interval> quarters = IntervalLength.QUARTER_HOUR.covering(zone, from, to);
        Map<String, Continued> continued = continued(changed, edges, zone, kwh);
        Map<String, String> notHeld = new HashMap<>();
        Map<String, RollupStore.Readings> held = held(changed, continued, edges, beforeValues, notHeld);
        List<Meter> whole = changed.stream().filter(m -> !continued.containsKey(m.pointId())).toList();
        List<Meter> appended = changed.stream()
                .filter(m -> continued.containsKey(m.pointId()) && !held.containsKey(m.pointId())).toList();
        long appendedFrom = appended.stream().mapToLong(m -> continued.get(m.pointId()).fromMs()).min()
                .orElse(Long.MAX_VALUE);
        Map<String, List<IntervalFigures>> quarterFigures = new HashMap<>();
        for (Meter m : changed) {
            RollupStore.Readings r = held.get(m.pointId());
            if (r != null) {
                quarters(m, r, quarters, continued.get(m.pointId()), kwh.get(m.pointId()), quarterFigures, level, batch);
            }
        }
        // Chunks in time order; one where a single meter has more than read-batch readings is halved.
        Deque<List<Interval>> chunks = new ArrayDeque<>(chunks(quarters));
        while (!chunks.isEmpty() && (!whole.isEmpty() || !appended.isEmpty())) {
            List<Interval> chunk = chunks.pop();
            long chunkStart = chunk.get(0).startMs();
            long chunkEnd = chunk.get(chunk.size() - 1).endMs();
            long appendedStart = Math.max(chunkStart, appendedFrom);
            List<Meter> appendedHere = appendedStart < chunkEnd ? appended : List.of();
            Map<String, Long> counts = new HashMap<>();
            if (!whole.isEmpty()) {
                counts.putAll(store.counts(whole, chunkStart, chunkEnd));
            }
            if (!appendedHere.isEmpty()) {
                counts.putAll(store.counts(appendedHere, appendedStart, chunkEnd));
            }
            if (chunk.size() > 1 && counts.values().stream().anyMatch(n -> n > config.readBatch())) {
                chunks.push(chunk.subList(chunk.size() / 2, chunk.size()));
                chunks.push(chunk.subList(0, chunk.size() / 2));
                continue;
            }
            for (List<Meter> group : readGroups(whole, counts)) {
                quartersFromStore(group, chunk, chunkStart, chunkEnd, edges, unprocessed, continued, held, kwh,
                        quarterFigures, level, batch);
            }
            for (List<Meter> group : readGroups(appendedHere, counts)) {
                quartersFromStore(group, chunk, appendedStart, chunkEnd, edges, unprocessed, continued, held, kwh,
                        quarterFigures, level, batch);
            }
        }
        registry.counter("fm_energy_rollup_meters_total", "readings", "memory").increment(held.size());
        registry.counter("fm_energy_rollup_meters_total", "readings", "store").increment(changed.size() - held.size());
        for (Meter m : changed) {
            if (!held.containsKey(m.pointId())) {
                registry.counter("fm_energy_rollup_store_reads_total", "reason",
                        storeReason(edges.get(m.pointId()), continued.containsKey(m.pointId()), notHeld.get(m.pointId())))
                        .increment();
            }
        }

        IntervalLength[][] sums = { { IntervalLength.HOUR, IntervalLength.QUARTER_HOUR },
                { IntervalLength.DAY, IntervalLength.HOUR }, { IntervalLength.MONTH, IntervalLength.DAY },
                { IntervalLength.YEAR, IntervalLength.MONTH } };
        // the parts of each summed interval outside what is recomputed here: read once, for every level
        List<RollupStore.Window> outside = new ArrayList<>();
        Map<IntervalLength, List<Interval>> covering = new EnumMap<>(IntervalLength.class);
        covering.put(IntervalLength.QUARTER_HOUR, quarters);
        for (IntervalLength[] sum : sums) {
            List<Interval> intervals = sum[0].covering(zone, from, to);
            covering.put(sum[0], intervals);
            List<Interval> parts = covering.get(sum[1]);
            addWindow(outside, sum[1], intervals.get(0).startMs(), parts.get(0).startMs());
            addWindow(outside, sum[1], parts.get(parts.size() - 1).endMs(), intervals.get(intervals.size() - 1).endMs());
        }
        // continued meters keep their stored quarter hours before the one they continue
        long continuedFrom = continued.values().stream().mapToLong(c -> c.stored().startMs()).max().orElse(0);
        addWindow(outside, IntervalLength.QUARTER_HOUR, quarters.get(0).startMs(), continuedFrom);
        Map<String, Map<IntervalLength, List<IntervalFigures>>> stored = store.figures(changed, outside);
        for (Meter m : changed) {
            Map<IntervalLength, List<IntervalFigures>> known = stored.getOrDefault(m.pointId(), Map.of());
            List<IntervalFigures> below = quarterFigures.getOrDefault(m.pointId(), List.of());
            List<IntervalFigures> figures = new ArrayList<>();
            for (IntervalLength[] sum : sums) {
                // stored parts where this run computed none
                Map<Long, IntervalFigures> byStart = new java.util.TreeMap<>();
                known.getOrDefault(sum[1], List.of()).forEach(f -> byStart.put(f.startMs(), f));
                below.forEach(f -> byStart.put(f.startMs(), f));
                below = sumUp(sum[0], covering.get(sum[0]), new ArrayList<>(byStart.values()));
                level.merge(sum[0], below.size(), Integer::sum);
                figures.addAll(below);
            }
            batch.add(m, figures);
        }
        batch.flush();
        for (Meter m : changed) {
            long[] e = edges.get(m.pointId());
            fresh.forget(m.pointId(), e[3] != RollupStore.NONE ? e[3] : e[2]);
        }
    }

    /**
     * Meters in groups read together: a group's stored readings in the chunk add up to at most
     * read-batch, but for a meter that has more alone. The client holds a whole response as strings
     * (over 100 bytes a reading), and a week of a dense meter cluster is millions of readings.
     */
    private List<List<Meter>> readGroups(List<Meter> meters, Map<String, Long> counts) {
        List<List<Meter>> groups = new ArrayList<>();
        List<Meter> group = new ArrayList<>();
        long inGroup = 0;
        for (Meter m : meters) {
            long n = counts.getOrDefault(m.pointId(), 0L) + 2; // and the readings before and after
            if (!group.isEmpty() && inGroup + n > config.readBatch()) {
                groups.add(group);
                group = new ArrayList<>();
                inGroup = 0;
            }
            group.add(m);
            inGroup += n;
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }

    private void quartersFromStore(List<Meter> group, List<Interval> chunk, long fromMs, long toMs,
            Map<String, long[]> edges, Unprocessed unprocessed, Map<String, Continued> continued,
            Map<String, RollupStore.Readings> held, Map<String, Function<LocalDate, Double>> kwh,
            Map<String, List<IntervalFigures>> quarterFigures, Map<IntervalLength, Integer> level,
            RollupStore.Batch batch) throws WriteFailure {
        Map<String, RollupStore.Readings> readings = store.readings(group, fromMs, toMs);
        storeReads.record(readings.values().stream().mapToInt(r -> r.timestamps().length).sum());
        for (Meter m : group) {
            RollupStore.Readings r = readings.get(m.pointId());
            if (r != null && !held.containsKey(m.pointId())) {
                // readings read beyond a meter's own last one that a later run takes: not this run's
                r = beforeNoted(r, m.pointId(), edges.get(m.pointId())[2], unprocessed);
                quarters(m, r, chunk, continued.get(m.pointId()), kwh.get(m.pointId()), quarterFigures, level, batch);
            }
        }
    }

    /** Quarter hours of a meter from readings (its curve), continuing a stored one where {@code c} says so. */
    private void quarters(Meter m, RollupStore.Readings r, List<Interval> intervals, Continued c,
            Function<LocalDate, Double> kwh, Map<String, List<IntervalFigures>> quarterFigures,
            Map<IntervalLength, Integer> level, RollupStore.Batch batch) throws WriteFailure {
        if (r.timestamps().length < 2) {
            return;
        }
        RegisterCurve curve = RegisterCurve.of(r.timestamps(), r.values(), m.policy(config.gapLimit().toMillis()));
        List<IntervalFigures> figures = new ArrayList<>();
        for (Interval q : intervals) {
            if (c != null && q.startMs() < c.stored().startMs()) {
                continue;
            }
            if (c != null && q.startMs() == c.stored().startMs()) {
                IntervalFigures rest = Rollups.fromCurve(curve, IntervalLength.QUARTER_HOUR,
                        new Interval(Instant.ofEpochMilli(c.fromMs()), q.end()), m.zone(), kwh);
                figures.add(Rollups.sum(IntervalLength.QUARTER_HOUR, q, List.of(c.stored(), rest)));
                registry.counter("fm_energy_quarters_continued_total").increment();
            } else if (q.endMs() > curve.firstMs() && q.startMs() < curve.lastMs()) {
                figures.add(Rollups.fromCurve(curve, IntervalLength.QUARTER_HOUR, q, m.zone(), kwh));
            }
        }
        level.merge(IntervalLength.QUARTER_HOUR, figures.size(), Integer::sum);
        quarterFigures.computeIfAbsent(m.pointId(), p -> new ArrayList<>()).addAll(figures);
        batch.addQuarters(m, figures, curve.lastMs());
    }

    /**
     * The readings up to the first one after {@code lastMs} that is noted for a later run (stored
     * since this run began): computing through it made the next run find its quarter hour already
     * past where it continues, and read the meter back from InfluxDB.
     */
    private static RollupStore.Readings beforeNoted(RollupStore.Readings r, String point, long lastMs,
            Unprocessed unprocessed) {
        long[] t = r.timestamps();
        for (int n = 0; n < t.length; n++) {
            if (t[n] > lastMs && unprocessed.noted(point, t[n])) {
                return new RollupStore.Readings(java.util.Arrays.copyOf(t, n), java.util.Arrays.copyOf(r.values(), n));
            }
        }
        return r;
    }

    /** Forgets every reading held of a point (one that is no meter: held, they stayed until the capacity was reached). */
    void forget(String pointId) {
        fresh.forget(pointId, Long.MAX_VALUE);
    }

    /** Notes readings of a meter just stored, for {@link #held}. Quick; called on the ingest writer thread. */
    public void noteStored(String pointId, long timestampMs, double value) {
        fresh.add(pointId, timestampMs, value);
    }

    /** {@link #noteStored(String, long, double)} for the readings of a batch where {@code which} is true. */
    public void noteStored(String[] pointIds, long[] timestampsMs, double[] values, boolean[] which) {
        fresh.addAll(pointIds, timestampsMs, values, which);
    }

    /**
     * Why a meter's readings are read back from InfluxDB rather than taken from those held: no reading
     * before the range, a reading already stored after it (readings stored out of order), no stored
     * quarter hour computed through the reading before it, or the new readings not held (or not the
     * same as stored) here.
     */
    private static String storeReason(long[] edges, boolean continued, String notHeld) {
        if (edges[0] == RollupStore.NONE) {
            return "no-reading-before";
        }
        if (edges[3] != RollupStore.NONE) {
            return "reading-after";
        }
        if (!continued) {
            return "quarter-not-continued";
        }
        return notHeld == null ? "not-held" : notHeld;
    }

    /**
     * Continued meters whose new readings this instance still holds, checked against the store (how
     * many, their sum, the last value): their curve, from the reading they continue from. Others
     * read their readings from InfluxDB.
     */
    private Map<String, RollupStore.Readings> held(List<Meter> changed, Map<String, Continued> continued,
            Map<String, long[]> edges, Map<String, Double> beforeValues, Map<String, String> notHeld) {
        List<Meter> candidates = new ArrayList<>();
        List<RollupStore.Readings> newReadings = new ArrayList<>();
        for (Meter m : changed) {
            Continued c = continued.get(m.pointId());
            long last = edges.get(m.pointId())[2];
            RollupStore.Readings r = c == null || !beforeValues.containsKey(m.pointId()) ? null
                    : fresh.between(m.pointId(), c.fromMs(), last);
            if (r != null && r.timestamps()[r.timestamps().length - 1] == last) {
                candidates.add(m);
                newReadings.add(r);
            } else if (c != null) {
                notHeld.put(m.pointId(), r == null ? "not-held" : "not-held-through-last");
            }
        }
        if (candidates.isEmpty()) {
            return Map.of();
        }
        long[] after = candidates.stream().mapToLong(m -> continued.get(m.pointId()).fromMs()).toArray();
        long[] upTo = candidates.stream().mapToLong(m -> edges.get(m.pointId())[2]).toArray();
        Map<String, RollupStore.Tally> tallies = store.tallies(candidates, after, upTo);
        Map<String, RollupStore.Readings> held = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            String point = candidates.get(i).pointId();
            RollupStore.Readings r = newReadings.get(i);
            RollupStore.Tally tally = tallies.get(point);
            double sum = 0;
            for (double v : r.values()) {
                sum += v;
            }
            int n = r.values().length;
            if (tally != null && tally.count() == n && tally.last() == r.values()[n - 1]
                    && Math.abs(tally.sum() - sum) <= 1e-9 * Math.max(1, Math.abs(sum))) {
                long[] t = new long[n + 1];
                double[] v = new double[n + 1];
                t[0] = continued.get(point).fromMs();
                v[0] = beforeValues.get(point);
                System.arraycopy(r.timestamps(), 0, t, 1, n);
                System.arraycopy(r.values(), 0, v, 1, n);
                held.put(point, new RollupStore.Readings(t, v));
            } else {
                notHeld.put(point, "held-differs");
            }
        }
        return held;
    }

    /** A stored quarter hour whose register curve ended at {@code fromMs}, to continue from there. */
    private record Continued(IntervalFigures stored, long fromMs) {
    }

    /**
     * Meters whose new readings all come after their last stored one (no reading after the range)
     * and whose quarter hour holding that last reading was computed when the curve ended there:
     * their figures continue from it, reading only the readings from that one on (a live stream
     * reads what is new, not its quarter hour again). Others are recomputed from their readings.
     */
    private Map<String, Continued> continued(List<Meter> changed, Map<String, long[]> edges, ZoneId zone,
            Map<String, Function<LocalDate, Double>> kwh) {
        Map<String, Long> quarterOf = new HashMap<>();
        List<Meter> candidates = new ArrayList<>();
        for (Meter m : changed) {
            long[] e = edges.get(m.pointId());
            if (e[3] == RollupStore.NONE && e[0] != RollupStore.NONE) {
                candidates.add(m);
                quarterOf.put(m.pointId(), IntervalLength.QUARTER_HOUR
                        .start(Instant.ofEpochMilli(e[0]).atZone(zone)).toInstant().toEpochMilli());
            }
        }
        if (candidates.isEmpty()) {
            return Map.of();
        }
        long first = quarterOf.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = quarterOf.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        Map<String, Map<Long, RollupStore.QuarterState>> states = store.quarterStates(candidates, first, last);
        Map<String, Continued> continued = new HashMap<>();
        for (Meter m : candidates) {
            long before = edges.get(m.pointId())[0];
            RollupStore.QuarterState state = states.getOrDefault(m.pointId(), Map.of()).get(quarterOf.get(m.pointId()));
            if (state != null && state.throughMs() == before
                    && sameKwh(state.figures(), kwh.get(m.pointId()).apply(Instant.ofEpochMilli(before).atZone(zone).toLocalDate()))) {
                continued.put(m.pointId(), new Continued(state.figures(), before));
            }
        }
        return continued;
    }

    /** Whether the stored kWh was computed with this calorific value (a changed one means recomputing). */
    private static boolean sameKwh(IntervalFigures f, Double kwhPerUnit) {
        if (kwhPerUnit == null || f.energyKwh() == null) {
            return kwhPerUnit == null && f.energyKwh() == null;
        }
        return Math.abs(f.energyKwh() - f.value() * kwhPerUnit) <= 1e-9 * Math.max(1, Math.abs(f.energyKwh()));
    }

    private static void addWindow(List<RollupStore.Window> windows, IntervalLength length, long fromMs, long toMs) {
        if (fromMs < toMs) {
            windows.add(new RollupStore.Window(length, fromMs, toMs));
        }
    }

    /**
     * The figures of the intervals from the curve, leaving out those wholly outside the meter's
     * readings (before its first or after its last: a cluster's span can reach beyond one meter's).
     */
    private static int fromCurve(RegisterCurve curve, IntervalLength length, List<Interval> intervals, Meter m,
            Function<LocalDate, Double> kwh, List<IntervalFigures> out) {
        int n = 0;
        for (Interval i : intervals) {
            if (i.endMs() > curve.firstMs() && i.startMs() < curve.lastMs()) {
                out.add(Rollups.fromCurve(curve, length, i, m.zone(), kwh));
                n++;
            }
        }
        return n;
    }

    /** Sums of the parts (sorted by start) per interval; intervals without parts have none. */
    private static List<IntervalFigures> sumUp(IntervalLength length, List<Interval> intervals,
            List<IntervalFigures> parts) {
        List<IntervalFigures> sums = new ArrayList<>(intervals.size());
        int next = 0;
        for (Interval i : intervals) {
            List<IntervalFigures> inside = new ArrayList<>();
            while (next < parts.size() && parts.get(next).startMs() < i.endMs()) {
                if (parts.get(next).startMs() >= i.startMs()) {
                    inside.add(parts.get(next));
                }
                next++;
            }
            if (!inside.isEmpty()) {
                sums.add(Rollups.sum(length, i, inside));
            }
        }
        return sums;
    }

    private List<List<Interval>> chunks(List<Interval> intervals) {
        long max = config.chunk().toMillis();
        List<List<Interval>> chunks = new ArrayList<>();
        List<Interval> current = new ArrayList<>();
        for (Interval h : intervals) {
            if (!current.isEmpty() && h.endMs() - current.get(0).startMs() > max) {
                chunks.add(current);
                current = new ArrayList<>();
            }
            current.add(h);
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    private void count(Map<IntervalLength, Integer> written, Map<IntervalLength, Integer> level) {
        level.forEach((length, n) -> {
            written.merge(length, n, Integer::sum);
            registry.counter("fm_energy_intervals_computed_total", "length", length.code()).increment(n);
        });
    }
}
