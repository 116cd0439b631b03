package org.facilitymonitor.edge.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.facilitymonitor.edge.contract.Reading;

/**
 * A meter history for the energy benchmark: every meter's register read every {@code stepMs} from
 * {@code fromMs} (inclusive) to {@code toMs} (exclusive), time-major (all meters of one time, then
 * the next time), as an edge replaying its backlog sends them. The registers only increase, by a
 * daily load shape that differs per meter; readings listed as holes are left out (the benchmark
 * publishes them late).
 */
final class HistoryReadings {

    /** A reading the history leaves out. */
    record Hole(String point, long ts) {
    }

    private final List<String> meters;
    private final long fromMs;
    private final long toMs;
    private final long stepMs;
    private final Set<Hole> holes;
    private final double[] registers;
    private long nextTs;
    private int nextMeter;

    HistoryReadings(List<String> meters, long fromMs, long toMs, long stepMs, Set<Hole> holes) {
        if (meters.isEmpty() || stepMs <= 0 || toMs <= fromMs) {
            throw new IllegalArgumentException("history: no meters, or an empty time range");
        }
        this.meters = List.copyOf(meters);
        this.fromMs = fromMs;
        this.toMs = toMs;
        this.stepMs = stepMs;
        this.holes = Set.copyOf(holes);
        this.registers = new double[meters.size()];
        for (int i = 0; i < registers.length; i++) {
            registers[i] = 1_000 + 10 * i;
        }
        this.nextTs = fromMs;
    }

    /** Readings in the whole history, holes excluded. */
    long total() {
        long steps = (toMs - fromMs + stepMs - 1) / stepMs;
        return steps * meters.size() - holes.size();
    }

    boolean hasNext() {
        return nextTs < toMs;
    }

    /** Up to {@code count} next readings; fewer (maybe none) at the end of the history. */
    List<Reading> next(int count) {
        List<Reading> out = new ArrayList<>(count);
        while (out.size() < count && nextTs < toMs) {
            String point = meters.get(nextMeter);
            double value = advance(nextMeter, nextTs);
            if (!holes.contains(new Hole(point, nextTs))) {
                out.add(Reading.of(point, nextTs, value));
            }
            if (++nextMeter == meters.size()) {
                nextMeter = 0;
                nextTs += stepMs;
            }
        }
        return out;
    }

    /** The register at ts: grows by a daily shape, peaking mid-day, scaled per meter; 3 decimals. */
    private double advance(int meter, long ts) {
        if (ts > fromMs) {
            double hourOfDay = (ts % 86_400_000L) / 3_600_000.0;
            double shape = 1 + 0.8 * Math.sin(Math.PI * (hourOfDay - 6) / 12);
            registers[meter] += (0.5 + (meter % 10) * 0.1) * shape * stepMs / 900_000.0;
        }
        return Math.round(registers[meter] * 1000) / 1000.0;
    }
}
