package org.facilitymonitor.energy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.facilitymonitor.energy.IntervalLength.Interval;
import org.junit.jupiter.api.Test;

/** Unit: the local calendar grid, DST days included. */
class IntervalLengthTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void springDayHas23HoursAnd92QuarterHours() {
        Instant start = Instant.parse("2026-03-28T23:00:00Z");
        Interval day = IntervalLength.DAY.covering(BERLIN, start, start.plusSeconds(1)).get(0);
        assertThat(Duration.between(day.start(), day.end())).isEqualTo(Duration.ofHours(23));
        assertThat(IntervalLength.HOUR.covering(BERLIN, day.start(), day.end())).hasSize(23);
        assertThat(IntervalLength.QUARTER_HOUR.covering(BERLIN, day.start(), day.end())).hasSize(92);
    }

    @Test
    void autumnDayHas25HoursWithTwoLocalHoursFromTwo() {
        Instant start = Instant.parse("2026-10-24T22:00:00Z");
        Interval day = IntervalLength.DAY.covering(BERLIN, start, start.plusSeconds(1)).get(0);
        assertThat(day.end()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
        List<Interval> hours = IntervalLength.HOUR.covering(BERLIN, day.start(), day.end());
        assertThat(hours).hasSize(25);
        assertThat(hours.get(2).start()).isEqualTo(Instant.parse("2026-10-25T00:00:00Z"));
        assertThat(hours.get(3).start()).isEqualTo(Instant.parse("2026-10-25T01:00:00Z"));
        assertThat(IntervalLength.QUARTER_HOUR.covering(BERLIN, day.start(), day.end())).hasSize(100);
    }

    @Test
    void monthsAndYearsFollowTheLocalCalendar() {
        Instant t = Instant.parse("2026-03-31T22:30:00Z"); // 00:30 on 1 April in Berlin
        Interval month = IntervalLength.MONTH.covering(BERLIN, t, t.plusSeconds(1)).get(0);
        assertThat(month.start()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
        assertThat(month.end()).isEqualTo(Instant.parse("2026-04-30T22:00:00Z"));
        Interval year = IntervalLength.YEAR.covering(BERLIN, t, t.plusSeconds(1)).get(0);
        assertThat(year.start()).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
        assertThat(IntervalLength.fromCode("1mo")).contains(IntervalLength.MONTH);
        assertThat(IntervalLength.MONTH.measurement()).isEqualTo("consumption_1mo");
    }

    @Test
    void halfHourOffsetsGetLocalHours() {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        Instant t = Instant.parse("2026-05-01T10:10:00Z"); // 15:40 local
        Interval hour = IntervalLength.HOUR.covering(kolkata, t, t.plusSeconds(1)).get(0);
        assertThat(hour.start()).isEqualTo(Instant.parse("2026-05-01T09:30:00Z"));
        Interval quarter = IntervalLength.QUARTER_HOUR.covering(kolkata, t, t.plusSeconds(1)).get(0);
        assertThat(quarter.start()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
    }
}
