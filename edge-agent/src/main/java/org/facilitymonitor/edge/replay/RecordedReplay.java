package org.facilitymonitor.edge.replay;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.facilitymonitor.edge.agent.HistorySource;
import org.facilitymonitor.edge.contract.Reading;

/**
 * Recorded interval consumption replayed at the recording's own timestamps, as history: for each file the
 * register at the start of its first row is {@code start-register}, and at the start of row i+1 (the end of
 * row i's interval) {@code start-register + scale × Σ values of rows 0..i}, summed exactly in BigDecimal, with
 * the interval semantics of {@link CsvReplaySource} (rows stamped at their interval's start, the last row's
 * interval as long as the one before it). A row without a value adds nothing, as in the live replay; the row
 * after it gets a reading at its start too, so every value lands in its own interval. Several files are merged
 * in timestamp order. Timestamps are the recording's, so the service must accept them as history
 * ({@code fm.ingest.historical-max-age}); {@code shift} moves them all by a fixed amount.
 */
public final class RecordedReplay implements HistorySource {

    private static final Logger LOG = Logger.getLogger(RecordedReplay.class.getName());

    /** One file's readings: timestamps strictly increasing, registers. */
    private record Series(String point, long[] ts, double[] registers, BigDecimal total) {
    }

    private final Series[] series;
    private final int[] heads;
    private final long firstTs;
    private final long lastTs;

    private RecordedReplay(Series[] series) {
        this.series = series;
        this.heads = new int[series.length];
        this.firstTs = Arrays.stream(series).mapToLong(s -> s.ts()[0]).min().orElseThrow();
        this.lastTs = Arrays.stream(series).mapToLong(s -> s.ts()[s.ts().length - 1]).max().orElseThrow();
    }

    /**
     * Reads and checks every file up front (the errors of {@link CsvReplaySource#open}).
     *
     * @param shiftMillis per spec, added to every recorded timestamp of its file
     */
    public static RecordedReplay open(List<ReplaySpec> specs, List<Long> shiftMillis) {
        if (specs == null || specs.isEmpty()) {
            throw new IllegalArgumentException("specs: at least one replay spec is needed");
        }
        if (shiftMillis.size() != specs.size()) {
            throw new IllegalArgumentException("shiftMillis: one per spec");
        }
        Set<String> points = new HashSet<>();
        Series[] series = new Series[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            ReplaySpec spec = specs.get(i);
            if (!points.add(spec.point())) {
                throw new IllegalArgumentException("specs[" + i + "].point: " + spec.point()
                        + " is replayed twice; one series per point");
            }
            long shift = shiftMillis.get(i);
            series[i] = series(CsvReplaySource.Track.load(spec), shift);
            Series s = series[i];
            LOG.info(() -> "replay " + spec.file() + " column " + spec.valueColumn() + " onto " + spec.point()
                    + " at its recorded timestamps" + (shift == 0 ? "" : " shifted by " + java.time.Duration.ofMillis(shift))
                    + ": " + s.ts().length + " readings, " + Instant.ofEpochMilli(s.ts()[0]) + " … "
                    + Instant.ofEpochMilli(s.ts()[s.ts().length - 1]) + ", total " + s.total().toPlainString());
        }
        return new RecordedReplay(series);
    }

    /** Each file at its recorded timestamps, unshifted. */
    public static RecordedReplay open(List<ReplaySpec> specs) {
        return open(specs, java.util.Collections.nCopies(specs == null ? 0 : specs.size(), 0L));
    }

    private static Series series(CsvReplaySource.Track track, long shift) {
        int n = track.values.length;
        long[] ts = new long[2 * n + 1];
        double[] registers = new double[2 * n + 1];
        BigDecimal register = track.spec.startRegister();
        BigDecimal total = BigDecimal.ZERO;
        int count = 0;
        long base = Math.addExact(track.fileStart, shift);
        ts[count] = base;
        registers[count++] = register.doubleValue();
        for (int k = 0; k < n; k++) {
            long start = base + track.starts[k];
            if (start != ts[count - 1]) { // rows without a value came before this one
                ts[count] = start;
                registers[count++] = register.doubleValue();
            }
            register = register.add(track.values[k]);
            total = total.add(track.values[k]);
            ts[count] = base + track.ends[k];
            registers[count++] = register.doubleValue();
        }
        return new Series(track.spec.point(), Arrays.copyOf(ts, count), Arrays.copyOf(registers, count), total);
    }

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public void resumeAt(long ts) {
        for (int i = 0; i < series.length; i++) {
            while (heads[i] < series[i].ts().length && series[i].ts()[heads[i]] < ts) {
                heads[i]++;
            }
        }
    }

    @Override
    public List<Reading> next() {
        long ts = Long.MAX_VALUE;
        for (int i = 0; i < series.length; i++) {
            if (heads[i] < series[i].ts().length) {
                ts = Math.min(ts, series[i].ts()[heads[i]]);
            }
        }
        if (ts == Long.MAX_VALUE) {
            return List.of();
        }
        List<Reading> out = new ArrayList<>(series.length);
        for (int i = 0; i < series.length; i++) {
            if (heads[i] < series[i].ts().length && series[i].ts()[heads[i]] == ts) {
                out.add(Reading.of(series[i].point(), ts, series[i].registers()[heads[i]]));
                heads[i]++;
            }
        }
        return out;
    }

    @Override
    public long firstTs() {
        return firstTs;
    }

    @Override
    public long lastTs() {
        return lastTs;
    }

    /** The sum of the point's file, {@code scale × Σ value}: its last register minus the start register. */
    public BigDecimal total(String point) {
        return Arrays.stream(series).filter(s -> s.point().equals(point)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("point: not replayed: " + point)).total();
    }
}
