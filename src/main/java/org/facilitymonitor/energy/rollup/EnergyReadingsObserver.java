package org.facilitymonitor.energy.rollup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.facilitymonitor.assets.PointBinding;
import org.facilitymonitor.assets.PointCatalog;
import org.facilitymonitor.assets.PointKind;
import org.facilitymonitor.ingest.DecodedBatch;
import org.facilitymonitor.ingest.StoredReadingsObserver;

/**
 * Notes, on the writer thread, the time range of every cumulative point's stored readings (live or
 * historical, in any order), which the rollup job recomputes, and hands the readings to the
 * calculator to hold until then. A map lookup and an array append per reading.
 */
@ApplicationScoped
public class EnergyReadingsObserver implements StoredReadingsObserver {

    @Inject
    PointCatalog catalog;
    @Inject
    RollupJob job;
    @Inject
    RollupConfig config;
    @Inject
    RollupCalculator calculator;

    @Override
    public void stored(DecodedBatch batch) {
        var snapshot = catalog.snapshot();
        if (!config.enabled() || snapshot.isEmpty()) {
            return;
        }
        Map<String, PointBinding> bindings = snapshot.get().points();
        Map<String, long[]> ranges = new HashMap<>();
        String[] points = batch.points();
        long[] ts = batch.timestamps();
        boolean[] cumulative = new boolean[points.length];
        for (int i = 0; i < points.length; i++) {
            PointBinding p = bindings.get(points[i]);
            if (p == null || p.kind() != PointKind.CUMULATIVE) {
                continue;
            }
            cumulative[i] = true;
            long t = ts[i];
            long[] range = ranges.get(points[i]);
            if (range == null) {
                ranges.put(points[i], new long[] { t, t });
            } else {
                range[0] = Math.min(range[0], t);
                range[1] = Math.max(range[1], t);
            }
        }
        if (!ranges.isEmpty()) {
            calculator.noteStored(points, ts, batch.values(), cumulative);
            ranges.forEach((point, r) -> job.dirty(point, r[0], r[1]));
        }
    }
}
