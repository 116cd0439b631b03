package org.facilitymonitor.edge.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.facilitymonitor.edge.agent.ReadingSource;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.site.Point;
import org.facilitymonitor.edge.site.PointKind;
import org.facilitymonitor.edge.site.SiteDescription;

/**
 * Replays recorded interval consumption (one CSV series per {@link ReplaySpec}) as cumulative counter
 * readings, at an accelerated speed.
 *
 * <h2>Interval semantics</h2>
 * Each row's timestamp is the <em>start</em> of the interval whose consumption the row holds: the row stamped
 * {@code 2018-01-01T00:00:00Z} in an hourly file is the energy of 00:00–01:00. The real-building files are
 * stamped that way: the school's 8,760 hourly rows run from {@code 2018-01-01T00:00:00Z} to
 * {@code 2018-12-31T23:00:00Z} (interval-end stamps would run 01:00 … {@code 2019-01-01T00:00:00Z}) and the
 * daily file's 1,095 rows from 2012-03-01 to 2015-02-28 are calendar days stamped at their midnight. A row's
 * interval ends at the next row's timestamp; the last row's interval is as long as the one before it (so a file
 * needs two rows). Rows with a missing value still delimit intervals; only their consumption is unknown.
 *
 * <h2>Time mapping</h2>
 * At agent time {@code t >= startTs} the recording has reached
 * {@code fileStart + (t − startTs) × speed}; the register of a spec is
 * {@code startRegister + scale × Σ value} over the rows whose interval has <em>ended</em> by then
 * ({@code end <= reached}, computed exactly in milliseconds). A value is thus added in one step at the end of its
 * interval, like a meter read at interval ends; between ends the register stays flat. Sums are exact
 * ({@link BigDecimal}); a reading carries the sum's nearest {@code double}.
 *
 * <p>Readings carry {@code ts = t}, the agent's sample time, not the recording's own timestamps: the service only
 * accepts timestamps near its now, and a replay is meant as realistic live meter traffic.
 *
 * <p>Each call returns one reading per spec that is still running. The first call at which a spec's recording
 * time reaches the end of its last interval returns its final register one last time; after that the spec
 * returns nothing, and {@link #finished()} is true once every spec is done. Calls before {@code startTs} return
 * nothing; sample times must increase from call to call (an IllegalArgumentException otherwise, as in the
 * simulator). Each call only advances an index over the rows that ended since the previous call.
 *
 * <p>Not thread-safe: meant for the agent's single sample loop.
 */
public final class CsvReplaySource implements ReadingSource {

    private static final Logger LOG = Logger.getLogger(CsvReplaySource.class.getName());
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    /** How many skipped line numbers the log names before abbreviating. */
    private static final int SKIPPED_LINES_SHOWN = 20;

    private final Track[] tracks;
    private final long startTs;
    private long lastTs = Long.MIN_VALUE;
    private long replayedRows;

    private CsvReplaySource(Track[] tracks, long startTs) {
        this.tracks = tracks;
        this.startTs = startTs;
    }

