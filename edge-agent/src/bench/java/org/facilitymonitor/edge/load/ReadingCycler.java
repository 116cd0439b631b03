package org.facilitymonitor.edge.load;

import java.util.ArrayList;
import java.util.List;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.site.Point;
import org.facilitymonitor.edge.site.PointKind;

/**
 * Valid readings for the load generator, cycling over a site's points. Timestamps are the wall
 * clock, but never repeat for a point: a reading whose (point, ts) repeated would overwrite an
 * earlier one in InfluxDB and the benchmark would count stored points wrongly. At high rates a
 * point's timestamps therefore run ahead of the clock by up to a millisecond per reading.
 */
final class ReadingCycler {

    private final List<Point> points;
    private final long[] lastTs;
    private final double[] registers;
    private long counter;
    private long maxLeadMs;

    ReadingCycler(List<Point> points) {
        this.points = List.copyOf(points);
        this.lastTs = new long[points.size()];
        this.registers = new double[points.size()];
        for (int i = 0; i < registers.length; i++) {
            registers[i] = 1_000 + i;
        }
    }

    List<Reading> next(int count, long nowMs) {
        List<Reading> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int i = (int) (counter % points.size());
            long round = counter / points.size();
            counter++;
            Point p = points.get(i);
            long ts = Math.max(nowMs, lastTs[i] + 1);
            lastTs[i] = ts;
            maxLeadMs = Math.max(maxLeadMs, ts - nowMs);
            out.add(new Reading(p.id(), ts, value(p.kind(), i, round)));
        }
        return out;
    }

    private Object value(PointKind kind, int i, long round) {
        return switch (kind) {
            case STATE -> (round & 1) == 0;
            case CUMULATIVE -> registers[i] += 0.25;
            // Always a Double, never a Long: a point's field type must not change in InfluxDB.
            case INSTANTANEOUS -> 10.0 + (round % 200) * 0.5 + i * 0.01;
        };
    }

    /** How far the newest timestamp ran ahead of the clock. */
    long maxLeadMs() {
        return maxLeadMs;
    }
}
