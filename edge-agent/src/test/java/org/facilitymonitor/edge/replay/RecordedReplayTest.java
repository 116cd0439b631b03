package org.facilitymonitor.edge.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.edge.contract.Reading;
import org.junit.jupiter.api.Test;

/** Replay at the recording's own timestamps: every register equals the file's running sum, exactly. */
class RecordedReplayTest {

    static final BigDecimal START_REGISTER = new BigDecimal("1000.5");

    /** The registers the test expects from its own reading of the file: at each row's start and at the last end. */
    static Map<Long, Double> expected(CsvReplaySourceTest.Recording recording, long shift) {
        Map<Long, Double> out = new LinkedHashMap<>();
        BigDecimal register = START_REGISTER;
        out.put(recording.start() + shift, register.doubleValue());
        List<CsvReplaySourceTest.Row> rows = recording.rows();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).value() == null) {
                continue; // no consumption known: adds nothing, and the next row with a value gets a reading at its start
            }
            out.put(rows.get(i).start() + shift, register.doubleValue());
            register = register.add(rows.get(i).value());
            out.put(recording.start() + recording.end(i) + shift, register.doubleValue());
        }
        return out;
    }

    static Map<Long, Double> drain(RecordedReplay replay, String point) {
        Map<Long, Double> out = new LinkedHashMap<>();
        long last = Long.MIN_VALUE;
        for (List<Reading> step = replay.next(); !step.isEmpty(); step = replay.next()) {
            assertThat(step).singleElement().satisfies(r -> assertThat(r.point()).isEqualTo(point));
            Reading r = step.get(0);
            assertThat(r.ts()).isGreaterThan(last);
            last = r.ts();
            out.put(r.ts(), (Double) r.value());
        }
        return out;
    }

    private static RecordedReplay open(Path file, long shift) {
        return RecordedReplay.open(List.of(new ReplaySpec(file, "time", "eload", CsvReplaySourceTest.POINT, 1,
                START_REGISTER, BigDecimal.ONE)), List.of(shift));
    }

    @Test
    void dailyFileRegistersAtEveryRowStartAreTheRunningSums() throws IOException {
        CsvReplaySourceTest.Recording recording = CsvReplaySourceTest.readPlain(CsvReplaySourceTest.DAILY);
        Map<Long, Double> published = drain(open(CsvReplaySourceTest.DAILY, 0), CsvReplaySourceTest.POINT);
        assertThat(recording.rows()).hasSize(1095);
        assertThat(published).hasSize(1096).containsExactlyEntriesOf(expected(recording, 0));
        // spot check by hand: the first two rows, 21505.43952 and 20892.23953 kWh
        assertThat(published.get(recording.rows().get(1).start())).isEqualTo(22505.93952);
        assertThat(published.get(recording.rows().get(2).start())).isEqualTo(43398.17905);
        assertThat(published.get(recording.start() + recording.end(1094)))
                .isEqualTo(START_REGISTER.add(recording.total()).doubleValue());
    }

    @Test
    void hourlyFileWithMissingValuesRegistersAreTheRunningSums() throws IOException {
        CsvReplaySourceTest.Recording recording = CsvReplaySourceTest.readPlain(CsvReplaySourceTest.SCHOOL);
        assertThat(recording.nanLines()).hasSize(13);
        long shift = Duration.ofDays(2856).toMillis(); // 2018 moved by 408 whole weeks into the service's history window
        RecordedReplay replay = open(CsvReplaySourceTest.SCHOOL, shift);
        Map<Long, Double> published = drain(replay, CsvReplaySourceTest.POINT);
        assertThat(published).containsExactlyEntriesOf(expected(recording, shift));
        assertThat(published.values()).last().isEqualTo(1000.5 + 266_103.8);
        assertThat(replay.total(CsvReplaySourceTest.POINT)).isEqualByComparingTo("266103.8");
    }

    @Test
    void resumingSkipsWhatWasQueuedBefore() throws IOException {
        CsvReplaySourceTest.Recording recording = CsvReplaySourceTest.readPlain(CsvReplaySourceTest.DAILY);
        Map<Long, Double> all = expected(recording, 0);
        List<Long> timestamps = new ArrayList<>(all.keySet());
        RecordedReplay replay = open(CsvReplaySourceTest.DAILY, 0);
        replay.resumeAt(timestamps.get(500) + 1);
        Map<Long, Double> rest = drain(replay, CsvReplaySourceTest.POINT);
        assertThat(rest.keySet()).containsExactlyElementsOf(timestamps.subList(501, timestamps.size()));
        assertThat(rest.get(timestamps.get(501))).isEqualTo(all.get(timestamps.get(501)));
    }
}