    /**
     * Reads and validates every file up front.
     *
     * @param specs   one per point; points must be distinct
     * @param startTs the agent time (epoch ms) at which the replay starts
     * @throws IllegalArgumentException naming the file (and the line and column) of the first problem: a file that
     *                                  cannot be read, a missing column, a bad timestamp or number, a negative
     *                                  value, timestamps that do not increase, fewer than two rows
     */
    public static CsvReplaySource open(List<ReplaySpec> specs, long startTs) {
        if (specs == null || specs.isEmpty()) {
            throw new IllegalArgumentException("specs: at least one replay spec is needed");
        }
        Set<String> points = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            ReplaySpec spec = specs.get(i);
            if (spec == null) {
                throw new IllegalArgumentException("specs[" + i + "]: null");
            }
            if (!points.add(spec.point())) {
                throw new IllegalArgumentException("specs[" + i + "].point: " + spec.point()
                        + " is replayed twice; one series per point");
            }
        }
        Track[] tracks = new Track[specs.size()];
        for (int i = 0; i < tracks.length; i++) {
            tracks[i] = Track.load(specs.get(i));
            tracks[i].log(startTs);
        }
        return new CsvReplaySource(tracks, startTs);
    }

    /**
     * Checks that every spec's point is a cumulative point of the site.
     *
     * @throws IllegalArgumentException naming the spec and its point otherwise
     */
    public static void checkPoints(List<ReplaySpec> specs, SiteDescription site) {
        for (int i = 0; i < specs.size(); i++) {
            String id = specs.get(i).point();
            Point p = site.points().stream().filter(x -> x.id().equals(id)).findFirst()
                    .orElse(null);
            if (p == null) {
                throw new IllegalArgumentException("specs[" + i + "].point: no point " + id + " in site "
                        + site.site().id());
            }
            if (p.kind() != PointKind.CUMULATIVE) {
                throw new IllegalArgumentException("specs[" + i + "].point: " + id + " is "
                        + p.kind().name().toLowerCase(java.util.Locale.ROOT) + "; a replay writes a cumulative register");
            }
        }
    }

    @Override
    public List<Reading> readingsAt(long epochMillis) {
        if (epochMillis <= lastTs) {
            throw new IllegalArgumentException("ts: samples must move forward, " + epochMillis + " after " + lastTs);
        }
        lastTs = epochMillis;
        if (epochMillis < startTs) {
            return List.of();
        }
        BigDecimal elapsed = BigDecimal.valueOf(epochMillis).subtract(BigDecimal.valueOf(startTs));
        List<Reading> readings = new ArrayList<>(tracks.length);
        for (Track track : tracks) {
            if (track.done) {
                continue;
            }
            replayedRows += track.advance(reachedMillis(elapsed, track.speed));
            readings.add(Reading.of(track.spec.point(), epochMillis, track.register().doubleValue()));
            if (track.exhausted()) {
                track.done = true;
            }
        }
        return readings;
    }

    /** floor(elapsed × speed), the recorded milliseconds reached; saturates at Long.MAX_VALUE. */
    private static long reachedMillis(BigDecimal elapsed, BigDecimal speed) {
        BigDecimal reached = elapsed.multiply(speed);
        return reached.compareTo(LONG_MAX) >= 0 ? Long.MAX_VALUE
                : reached.setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** True once every spec has emitted its final register. */
    public boolean finished() {
        for (Track track : tracks) {
            if (!track.done) {
                return false;
            }
        }
        return true;
    }

    /** Per point: rows replayed of the file, the consumption emitted and the file's total (for the agent's status). */
    @Override
    public Object status() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Track track : tracks) {
            out.put(track.spec.point(), Map.of("emitted", track.emitted.toPlainString(),
                    "skippedRows", track.skippedLines.length, "finished", track.done));
        }
        return Map.of("replay", out);
    }

    /** Rows whose value has been added to a register so far, over all specs (skipped rows never count). */
    public long replayedRows() {
        return replayedRows;
    }

    /** Rows of the point's file skipped for an empty or {@code nan} value. */
    public long skippedRows(String point) {
        return track(point).skippedLines.length;
    }

    /** Skipped rows over all specs. */
    public long skippedRows() {
        long n = 0;
        for (Track track : tracks) {
            n += track.skippedLines.length;
        }
        return n;
    }

    /** The 1-based line numbers of the point's skipped rows. */
    public int[] skippedLines(String point) {
        return track(point).skippedLines.clone();
    }

    /** The sum emitted for the point so far, {@code scale × Σ value}: the register minus {@code startRegister}. */
    public BigDecimal total(String point) {
        return track(point).emitted;
    }

    /** The sum of the point's whole file, {@code scale × Σ value} over its non-skipped rows. */
    public BigDecimal fileTotal(String point) {
        return track(point).fileTotal;
    }

    /**
     * The first agent time at which every recording has been fully replayed: sampling at or after it emits each
     * spec's final register.
     */
    public long endTs() {
        long end = startTs;
        for (Track track : tracks) {
            end = Math.max(end, track.endTs(startTs));
        }
        return end;
    }

    /** The points replayed, in spec order. */
    public List<String> points() {
        return Arrays.stream(tracks).map(t -> t.spec.point()).toList();
    }

    private Track track(String point) {
        for (Track track : tracks) {
            if (track.spec.point().equals(point)) {
                return track;
            }
        }
        throw new IllegalArgumentException("point: no replay spec for " + point + "; replayed are " + points());
    }

    /** One spec's rows, held compactly, and its replay position. */
    static final class Track {

        final ReplaySpec spec;
        final BigDecimal speed;
        final long fileStart;
        /** End of each non-skipped row's interval, in ms after {@link #fileStart}; strictly increasing. */
        final long[] ends;
        /** Start of each non-skipped row's interval, in ms after {@link #fileStart}. */
        final long[] starts;
        /** The non-skipped rows' values, already multiplied by the scale. */
        final BigDecimal[] values;
        /** End of the last row's interval (skipped or not), in ms after {@link #fileStart}. */
        final long fileEnd;
        final int[] skippedLines;
        final BigDecimal fileTotal;

        int next;
        long reached = -1;
        BigDecimal emitted = BigDecimal.ZERO;
        boolean done;

        private Track(ReplaySpec spec, long fileStart, long[] starts, long[] ends, BigDecimal[] values, long fileEnd,
                      int[] skippedLines) {
            this.spec = spec;
            this.starts = starts;
            this.speed = BigDecimal.valueOf(spec.speed());
            this.fileStart = fileStart;
            this.ends = ends;
            this.values = values;
            this.fileEnd = fileEnd;
            this.skippedLines = skippedLines;
            BigDecimal sum = BigDecimal.ZERO;
            for (BigDecimal v : values) {
                sum = sum.add(v);
            }
            this.fileTotal = sum;
        }

        /** Adds the rows whose interval ended by {@code reached}; returns how many. */
        int advance(long reached) {
            int from = next;
            while (next < ends.length && ends[next] <= reached) {
                emitted = emitted.add(values[next]);
                next++;
            }
            this.reached = reached;
            return next - from;
        }

        /** True once the recording time reached the end of the last row's interval. */
        boolean exhausted() {
            return next == ends.length && reached >= fileEnd;
        }

        BigDecimal register() {
            return spec.startRegister().add(emitted);
        }

        long endTs(long startTs) {
            BigDecimal agentMillis = BigDecimal.valueOf(fileEnd).divide(speed, 0, RoundingMode.CEILING);
            return agentMillis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE - startTs)) > 0 ? Long.MAX_VALUE
                    : startTs + agentMillis.longValueExact();
        }

        void log(long startTs) {
            String name = spec.file().toString();
            Instant end = Instant.ofEpochMilli(fileStart + fileEnd);
            LOG.info(() -> "replay " + name + " column " + spec.valueColumn() + " onto " + spec.point() + ": "
                    + values.length + " rows with a value, " + Instant.ofEpochMilli(fileStart) + " … " + end + ", total "
                    + fileTotal.stripTrailingZeros().toPlainString() + " (scale " + spec.scale().toPlainString()
                    + ") from register "
                    + spec.startRegister().toPlainString() + ", speed " + spec.speed() + " until agent time "
                    + Instant.ofEpochMilli(endTs(startTs)));
            if (skippedLines.length > 0) {
                LOG.log(Level.WARNING, () -> "replay " + name + ": skipped " + skippedLines.length
                        + " row(s) without a value (empty or nan) in column " + spec.valueColumn() + ", lines "
                        + lines(skippedLines));
            }
        }

        private static String lines(int[] lines) {
            String shown = Arrays.stream(lines).limit(SKIPPED_LINES_SHOWN).mapToObj(Integer::toString)
                    .collect(Collectors.joining(", "));
            return lines.length > SKIPPED_LINES_SHOWN ? shown + ", … (" + lines.length + " in all)" : shown;
        }

        static Track load(ReplaySpec spec) {
            String name = spec.file().toString();
            CsvMapper mapper = new CsvMapper();
            ObjectReader reader = mapper.readerFor(String[].class)
                    .with(CsvParser.Feature.WRAP_AS_ARRAY)
                    .with(CsvParser.Feature.SKIP_EMPTY_LINES);
            try (Reader in = Files.newBufferedReader(spec.file(), StandardCharsets.UTF_8);
                 MappingIterator<String[]> rows = reader.readValues(in)) {
                return read(spec, name, rows);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(name + ": no such file", e);
            } catch (JsonProcessingException e) {
                int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
                throw new IllegalArgumentException(name + (line > 0 ? " line " + line : "") + ": not valid CSV: "
                        + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new IllegalArgumentException(name + ": cannot read: " + e, e);
            }
        }

        private static Track read(ReplaySpec spec, String name, MappingIterator<String[]> rows) throws IOException {
            if (!rows.hasNextValue()) {
                throw new IllegalArgumentException(name + ": empty; expected a header line naming the columns "
                        + spec.timeColumn() + " and " + spec.valueColumn());
            }
            String[] header = rows.nextValue();
            List<String> columns = new ArrayList<>(header.length);
            for (String h : header) {
                columns.add(h.strip().replace("\uFEFF", ""));
            }
            int timeIndex = column(name, columns, spec.timeColumn());
            int valueIndex = column(name, columns, spec.valueColumn());
            Intervals intervals = new Intervals(spec, name);
            while (rows.hasNextValue()) {
                // after hasNextValue() the parser stands at the row's first character (blank lines skipped)
                int line = rows.getParser().currentLocation().getLineNr();
                String[] row = rows.nextValue();
                String timeText = cell(name, line, row, timeIndex, spec.timeColumn());
                String valueText = cell(name, line, row, valueIndex, spec.valueColumn());
                long ts = timestamp(spec, name, line, timeText);
                intervals.endPrevious(line, ts, timeText);
                intervals.start(line, ts, value(spec, name, line, valueText));
            }
            return intervals.track();
        }

        private static long timestamp(ReplaySpec spec, String name, int line, String timeText) {
            try {
                return Instant.parse(timeText).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException(name + " line " + line + ": column " + spec.timeColumn() + ": '"
                        + timeText + "' is not an ISO-8601 timestamp like 2018-01-01T00:00:00Z");
            }
        }

        /** The row's scaled value, or null when the cell has none (empty or nan: the row is skipped). */
        private static BigDecimal value(ReplaySpec spec, String name, int line, String valueText) {
            if (valueText.isEmpty() || valueText.equalsIgnoreCase("nan")) {
                return null;
            }
            BigDecimal value;
            try {
                value = new BigDecimal(valueText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " line " + line + ": column " + spec.valueColumn()
                        + ": '" + valueText + "' is not a number");
            }
            if (value.signum() < 0) {
                throw new IllegalArgumentException(name + " line " + line + ": column " + spec.valueColumn()
                        + ": " + valueText + " is negative; a cumulative register only counts up");
            }
            return value.multiply(spec.scale());
        }

        /**
         * The rows of a file as they are read, turned into intervals: a row's value is the consumption
         * of the interval its timestamp starts, which the next row's timestamp ends (the last row's
         * interval is as long as the one before it).
         */
        private static final class Intervals {
            private final ReplaySpec spec;
            private final String name;
            private long[] ends = new long[1024];
            private long[] starts = new long[1024];
            private BigDecimal[] values = new BigDecimal[1024];
            private int count;
            private int[] skipped = new int[16];
            private int skippedCount;
            private long fileStart;
            private long previous;
            private long beforePrevious;
            private int previousLine;
            private BigDecimal pending;
            private int rowCount;

            Intervals(ReplaySpec spec, String name) {
                this.spec = spec;
                this.name = name;
            }

            /** A row at {@code ts}: checks that timestamps increase, and ends the interval the row before started. */
            void endPrevious(int line, long ts, String timeText) {
                if (rowCount == 0) {
                    fileStart = ts;
                    return;
                }
                if (ts <= previous) {
                    throw new IllegalArgumentException(name + " line " + line + ": column " + spec.timeColumn()
                            + ": " + timeText + " is not after " + Instant.ofEpochMilli(previous) + " on line "
                            + previousLine + "; timestamps must increase");
                }
                if (pending != null) {
                    add(previous - fileStart, ts - fileStart, pending);
                }
            }

            /** The row's value starts the next interval; a row without one (null) is skipped and its line noted. */
            void start(int line, long ts, BigDecimal value) {
                pending = value;
                if (value == null) {
                    if (skippedCount == skipped.length) {
                        skipped = Arrays.copyOf(skipped, skippedCount * 2);
                    }
                    skipped[skippedCount++] = line;
                }
                beforePrevious = previous;
                previous = ts;
                previousLine = line;
                rowCount++;
            }

            Track track() {
                if (rowCount < 2) {
                    throw new IllegalArgumentException(name + ": " + rowCount + " data row(s); at least two are needed"
                            + " (the last row's interval is as long as the one before it)");
                }
                long fileEnd = Math.addExact(previous, previous - beforePrevious) - fileStart;
                if (pending != null) {
                    add(previous - fileStart, fileEnd, pending);
                }
                return new Track(spec, fileStart, Arrays.copyOf(starts, count), Arrays.copyOf(ends, count), Arrays.copyOf(values, count), fileEnd,
                        Arrays.copyOf(skipped, skippedCount));
            }

            private void add(long start, long end, BigDecimal value) {
                if (count == ends.length) {
                    ends = Arrays.copyOf(ends, count * 2);
                    starts = Arrays.copyOf(starts, count * 2);
                    values = Arrays.copyOf(values, count * 2);
                }
                starts[count] = start;
                ends[count] = end;
                values[count] = value;
                count++;
            }
        }

        private static int column(String name, List<String> columns, String wanted) {
            int index = columns.indexOf(wanted);
            if (index < 0) {
                throw new IllegalArgumentException(name + " line 1: no column '" + wanted + "'; the columns are "
                        + columns.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", ")));
            }
            if (columns.lastIndexOf(wanted) != index) {
                throw new IllegalArgumentException(name + " line 1: column '" + wanted + "' appears twice");
            }
            return index;
        }

        private static String cell(String name, int line, String[] row, int index, String column) {
            if (index >= row.length) {
                throw new IllegalArgumentException(name + " line " + line + ": column " + column
                        + ": missing, the row has only " + row.length + " cell(s)");
            }
            return row[index].strip();
        }
    }
}
