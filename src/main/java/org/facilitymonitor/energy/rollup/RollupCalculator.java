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

    /** A meter's stored readings in [fromMs, toMs], to recompute. */
    public record Work(Meter meter, long fromMs, long toMs) {
    }

    /** The span a meter's recomputation covers, and its calorific values. */
    private record Span(Meter meter, Instant from, Instant to, Function<LocalDate, Double> kwh) {
    }

    /** Number of intervals written per length, for this call. */
    public Map<IntervalLength, Integer> recompute(Meter m, long fromMs, long toMs) throws WriteFailure {
        return recompute(List.of(new Work(m, fromMs, toMs)));
    }

    /**
     * Recomputes several meters at once. Their figures go to InfluxDB in large writes, one level
     * after the other (quarter hours and hours, then days, months, years: each level is summed from
     * the one below, which must be stored first), instead of several small writes per meter.
     */
    public Map<IntervalLength, Integer> recompute(List<Work> work) throws WriteFailure {
        Map<IntervalLength, Integer> written = new EnumMap<>(IntervalLength.class);
        List<Span> spans = new ArrayList<>();
        for (Work w : work) {
            long[] span = store.affectedSpan(w.meter(), w.fromMs(), w.toMs());
            if (span != null) {
                spans.add(new Span(w.meter(), Instant.ofEpochMilli(span[0]), Instant.ofEpochMilli(span[1]),
                        calorific.kwhPerUnit(w.meter())));
            }
        }
        if (spans.isEmpty()) {
            return written;
        }
        RollupStore.Batch batch = store.batch(config.writeBatch());
        Map<IntervalLength, Integer> level = new EnumMap<>(IntervalLength.class);
        for (Span s : spans) {
            quartersAndHours(s, batch, level);
        }
        batch.flush();
        count(written, level);
        for (IntervalLength[] sum : new IntervalLength[][] { { IntervalLength.DAY, IntervalLength.HOUR },
                { IntervalLength.MONTH, IntervalLength.DAY }, { IntervalLength.YEAR, IntervalLength.MONTH } }) {
            int n = 0;
            for (Span s : spans) {
                n += sumUp(s, sum[0], sum[1], batch);
            }
            batch.flush();
            count(written, Map.of(sum[0], n));
        }
        return written;
    }

    private void quartersAndHours(Span s, RollupStore.Batch batch, Map<IntervalLength, Integer> level)
            throws WriteFailure {
        Meter m = s.meter();
        for (List<Interval> chunk : chunks(IntervalLength.HOUR.covering(m.zone(), s.from(), s.to()))) {
            long chunkFrom = chunk.get(0).startMs();
            long chunkTo = chunk.get(chunk.size() - 1).endMs();
            RollupStore.Readings r = store.readings(m, chunkFrom, chunkTo);
            RegisterCurve curve = RegisterCurve.of(r.timestamps(), r.values(),
                    m.policy(config.gapLimit().toMillis()));
            List<IntervalFigures> figures = new ArrayList<>();
            // chunks are whole hours, so the quarters overlapping both the span and the chunk lie inside the chunk
            Instant from = s.from().isAfter(chunk.get(0).start()) ? s.from() : chunk.get(0).start();
            Instant to = s.to().isBefore(chunk.get(chunk.size() - 1).end()) ? s.to() : chunk.get(chunk.size() - 1).end();
            for (Interval q : IntervalLength.QUARTER_HOUR.covering(m.zone(), from, to)) {
                figures.add(Rollups.fromCurve(curve, IntervalLength.QUARTER_HOUR, q, m.zone(), s.kwh()));
            }
            level.merge(IntervalLength.QUARTER_HOUR, figures.size(), Integer::sum);
            for (Interval h : chunk) {
                figures.add(Rollups.fromCurve(curve, IntervalLength.HOUR, h, m.zone(), s.kwh()));
            }
            level.merge(IntervalLength.HOUR, chunk.size(), Integer::sum);
            batch.add(m, figures);
        }
    }

    private int sumUp(Span s, IntervalLength length, IntervalLength parts, RollupStore.Batch batch)
            throws WriteFailure {
        Meter m = s.meter();
        List<Interval> intervals = length.covering(m.zone(), s.from(), s.to());
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
        batch.add(m, sums);
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

    private void count(Map<IntervalLength, Integer> written, Map<IntervalLength, Integer> level) {
        level.forEach((length, n) -> {
            written.merge(length, n, Integer::sum);
            registry.counter("fm_energy_intervals_computed_total", "length", length.code()).increment(n);
        });
    }
}
