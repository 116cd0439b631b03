package org.facilitymonitor.maintenance.plans;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.THURSDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalendarRuleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalTime EIGHT = LocalTime.of(8, 0);

    @Test
    void monthlyOnThe31stTakesEachMonthsLastDayAndReturnsToThe31st() {
        CalendarRule rule = CalendarRule.fixed(Interval.monthsOnDay(1, 31), date("2026-01-01"), EIGHT, BERLIN);

        assertThat(rule.fixedDates(date("2026-01-01"), date("2026-12-31"))).containsExactlyElementsOf(dates(
                "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30",
                "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31"));
        assertThat(rule.fixedDates(date("2028-02-01"), date("2028-03-31"))).containsExactlyElementsOf(dates(
                "2028-02-29", "2028-03-31"));
    }

    @Test
    void monthlyFromA31stStartKeepsTheStartsDayOfMonth() {
        CalendarRule rule = CalendarRule.fixed(Interval.months(1), date("2026-01-31"), EIGHT, BERLIN);

        assertThat(rule.fixedDates(date("2026-01-01"), date("2026-05-31"))).containsExactlyElementsOf(dates(
                "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"));
    }

    @Test
    void quarterlyOnThe30thDoesNotDriftAfterFebruary() {
        CalendarRule rule = CalendarRule.fixed(Interval.monthsOnDay(3, 30), date("2025-11-30"), EIGHT, BERLIN);

        assertThat(rule.fixedDates(date("2025-11-01"), date("2026-08-31"))).containsExactlyElementsOf(dates(
                "2025-11-30", "2026-02-28", "2026-05-30", "2026-08-30"));
    }

    @Test
    void lastDayOfMonthFollowsLeapFebruary() {
        CalendarRule monthly = CalendarRule.fixed(Interval.monthsOnLastDay(1), date("2028-01-15"), EIGHT, BERLIN);
        CalendarRule quarterly = CalendarRule.fixed(Interval.monthsOnLastDay(3), date("2026-01-01"), EIGHT, BERLIN);

        assertThat(monthly.fixedDates(date("2028-01-01"), date("2028-04-30"))).containsExactlyElementsOf(dates(
                "2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"));
        assertThat(quarterly.fixedDates(date("2026-01-01"), date("2026-12-31"))).containsExactlyElementsOf(dates(
                "2026-01-31", "2026-04-30", "2026-07-31", "2026-10-31"));
    }

    @Test
    void monthlyOnADayBeforeTheStartBeginsNextMonth() {
        CalendarRule rule = CalendarRule.fixed(Interval.monthsOnDay(1, 10), date("2026-01-15"), EIGHT, BERLIN);

        assertThat(rule.fixedDates(date("2026-01-01"), date("2026-03-31"))).containsExactlyElementsOf(dates(
                "2026-02-10", "2026-03-10"));
    }

    @Test
    void yearlyFrom29FebruaryFallsOn28FebruaryInCommonYears() {
        CalendarRule rule = CalendarRule.fixed(Interval.years(1), date("2028-02-29"), EIGHT, BERLIN);

        assertThat(rule.fixedDates(date("2028-01-01"), date("2032-12-31"))).containsExactlyElementsOf(dates(
                "2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"));
    }

    @Test
    void everyOtherWeekOnMondayAndThursdayCountsWeeksFromTheStartsWeek() {
        // Start on Wednesday 4 March: that week's Monday is before the start, its Thursday is not.
        CalendarRule rule = CalendarRule.fixed(Interval.weeksOn(2, THURSDAY, MONDAY), date("2026-03-04"), EIGHT, BERLIN);

        assertThat(rule.fixedDates(date("2026-03-01"), date("2026-04-02"))).containsExactlyElementsOf(dates(
                "2026-03-05", "2026-03-16", "2026-03-19", "2026-03-30", "2026-04-02"));
        assertThat(rule.fixedDates(date("2026-03-17"), date("2026-03-30"))).containsExactlyElementsOf(dates(
                "2026-03-19", "2026-03-30"));
    }

    @Test
    void everyThreeDaysFromTheMiddleOfTheSeriesStaysOnTheStartsGrid() {
        CalendarRule rule = CalendarRule.fixed(Interval.days(3), date("2026-01-01"), EIGHT, BERLIN);

        assertThat(rule.fixedDates(date("2026-12-25"), date("2027-01-03"))).containsExactlyElementsOf(dates(
                "2026-12-27", "2026-12-30", "2027-01-02"));
    }

    @Test
    void springForwardGapMovesTheDueTimeForwardInBerlin() {
        CalendarRule rule = CalendarRule.fixed(Interval.days(1), date("2026-03-28"), LocalTime.of(2, 30), BERLIN);

        assertThat(rule.fixedDates(date("2026-03-28"), date("2026-03-30")).stream().map(d -> rule.dueAt(d).toInstant()))
                .containsExactly(instant("2026-03-28T01:30:00Z"), instant("2026-03-29T01:30:00Z"),
                        instant("2026-03-30T00:30:00Z"));
        assertThat(rule.dueAt(date("2026-03-29")).toLocalTime()).isEqualTo(LocalTime.of(3, 30));
    }

    @Test
    void fallBackOverlapTakesTheEarlierOffsetInBerlin() {
        CalendarRule rule = CalendarRule.fixed(Interval.days(1), date("2026-10-24"), LocalTime.of(2, 30), BERLIN);

        assertThat(rule.fixedDates(date("2026-10-24"), date("2026-10-26")).stream().map(d -> rule.dueAt(d).toInstant()))
                .containsExactly(instant("2026-10-24T00:30:00Z"), instant("2026-10-25T00:30:00Z"),
                        instant("2026-10-26T01:30:00Z"));
    }

    @Test
    void weeklySundayPlanAcrossBerlinFallBack() {
        CalendarRule rule = CalendarRule.fixed(Interval.weeks(1), date("2026-10-18"), LocalTime.of(2, 30), BERLIN);

        assertThat(rule.fixedDates(date("2026-10-18"), date("2026-11-01")).stream().map(d -> rule.dueAt(d).toInstant()))
                .containsExactly(instant("2026-10-18T00:30:00Z"), instant("2026-10-25T00:30:00Z"),
                        instant("2026-11-01T01:30:00Z"));
    }

    @Test
    void newYorkSpringForwardAndWeeklyAcrossFallBack() {
        CalendarRule daily = CalendarRule.fixed(Interval.days(1), date("2026-03-07"), LocalTime.of(2, 30), NEW_YORK);
        CalendarRule weekly = CalendarRule.fixed(Interval.weeks(1), date("2026-10-25"), LocalTime.of(1, 30), NEW_YORK);

        assertThat(daily.fixedDates(date("2026-03-07"), date("2026-03-09")).stream().map(d -> daily.dueAt(d).toInstant()))
                .containsExactly(instant("2026-03-07T07:30:00Z"), instant("2026-03-08T07:30:00Z"),
                        instant("2026-03-09T06:30:00Z"));
        // 01:30 on 1 November happens twice; the first one (EDT) is the occurrence.
        assertThat(weekly.fixedDates(date("2026-10-25"), date("2026-11-08")).stream().map(d -> weekly.dueAt(d).toInstant()))
                .containsExactly(instant("2026-10-25T05:30:00Z"), instant("2026-11-01T05:30:00Z"),
                        instant("2026-11-08T06:30:00Z"));
    }

    @Test
    void wallClockTimeIsKeptAcrossDstSoUtcShifts() {
        CalendarRule rule = CalendarRule.fixed(Interval.days(1), date("2026-03-28"), LocalTime.of(9, 0), BERLIN);

        assertThat(rule.dueAt(date("2026-03-28")).toInstant()).isEqualTo(instant("2026-03-28T08:00:00Z"));
        assertThat(rule.dueAt(date("2026-03-29")).toInstant()).isEqualTo(instant("2026-03-29T07:00:00Z"));
    }

    @Test
    void floatingDateCountsFromTheSiteLocalCompletionDate() {
        CalendarRule fortnightly = CalendarRule.floating(Interval.days(14), date("2026-03-01"), EIGHT, BERLIN);
        CalendarRule monthly = CalendarRule.floating(Interval.months(1), date("2026-01-01"), EIGHT, BERLIN);

        // 23:30 UTC on 10 March is already 11 March in Berlin.
        assertThat(fortnightly.floatingDateAfter(instant("2026-03-10T23:30:00Z"))).isEqualTo(date("2026-03-25"));
        assertThat(fortnightly.floatingDateAfter(instant("2026-03-10T22:30:00Z"))).isEqualTo(date("2026-03-24"));
        assertThat(monthly.floatingDateAfter(instant("2026-01-31T10:00:00Z"))).isEqualTo(date("2026-02-28"));
    }

    @Test
    void floatingPlansCannotBePinnedToADay() {
        assertThatThrownBy(() -> CalendarRule.floating(Interval.weeksOn(1, MONDAY), date("2026-01-01"), EIGHT, BERLIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOATING");
        assertThatThrownBy(() -> CalendarRule.floating(Interval.monthsOnLastDay(1), date("2026-01-01"), EIGHT, BERLIN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CalendarRule.floating(Interval.monthsOnDay(1, 15), date("2026-01-01"), EIGHT, BERLIN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonsensicalIntervalsAreRefused() {
        assertThatThrownBy(() -> Interval.days(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Interval.monthsOnDay(1, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Interval.monthsOnDay(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    static Instant instant(String iso) {
        return Instant.parse(iso);
    }

    private static List<LocalDate> dates(String... iso) {
        return Arrays.stream(iso).map(LocalDate::parse).toList();
    }
}
