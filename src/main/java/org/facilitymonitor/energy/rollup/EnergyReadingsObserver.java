package org.facilitymonitor.energy.rollup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.facilitymonitor.assets.PointBinding;
import org.facilitymonitor.assets.PointKind;
import org.facilitymonitor.ingest.DecodedBatch;
import org.facilitymonitor.ingest.StoredReadingsObserver;

/**
 * Notes, on the writer threads, the time range of every cumulative point's stored readings (live or
 * historical, in any order), which the rollup job recomputes, and hands the readings to the
 * calculator to hold until then. From before its write, a range is marked as being stored, so a rollup
 * run stops before it; once every earlier message is stored too, it is the rollups' to recompute (a run
 * in between would otherwise have rolled up past readings of an earlier write still under way, and
 * recomputed the meter from InfluxDB when they came). Map lookups and an array append per reading.
 */
@ApplicationScoped
public class EnergyReadingsObserver implements StoredReadingsObserver {

    @Inject
    RollupJob job;
    @Inject
    RollupConfig config;
    @Inject
    RollupCalculator calculator;

    /** Called per message and per meter on the writer threads: a client proxy's context lookup each time cost more. */
    @jakarta.annotation.PostConstruct
    void unproxy() {
        job = io.quarkus.arc.ClientProxy.unwrap(job);
        calculator = io.quarkus.arc.ClientProxy.unwrap(calculator);
    }

    /**
     * Marks the ranges as being stored before InfluxDB has them: marked only once written, a rollup run
     * in between found the new readings stored and not marked, rolled the meter up through them, and the
     * run after found an earlier message's readings before them and read the meter back from InfluxDB.
     */
    @Override
    public void writing(DecodedBatch batch) {
        ranges(batch).forEach((point, r) -> job.writing(point, r[0], r[1]));
    }

    /** Holds the readings for the rollups. */
    @Override
    public void written(DecodedBatch batch) {
        if (!config.enabled()) {
            return;
        }
        boolean[] cumulative = null;
        PointBinding[] bindings = batch.bindings();
        for (int i = 0; i < bindings.length; i++) {
            if (isCumulative(bindings[i])) {
                if (cumulative == null) {
                    cumulative = new boolean[bindings.length];
                }
                cumulative[i] = true;
            }
        }
        if (cumulative != null) {
            calculator.noteStored(batch.points(), batch.timestamps(), batch.values(), cumulative);
        }
    }

    /** Every earlier message is stored too: the ranges are the rollups' to recompute. */
    @Override
    public void stored(DecodedBatch batch) {
        ranges(batch).forEach((point, r) -> job.dirty(point, r[0], r[1]));
    }

    /** The kinds are the batch's (as decoded), not looked up per reading: three passes per batch. */
    private static boolean isCumulative(PointBinding p) {
        return p != null && p.kind() == PointKind.CUMULATIVE;
    }

    /** The time range of each cumulative point's readings; empty when none, or when rollups are off. */
    private Map<String, long[]> ranges(DecodedBatch batch) {
        if (!config.enabled()) {
            return Map.of();
        }
        Map<String, long[]> ranges = null;
        String[] points = batch.points();
        PointBinding[] bindings = batch.bindings();
        long[] ts = batch.timestamps();
        for (int i = 0; i < points.length; i++) {
            if (!isCumulative(bindings[i])) {
                continue;
            }
            if (ranges == null) {
                ranges = new HashMap<>();
            }
            long t = ts[i];
            long[] range = ranges.get(points[i]);
            if (range == null) {
                ranges.put(points[i], new long[] { t, t });
            } else {
                range[0] = Math.min(range[0], t);
                range[1] = Math.max(range[1], t);
            }
        }
        return ranges == null ? Map.of() : ranges;
    }
}
