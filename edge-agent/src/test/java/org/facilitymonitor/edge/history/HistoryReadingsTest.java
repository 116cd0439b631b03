package org.facilitymonitor.edge.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.facilitymonitor.edge.contract.Reading;
import org.junit.jupiter.api.Test;

/** The energy benchmark's meter history: time-major, every step of every meter once, rising registers, holes left out. */
class HistoryReadingsTest {

    private static final long STEP = 900_000;

    @Test
    void everyMeterEveryStepOnceTimeMajorWithRisingRegistersAndTheHolesLeftOut() {
        long from = 1_700_000_100_000L / STEP * STEP;
        long to = from + 8 * STEP;
        Set<HistoryReadings.Hole> holes = Set.of(new HistoryReadings.Hole("m1", from + 3 * STEP));
        HistoryReadings history = new HistoryReadings(List.of("m1", "m2", "m3"), from, to, STEP, holes);
        assertThat(history.total()).isEqualTo(3 * 8 - 1);

        List<Reading> all = new ArrayList<>();
        while (history.hasNext()) {
            List<Reading> batch = history.next(5);
            assertThat(batch.size()).isLessThanOrEqualTo(5);
            all.addAll(batch);
        }
        assertThat(all).hasSize(23);
        assertThat(all.subList(0, 4)).extracting(Reading::point).containsExactly("m1", "m2", "m3", "m1");
        assertThat(all).extracting(Reading::ts).isSorted().allMatch(ts -> ts >= from && ts < to && ts % STEP == 0);
        assertThat(all).noneMatch(r -> r.point().equals("m1") && r.ts() == from + 3 * STEP);
        for (String meter : List.of("m1", "m2", "m3")) {
            List<Double> values = all.stream().filter(r -> r.point().equals(meter)).map(r -> (Double) r.value()).toList();
            for (int i = 1; i < values.size(); i++) {
                assertThat(values.get(i)).isGreaterThan(values.get(i - 1));
            }
        }
        assertThat(all.get(0).value()).isEqualTo(1_000.0);
        assertThat(all.get(1).value()).isEqualTo(1_010.0);
    }

    @Test
    void holesAreTheFirstMetersReadingsADayApartFromTheMiddleWithinTheHistory() {
        long from = 0;
        long end = 10 * 86_400_000L;
        Set<HistoryReadings.Hole> holes = HistoryCommand.holes(List.of("a", "b"), from, end, STEP, 3);
        assertThat(holes).containsExactly(new HistoryReadings.Hole("a", 5 * 86_400_000L),
                new HistoryReadings.Hole("a", 6 * 86_400_000L + STEP), new HistoryReadings.Hole("a", 7 * 86_400_000L + 2 * STEP));
        assertThat(HistoryCommand.holes(List.of("a"), from, 2 * 86_400_000L, STEP, 5)).hasSize(1);
    }
}
