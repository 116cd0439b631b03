package org.facilitymonitor.edge.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.site.SiteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReplaySourceTest {

    static final Path DEMO = Path.of(System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml"));
    static final Path REAL = DEMO.resolveSibling("reference-data").resolve("real-buildings");
    static final Path SCHOOL = REAL.resolve("school_eload_hourly.csv");
    static final Path DAILY = REAL.resolve("eload_daily.csv");

    /** An agent clock far from the recordings' own years. */
    static final long START = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();
    static final String POINT = "office-elec-main-energy";

    @TempDir
    Path tmp;

    // ---- independent reading of the files: plain Java, no Jackson -------------------------------------------------

    /** A file's rows as the test reads them: start instant, value or null for nan, 1-based line. */
    record Row(long start, BigDecimal value, int line) {
    }

    record Recording(List<Row> rows, long lastEnd) {

        long start() {
            return rows.get(0).start();
        }

        /** The row's interval end in ms after the file start: the next row's start, or last + the step before. */
        long end(int i) {
            return (i + 1 < rows.size() ? rows.get(i + 1).start() : lastEnd) - start();
        }

        BigDecimal total() {
            return rows.stream().map(Row::value).filter(v -> v != null).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        /** Σ values of the rows whose interval ended within {@code recordedMillis} of the file start. */
        BigDecimal sumEndedBy(long recordedMillis) {
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = 0; i < rows.size(); i++) {
                if (end(i) <= recordedMillis && rows.get(i).value() != null) {
                    sum = sum.add(rows.get(i).value());
                }
            }
            return sum;
        }

        long countEndedBy(long recordedMillis) {
            long n = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (end(i) <= recordedMillis && rows.get(i).value() != null) {
                    n++;
                }
            }
            return n;
        }

        int[] nanLines() {
            return rows.stream().filter(r -> r.value() == null).mapToInt(Row::line).toArray();
        }
    }

    static Recording readPlain(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0).strip()).isEqualTo("time,eload");
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).strip().split(",");
            String v = cells[1].strip();
            rows.add(new Row(Instant.parse(cells[0].strip()).toEpochMilli(),
                    v.equalsIgnoreCase("nan") ? null : new BigDecimal(v), i + 1));
        }
        int n = rows.size();
        long lastEnd = 2 * rows.get(n - 1).start() - rows.get(n - 2).start();
        return new Recording(rows, lastEnd);
    }

    // ---- whole-file replays ---------------------------------------------------------------------------------------

    /** Drives a source at a fixed step until it finishes; returns the emitted registers, checking shape on the way. */
    static List<Double> drive(CsvReplaySource source, long step, String point) {
        List<Double> registers = new ArrayList<>();
        long t = START;
        while (!source.finished()) {
            List<Reading> sample = source.readingsAt(t);
            assertThat(sample).hasSize(1);
            assertThat(sample.get(0).point()).isEqualTo(point);
            assertThat(sample.get(0).ts()).isEqualTo(t);
            registers.add((Double) sample.get(0).value());
            t += step;
            assertThat(registers).hasSizeLessThan(100_000);
        }
        assertThat(source.readingsAt(t)).as("nothing after the final register").isEmpty();
        assertThat(source.readingsAt(t + 3_600_000)).isEmpty();
        return registers;
    }

    static void assertNeverDecreases(List<Double> registers) {
        for (int i = 1; i < registers.size(); i++) {
            assertThat(registers.get(i)).as("register %d", i).isGreaterThanOrEqualTo(registers.get(i - 1));
        }
    }

    /**
     * The emitted double is the exact register rounded to the nearest double: equal to
     * {@code exact.doubleValue()}, so within half an ulp of the exact sum.
     */
    static void assertNearestDouble(double emitted, BigDecimal exact) {
        assertThat(emitted).isEqualTo(exact.doubleValue());
        BigDecimal halfUlp = new BigDecimal(Math.ulp(emitted)).divide(BigDecimal.valueOf(2));
        assertThat(new BigDecimal(emitted).subtract(exact).abs()).isLessThanOrEqualTo(halfUlp);
    }

    @Test
    void replaysTheSchoolYearOneHourPerAgentSecond() throws IOException {
        Recording plain = readPlain(SCHOOL);
        BigDecimal expected = plain.total();
        assertThat(expected).isEqualByComparingTo("266103.8");
        assertThat(plain.rows()).hasSize(8760);
        BigDecimal startRegister = new BigDecimal("125000.5");
        CsvReplaySource source = CsvReplaySource.open(List.of(
                new ReplaySpec(SCHOOL, "time", "eload", POINT, 3600, startRegister, BigDecimal.ONE)), START);

        assertThat(source.fileTotal(POINT)).isEqualByComparingTo(expected);
        assertThat(source.skippedRows(POINT)).isEqualTo(13);
        assertThat(source.skippedRows()).isEqualTo(13);
        assertThat(source.skippedLines(POINT)).containsExactly(plain.nanLines())
                .startsWith(372, 373, 374, 1776).endsWith(4014);
        assertThat(source.endTs()).isEqualTo(START + 8760 * 1000L);

        List<Double> registers = drive(source, 1000, POINT);

        // t = START + 0 s … + 8760 s: the first reading is the start register, one row per step after that
        assertThat(registers).hasSize(8761);
        assertThat(registers.get(0)).isEqualTo(125000.5);
        assertThat(registers.get(1)).isEqualTo(startRegister.add(plain.rows().get(0).value()).doubleValue());
        assertNeverDecreases(registers);
        assertThat(source.total(POINT)).isEqualByComparingTo(expected);
        assertThat(source.replayedRows()).isEqualTo(8760 - 13);
        double last = registers.get(registers.size() - 1);
        assertNearestDouble(last, startRegister.add(expected));
        assertThat(new BigDecimal(last).subtract(startRegister).subtract(expected).abs())
                .isLessThanOrEqualTo(new BigDecimal(Math.ulp(last)));
    }

    @Test
    void replaysTheSchoolYearManyRowsPerCall() throws IOException {
        Recording plain = readPlain(SCHOOL);
        CsvReplaySource source = CsvReplaySource.open(List.of(new ReplaySpec(SCHOOL, "time", "eload", POINT, 3600)),
                START);
        long step = 25_250; // 25.25 hours of recording per call: 25 or 26 rows
        List<Double> registers = new ArrayList<>();
        long t = START;
        while (!source.finished()) {
            List<Reading> sample = source.readingsAt(t);
            assertThat(sample).hasSize(1);
            long reached = (t - START) * 3600;
            // the emitted sum at every call is exactly the rows ended by then, computed independently
            assertThat(source.total(POINT)).as("at +%d ms", t - START)
                    .isEqualByComparingTo(plain.sumEndedBy(reached));
            assertThat(source.replayedRows()).isEqualTo(plain.countEndedBy(reached));
            registers.add((Double) sample.get(0).value());
            t += step;
        }
        assertThat(registers).hasSize(8760 * 1000 / 25_250 + 2);
        assertNeverDecreases(registers);
        assertThat(source.total(POINT)).isEqualByComparingTo(plain.total()).isEqualByComparingTo("266103.8");
        assertNearestDouble(registers.get(registers.size() - 1), plain.total());
        assertThat(source.skippedRows(POINT)).isEqualTo(13);
        assertThat(source.readingsAt(t)).isEmpty();
    }

    @Test
    void replaysTheDailyFileScaledToWattHours() throws IOException {
        Recording plain = readPlain(DAILY);
        assertThat(plain.rows()).hasSize(1095);
        BigDecimal scale = new BigDecimal("1000");
        BigDecimal expected = plain.total().multiply(scale);
        assertThat(plain.total()).isEqualByComparingTo("16390261.96885099649");
        assertThat(expected).isEqualByComparingTo("16390261968.85099649");
        BigDecimal startRegister = new BigDecimal("7");
        CsvReplaySource source = CsvReplaySource.open(List.of(
                new ReplaySpec(DAILY, "time", "eload", POINT, 86_400 * 2.5, startRegister, scale)), START);

        assertThat(source.fileTotal(POINT)).isEqualByComparingTo(expected);
        assertThat(source.skippedRows(POINT)).isZero();

        List<Double> byDay = drive(source, 400, POINT); // one day per agent 0.4 s
        assertNeverDecreases(byDay);
        assertThat(source.total(POINT)).isEqualByComparingTo(expected);
        assertThat(source.replayedRows()).isEqualTo(1095);
        assertNearestDouble(byDay.get(byDay.size() - 1), startRegister.add(expected));

        CsvReplaySource coarse = CsvReplaySource.open(List.of(
                new ReplaySpec(DAILY, "time", "eload", POINT, 86_400 * 2.5, startRegister, scale)), START);
        List<Double> byMonths = drive(coarse, 37_000, POINT); // ~92.5 days per call
        assertThat(byMonths.size()).isLessThan(20);
        assertNeverDecreases(byMonths);
        assertThat(coarse.total(POINT)).isEqualByComparingTo(expected);
        assertThat(byMonths.get(byMonths.size() - 1)).isEqualTo(byDay.get(byDay.size() - 1));
    }

    // ---- the accelerated time mapping -----------------------------------------------------------------------------

    @Test
    void includesExactlyTheRowsEndedWithinElapsedTimesSpeed() throws IOException {
        Recording plain = readPlain(SCHOOL);
        CsvReplaySource source = CsvReplaySource.open(List.of(new ReplaySpec(SCHOOL, "time", "eload", POINT, 3600)),
                START);
        // agent ms after START; at speed 3600 one agent second is one hour of recording
        long[] offsets = {0, 1, 999, 1000, 1001, 1999, 2000, 370_999, 371_000, 373_000, 373_999, 374_000, 375_000,
                4_000_000, 8_759_999, 8_760_000};
        // rows 370..372 (0-based; lines 372..374) are nan: they end at hours 371..373 and add nothing;
        // by hour 4000 the 7 nan rows of lines 372..1780 have passed, the other 6 (lines 4008..4014) not yet
        long[] rowsExpected = {0, 0, 0, 1, 1, 1, 2, 370, 370, 370, 370, 371, 372, 4000 - 7, 8759 - 13, 8760 - 13};
        BigDecimal previous = BigDecimal.ZERO;
        for (int k = 0; k < offsets.length; k++) {
            long n = offsets[k];
            List<Reading> sample = source.readingsAt(START + n);
            BigDecimal expected = plain.sumEndedBy(n * 3600);
            assertThat(source.replayedRows()).as("rows at +%d ms", n).isEqualTo(rowsExpected[k])
                    .isEqualTo(plain.countEndedBy(n * 3600));
            assertThat(source.total(POINT)).as("total at +%d ms", n).isEqualByComparingTo(expected);
            assertThat(sample).singleElement().extracting(Reading::value).isEqualTo(expected.doubleValue());
            assertThat(expected).isGreaterThanOrEqualTo(previous);
            previous = expected;
        }
        assertThat(plain.sumEndedBy(370L * 3_600_000)).isEqualByComparingTo(plain.sumEndedBy(373L * 3_600_000));
        assertThat(source.finished()).isTrue();
        // the first row, 2018-01-01T00:00Z 18.4 kWh, is the hour 00:00–01:00: counted at one recorded hour
        assertThat(plain.sumEndedBy(3_600_000)).isEqualByComparingTo("18.4");
    }

    @Test
    void mapsAFractionalSpeedExactlyAtIntervalBoundaries() throws IOException {
        Recording plain = readPlain(DAILY);
        CsvReplaySource source = CsvReplaySource.open(List.of(
                new ReplaySpec(DAILY, "time", "eload", POINT, 2.5)), START);
        // speed 2.5: a 24 h day is 34,560,000 agent ms. The file's stamps move to 01:00Z in (US) summer time,
        // so row 10 (2012-03-11, line 12) is a 25 h interval and row 248 (2012-11-04) 23 h.
        // The first agent ms at which row i has ended: ceil(end(i) / 2.5).
        long[] boundaries = new long[plain.rows().size()];
        for (int i = 0; i < boundaries.length; i++) {
            boundaries[i] = Math.floorDiv(plain.end(i) * 2 + 4, 5);
        }
        assertThat(boundaries[0]).isEqualTo(34_560_000);
        assertThat(plain.end(10) - plain.end(9)).isEqualTo(25 * 3_600_000L);
        assertThat(plain.end(248) - plain.end(247)).isEqualTo(23 * 3_600_000L);
        long lastCall = Long.MIN_VALUE;
        for (int i : new int[] {0, 1, 9, 10, 11, 12, 13, 248, 249, 1094}) {
            long b = boundaries[i];
            for (long n : new long[] {b - 1, b}) {
                if (START + n <= lastCall) {
                    continue;
                }
                source.readingsAt(START + n);
                lastCall = START + n;
                long reached = (long) Math.floor(n * 2.5);
                assertThat(source.replayedRows()).as("rows at +%d ms", n).isEqualTo(n == b ? i + 1 : i);
                assertThat(source.total(POINT)).isEqualByComparingTo(plain.sumEndedBy(reached));
            }
        }
        assertThat(source.finished()).isTrue();
        assertThat(source.endTs()).isEqualTo(START + boundaries[1094]);
    }

    @Test
    void startsAtTheStartRegisterAndIgnoresSamplesBeforeTheStart() throws IOException {
        Path f = write("mini.csv", "time,eload\n2018-01-01T00:00:00Z,1.5\n2018-01-01T01:00:00Z,2.25\n");
        CsvReplaySource source = CsvReplaySource.open(List.of(
                new ReplaySpec(f, "time", "eload", POINT, 3600, new BigDecimal("10"), new BigDecimal("2"))), START);
        assertThat(source.readingsAt(START - 5000)).isEmpty();
        assertThat(source.readingsAt(START)).containsExactly(new Reading(POINT, START, 10.0));
        assertThat(source.readingsAt(START + 999)).containsExactly(new Reading(POINT, START + 999, 10.0));
        assertThat(source.readingsAt(START + 1000)).containsExactly(new Reading(POINT, START + 1000, 13.0));
        assertThat(source.finished()).isFalse();
        assertThat(source.readingsAt(START + 2000)).containsExactly(new Reading(POINT, START + 2000, 17.5));
        assertThat(source.finished()).isTrue();
        assertThat(source.readingsAt(START + 3000)).isEmpty();
        assertThat(source.total(POINT)).isEqualByComparingTo("7.5");
        assertThat(source.fileTotal(POINT)).isEqualByComparingTo("7.5");
        assertThatThrownBy(() -> source.readingsAt(START + 3000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("samples must move forward");
        assertThatThrownBy(() -> source.total("other")).hasMessageContaining("no replay spec for other");
    }

    @Test
    void aTrailingNanRowStillEndsTheRecordingAtItsIntervalEnd() throws IOException {
        Path f = write("tail.csv", "time,eload\r\n2018-01-01T00:00:00Z,1\r\n2018-01-01T01:00:00Z,\r\n"
                + "2018-01-01T02:00:00Z,NaN\r\n");
        CsvReplaySource source = CsvReplaySource.open(List.of(new ReplaySpec(f, "time", "eload", POINT, 3600)), START);
        assertThat(source.skippedRows(POINT)).isEqualTo(2);
        assertThat(source.skippedLines(POINT)).containsExactly(3, 4);
        assertThat(source.readingsAt(START + 1000)).singleElement().extracting(Reading::value).isEqualTo(1.0);
        assertThat(source.readingsAt(START + 2999)).hasSize(1);
        assertThat(source.finished()).isFalse();
        assertThat(source.readingsAt(START + 3000)).singleElement().extracting(Reading::value).isEqualTo(1.0);
        assertThat(source.finished()).isTrue();
    }

    @Test
    void replaysSeveralPointsAndFinishesWhenTheLastOneIs() throws IOException {
        Path shortFile = write("short.csv", "time,eload\n2018-01-01T00:00:00Z,1\n2018-01-01T01:00:00Z,2\n");
        CsvReplaySource source = CsvReplaySource.open(List.of(
                new ReplaySpec(shortFile, "time", "eload", "a", 3600),
                new ReplaySpec(SCHOOL, "time", "eload", "b", 3600)), START);
        assertThat(source.points()).containsExactly("a", "b");
        assertThat(source.readingsAt(START)).extracting(Reading::point).containsExactly("a", "b");
        assertThat(source.readingsAt(START + 2000)).extracting(Reading::point).containsExactly("a", "b");
        assertThat(source.readingsAt(START + 3000)).extracting(Reading::point).containsExactly("b");
        assertThat(source.finished()).isFalse();
        assertThat(source.readingsAt(START + 10_000_000)).extracting(Reading::point).containsExactly("b");
        assertThat(source.finished()).isTrue();
        assertThat(source.total("a")).isEqualByComparingTo("3");
        assertThat(source.total("b")).isEqualByComparingTo("266103.8");
        assertThat(source.replayedRows()).isEqualTo(2 + 8747);
    }

    @Test
    void checksPointsAgainstTheSite() throws IOException {
        var site = SiteFiles.load(DEMO);
        CsvReplaySource.checkPoints(List.of(new ReplaySpec(SCHOOL, "time", "eload", "office-elec-main-energy", 60)),
                site);
        assertThatThrownBy(() -> CsvReplaySource.checkPoints(
                List.of(new ReplaySpec(SCHOOL, "time", "eload", "office-elec-main-power", 60)), site))
                .hasMessageContaining("specs[0].point: office-elec-main-power is instantaneous");
        assertThatThrownBy(() -> CsvReplaySource.checkPoints(
                List.of(new ReplaySpec(SCHOOL, "time", "eload", "nowhere", 60)), site))
                .hasMessageContaining("specs[0].point: no point nowhere");
    }

    // ---- errors ---------------------------------------------------------------------------------------------------

    @Test
    void namesAMissingFile() {
        Path missing = tmp.resolve("nope.csv");
        assertThatThrownBy(() -> open(missing, "eload")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.csv").hasMessageContaining("no such file");
    }

    @Test
    void namesTheColumnsThatExistWhenOneIsMissing() {
        assertThatThrownBy(() -> open(SCHOOL, "kwh")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("school_eload_hourly.csv line 1: no column 'kwh'; the columns are 'time', 'eload'");
        assertThatThrownBy(() -> CsvReplaySource.open(
                List.of(new ReplaySpec(SCHOOL, "timestamp", "eload", POINT, 1)), START))
                .hasMessageContaining("no column 'timestamp'");
    }

    @Test
    void namesLineAndColumnOfABadNumber() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(SCHOOL));
        lines.set(16, "2018-01-01T15:00:00Z,abc"); // line 17
        Path copy = tmp.resolve("school_eload_hourly.csv");
        Files.write(copy, lines);
        assertThatThrownBy(() -> open(copy, "eload")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("school_eload_hourly.csv line 17: column eload: 'abc' is not a number");

        Path quoted = write("quoted.csv", "time,eload\n2018-01-01T00:00:00Z,\"1\n2\"\n2018-01-01T01:00:00Z,x\n");
        assertThatThrownBy(() -> open(quoted, "eload"))
                .hasMessageContaining("quoted.csv line 2: column eload: '1\n2' is not a number");
        Path negative = write("negative.csv", "time,eload\n2018-01-01T00:00:00Z,1\n2018-01-01T01:00:00Z,-2\n");
        assertThatThrownBy(() -> open(negative, "eload"))
                .hasMessageContaining("negative.csv line 3: column eload: -2 is negative");
        Path badTime = write("time.csv", "time,eload\n\n2018-01-01 00:00,1\n");
        assertThatThrownBy(() -> open(badTime, "eload"))
                .hasMessageContaining("time.csv line 3: column time: '2018-01-01 00:00' is not an ISO-8601 timestamp");
        Path shortRow = write("short.csv", "time,eload\n2018-01-01T00:00:00Z\n");
        assertThatThrownBy(() -> open(shortRow, "eload"))
                .hasMessageContaining("short.csv line 2: column eload: missing");
    }

    @Test
    void namesTheLineWhereTimestampsStopIncreasing() throws IOException {
        Path back = write("back.csv", "time,eload\n2018-01-01T00:00:00Z,1\n2018-01-01T02:00:00Z,1\n"
                + "2018-01-01T01:00:00Z,1\n");
        assertThatThrownBy(() -> open(back, "eload")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("back.csv line 4: column time: 2018-01-01T01:00:00Z is not after "
                        + "2018-01-01T02:00:00Z on line 3; timestamps must increase");
        Path same = write("same.csv", "time,eload\n2018-01-01T00:00:00Z,1\n2018-01-01T00:00:00Z,1\n");
        assertThatThrownBy(() -> open(same, "eload")).hasMessageContaining("same.csv line 3: column time");
    }

    @Test
    void refusesFilesWithoutTwoRows() throws IOException {
        Path empty = write("empty.csv", "");
        assertThatThrownBy(() -> open(empty, "eload")).hasMessageContaining("empty.csv: empty");
        Path one = write("one.csv", "time,eload\n2018-01-01T00:00:00Z,1\n");
        assertThatThrownBy(() -> open(one, "eload")).hasMessageContaining("one.csv: 1 data row(s)");
    }

    @Test
    void validatesTheSpec() {
        for (double speed : new double[] {0, -3600, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new ReplaySpec(SCHOOL, "time", "eload", POINT, speed))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("speed: ");
        }
        assertThatThrownBy(() -> new ReplaySpec(null, "time", "eload", POINT, 1)).hasMessageStartingWith("file: ");
        assertThatThrownBy(() -> new ReplaySpec(SCHOOL, " ", "eload", POINT, 1)).hasMessageStartingWith("timeColumn: ");
        assertThatThrownBy(() -> new ReplaySpec(SCHOOL, "time", null, POINT, 1)).hasMessageStartingWith("valueColumn: ");
        assertThatThrownBy(() -> new ReplaySpec(SCHOOL, "time", "eload", "", 1)).hasMessageStartingWith("point: ");
        assertThatThrownBy(() -> new ReplaySpec(SCHOOL, "time", "eload", POINT, 1, new BigDecimal("-1"), null))
                .hasMessageStartingWith("startRegister: ");
        assertThatThrownBy(() -> new ReplaySpec(SCHOOL, "time", "eload", POINT, 1, null, BigDecimal.ZERO))
                .hasMessageStartingWith("scale: ");
        ReplaySpec defaults = new ReplaySpec(SCHOOL, "time", "eload", POINT, 1, null, null);
        assertThat(defaults.startRegister()).isEqualByComparingTo("0");
        assertThat(defaults.scale()).isEqualByComparingTo("1");
        assertThatThrownBy(() -> CsvReplaySource.open(List.of(new ReplaySpec(SCHOOL, "time", "eload", POINT, 1),
                new ReplaySpec(DAILY, "time", "eload", POINT, 1)), START))
                .hasMessageContaining("specs[1].point: " + POINT + " is replayed twice");
        assertThatThrownBy(() -> CsvReplaySource.open(List.of(), START)).hasMessageStartingWith("specs: ");
    }

    private static CsvReplaySource open(Path file, String valueColumn) {
        return CsvReplaySource.open(List.of(new ReplaySpec(file, "time", valueColumn, POINT, 3600)), START);
    }

    private Path write(String name, String content) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }
}
