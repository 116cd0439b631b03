package org.facilitymonitor.energy.rollup;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.facilitymonitor.energy.IntervalLength;
import org.facilitymonitor.energy.IntervalLength.Interval;
import org.facilitymonitor.energy.registers.IntervalFigures;
import org.facilitymonitor.energy.registers.RegisterCurve;
import org.facilitymonitor.energy.registers.Rollups;
import org.facilitymonitor.telemetry.WriteFailure;

/**
 * Recomputes what readings stored in [fromMs, toMs] change: the span from the reading before to
 * the reading after them. Quarter hours and hours overlapping it come from the register curve, then
 * the days, months and years containing it are summed again from the stored figures below them.
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

    /** Number of intervals written per length, for this call. */
    public Map<IntervalLength, Integer> recompute(Meter m, long fromMs, long toMs) throws WriteFailure {
        Map<IntervalLength, Integer> written = new EnumMap<>(IntervalLength.class);
        long[] span = store.affectedSpan(m, fromMs, toMs);
        if (span == null) {
            return written;
        }
        long spanFrom = span[0];
        long spanTo = span[1];
        Function<LocalDate, Double> kwh = calorific.kwhPerUnit(m);
        Instant from = Instant.ofEpochMilli(spanFrom);
        Instant to = Instant.ofEpochMilli(spanTo);
        List<Interval> hours = IntervalLength.HOUR.covering(m.zone(), from, to);
        for (List<Interval> chunk : chunks(hours)) {
            long chunkFrom = chunk.get(0).startMs();
            long chunkTo = chunk.get(chunk.size() - 1).endMs();
            RollupStore.Readings r = store.readings(m, chunkFrom, chunkTo);
            RegisterCurve curve = RegisterCurve.of(r.timestamps(), r.values(),
                    m.policy(config.gapLimit().toMillis()));
            List<IntervalFigures> figures = new ArrayList<>();
            for (Interval q : IntervalLength.QUARTER_HOUR.covering(m.zone(), from, to)) {
                if (q.startMs() >= chunkFrom && q.endMs() <= chunkTo) {
                    figures.add(Rollups.fromCurve(curve, IntervalLength.QUARTER_HOUR, q, m.zone(), kwh));
                }
            }
            int quarters = figures.size();
            for (Interval h : chunk) {
                figures.add(Rollups.fromCurve(curve, IntervalLength.HOUR, h, m.zone(), kwh));
            }
            store.write(m, figures);
            count(written, IntervalLength.QUARTER_HOUR, quarters);
            count(written, IntervalLength.HOUR, chunk.size());
        }
        for (IntervalLength[] level : new IntervalLength[][] { { IntervalLength.DAY, IntervalLength.HOUR },
                { IntervalLength.MONTH, IntervalLength.DAY }, { IntervalLength.YEAR, IntervalLength.MONTH } }) {
            count(written, level[0], sumUp(m, level[0], level[1], from, to));
        }
        return written;
    }

    private int sumUp(Meter m, IntervalLength length, IntervalLength parts, Instant from, Instant to)
            throws WriteFailure {
        List<Interval> intervals = length.covering(m.zone(), from, to);
        List<IntervalFigures> stored = store.figures(m, parts, intervals.get(0).startMs(),
                intervals.get(intervals.size() - 1).endMs());
        List<IntervalFigures> sums = new ArrayList<>(intervals.size());
        int next = 0;
        for (Interval i : intervals) {
            List<IntervalFigures> inside = new ArrayList<>();
            while (next < stored.size() && stored.get(next).startMs() < i.endMs()) {
                if (stored.get(next).startMs() >= i.startMs()) {
                    inside.add(stored.get(next));
                }
                next++;
            }
            if (!inside.isEmpty()) {
                sums.add(Rollups.sum(length, i, inside));
            }
        }
        store.write(m, sums);
        return sums.size();
    }

    private List<List<Interval>> chunks(List<Interval> hours) {
        long max = config.chunk().toMillis();
        List<List<Interval>> chunks = new ArrayList<>();
        List<Interval> current = new ArrayList<>();
        for (Interval h : hours) {
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

    private void count(Map<IntervalLength, Integer> written, IntervalLength length, int n) {
        written.merge(length, n, Integer::sum);
        registry.counter("fm_energy_intervals_computed_total", "length", length.code()).increment(n);
    }
}
