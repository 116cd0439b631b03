package org.facilitymonitor.edge.simulate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.facilitymonitor.edge.agent.HistorySource;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.site.Point;
import org.facilitymonitor.edge.site.PointKind;

/**
 * The simulated past before an agent's first live sample: its own {@link Simulator} (same site, buildings and
 * seed) sampled every {@code step} on the UTC grid of the step from {@code from}, up to the clock's now, then
 * once more at now; only the cumulative points (meter registers) and the weather stations' points (the outdoor
 * temperature the service's weather-normalized baselines need for the past), since the other instantaneous and
 * state points of past months feed no figure and would multiply the volume. No faults. Deterministic: the same from, step and seed
 * give the same readings, and a resumed backfill re-simulates (without emitting) up to where it stopped, so
 * it continues exactly as if it had not stopped. On completion the last registers go to {@code completed},
 * from which the live simulator continues.
 */
public final class Backfill implements HistorySource {

    private final Simulator simulator;
    private final long from;
    private final long step;
    private final Clock clock;
    private final Set<String> cumulative = new HashSet<>();
    private final Set<String> weather;
    private final Map<String, Double> registers = new TreeMap<>();
    private final Consumer<Map<String, Double>> completed;
    private long next;
    private long last = Long.MIN_VALUE;
    private boolean done;

    /**
     * @param simulator a simulator constructed with start {@code from}, not sampled yet
     * @param from      the first sample, on the step grid (see {@link #align})
     */
    public Backfill(Simulator simulator, long from, long stepMillis, Clock clock,
                    Consumer<Map<String, Double>> completed) {
        if (stepMillis <= 0) {
            throw new IllegalArgumentException("backfill.step: must be positive");
        }
        if (Math.floorMod(from, stepMillis) != 0) {
            throw new IllegalArgumentException("backfill.from: not on the step grid");
        }
        this.simulator = simulator;
        this.from = from;
        this.step = stepMillis;
        this.clock = clock;
        this.completed = completed;
        this.next = from;
        this.weather = simulator.weatherPoints();
        for (Point p : simulator.points()) {
            if (p.kind() == PointKind.CUMULATIVE) {
                cumulative.add(p.id());
            }
        }
    }

    /** {@code ts} moved back onto the UTC grid of the step. */
    public static long align(long ts, long stepMillis) {
        return Math.floorDiv(ts, stepMillis) * stepMillis;
    }

    @Override
    public String name() {
        return "backfill";
    }

    @Override
    public void resumeAt(long ts) {
        while (!done && next < ts) {
            sample();
        }
        long finalSample = ts - 1; // the sample at "now" that ended a previous run, off the grid
        if (!done && finalSample > last && Math.floorMod(finalSample - from, step) != 0) {
            sample(finalSample);
        }
    }

    @Override
    public List<Reading> next() {
        if (done) {
            return List.of();
        }
        return sample();
    }

    private List<Reading> sample() {
        long now = clock.millis();
        if (next <= now) {
            List<Reading> out = sample(next);
            next += step;
            return out;
        }
        done = true;
        return now > last ? sample(now) : List.of();
    }

    private List<Reading> sample(long ts) {
        last = ts;
        List<Reading> out = new ArrayList<>(cumulative.size());
        for (Reading r : simulator.readingsAt(ts)) {
            if (cumulative.contains(r.point())) {
                out.add(r);
                registers.put(r.point(), ((Number) r.value()).doubleValue());
            } else if (weather.contains(r.point())) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public long firstTs() {
        return from;
    }

    @Override
    public long lastTs() {
        return clock.millis();
    }

    /** Hands the last registers to the live run (nothing when this run sampled nothing: it was done before). */
    @Override
    public void completed() {
        if (!registers.isEmpty()) {
            completed.accept(Map.copyOf(registers));
        }
    }
}
