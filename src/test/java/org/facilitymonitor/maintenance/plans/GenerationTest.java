package org.facilitymonitor.maintenance.plans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.facilitymonitor.maintenance.plans.CalendarRuleTest.date;
import static org.facilitymonitor.maintenance.plans.CalendarRuleTest.instant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GenerationTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Duration NO_LEAD = Duration.ZERO;
    private static final CatchUp ALL = CatchUp.upTo(1000);
    private static final Duration MAX_TICK_GAP = Duration.ofMinutes(90);

    @Test
    void fixedOccurrenceIsGeneratedExactlyWhenItsLeadTimeBegins() {
        CalendarRule rule = CalendarRule.fixed(Interval.monthsOnDay(1, 15), date("2026-01-01"), LocalTime.of(9, 0), BERLIN);
        Duration lead = Duration.ofDays(3);

        assertThat(at("2026-01-12T07:59:59Z").occurrencesToGenerate(rule, lead, Optional.empty(), Optional.empty(), ALL)
                .toGenerate()).isEmpty();
        Generation.Result result = at("2026-01-12T08:00:00Z")
                .occurrencesToGenerate(rule, lead, Optional.empty(), Optional.empty(), ALL);

        assertThat(result.toGenerate()).containsExactly(new Occurrence("2026-01-15",
                instant("2026-01-15T08:00:00Z"), instant("2026-01-12T08:00:00Z")));
        assertThat(result.skipped()).isEmpty();
        assertThat(result.lastKey()).contains("2026-01-15");
        assertThat(at("2026-02-12T07:59:59Z").occurrencesToGenerate(rule, lead, result.lastKey(), Optional.empty(), ALL)
                .toGenerate()).isEmpty();
        assertThat(at("2026-02-12T08:00:00Z").occurrencesToGenerate(rule, lead, result.lastKey(), Optional.empty(), ALL)
                .toGenerate()).extracting(Occurrence::key).containsExactly("2026-02-15");
    }

    @Test
    void leadTimeIsAnExactDurationAcrossTheSpringForward() {
        CalendarRule rule = CalendarRule.fixed(Interval.days(1), date("2026-03-30"), LocalTime.of(9, 0), BERLIN);

        Occurrence occurrence = rule.occurrenceOn(date("2026-03-30"), Duration.ofDays(2));

        assertThat(occurrence.dueAt()).isEqualTo(instant("2026-03-30T07:00:00Z"));
        // 48 hours earlier is 08:00 CET on 28 March, one wall-clock hour before the due time of day.
        assertThat(occurrence.generateAt()).isEqualTo(instant("2026-03-28T07:00:00Z"));
    }

    @Test
    void sameInputsGiveTheSameOccurrencesAndStoringTheLastKeyGivesNothingNew() {
        CalendarRule rule = CalendarRule.fixed(Interval.weeks(1), date("2026-03-02"), LocalTime.of(7, 0), BERLIN);
        Duration lead = Duration.ofDays(2);
        Generation instanceA = at("2026-03-14T12:00:00Z");
        Generation instanceB = at("2026-03-14T12:00:00Z");

        Generation.Result first = instanceA.occurrencesToGenerate(rule, lead, Optional.of("2026-03-02"), Optional.empty(), ALL);
        Generation.Result again = instanceA.occurrencesToGenerate(rule, lead, Optional.of("2026-03-02"), Optional.empty(), ALL);
        Generation.Result otherInstance = instanceB.occurrencesToGenerate(rule, lead, Optional.of("2026-03-02"),
                Optional.empty(), ALL);
        Generation.Result afterStoring = instanceA.occurrencesToGenerate(rule, lead, first.lastKey(), Optional.empty(), ALL);

        assertThat(first.toGenerate()).extracting(Occurrence::key).containsExactly("2026-03-09", "2026-03-16");
        assertThat(again).isEqualTo(first);
        assertThat(otherInstance).isEqualTo(first);
        assertThat(afterStoring.toGenerate()).isEmpty();
        assertThat(afterStoring.lastKey()).isEmpty();
    }

    @Test
    void fixedPlanIgnoresLateAndEarlyCompletions() {
        CalendarRule rule = CalendarRule.fixed(Interval.weeks(2), date("2026-03-02"), LocalTime.of(7, 0), BERLIN);
        Generation generation = at("2026-03-16T06:00:00Z");
        Optional<String> lastGenerated = Optional.of("2026-03-02");

        List<Generation.Result> results = List.of(
                generation.occurrencesToGenerate(rule, NO_LEAD, lastGenerated, Optional.empty(), ALL),
                generation.occurrencesToGenerate(rule, NO_LEAD, lastGenerated, Optional.of(instant("2026-03-05T10:00:00Z")), ALL),
                generation.occurrencesToGenerate(rule, NO_LEAD, lastGenerated, Optional.of(instant("2026-03-01T10:00:00Z")), ALL));

        assertThat(results).allSatisfy(result -> assertThat(result.toGenerate()).containsExactly(
                new Occurrence("2026-03-16", instant("2026-03-16T06:00:00Z"), instant("2026-03-16T06:00:00Z"))));
    }

    @Test
    void floatingPlanStartsOnItsStartAndWaitsForTheCompletion() {
        CalendarRule rule = CalendarRule.floating(Interval.days(14), date("2026-03-02"), LocalTime.of(7, 0), BERLIN);

        Generation.Result first = at("2026-03-02T06:00:00Z")
                .occurrencesToGenerate(rule, NO_LEAD, Optional.empty(), Optional.empty(), ALL);
        Generation.Result stillOpen = at("2026-04-30T00:00:00Z")
                .occurrencesToGenerate(rule, NO_LEAD, first.lastKey(), Optional.empty(), ALL);

        assertThat(first.toGenerate()).extracting(Occurrence::key).containsExactly("2026-03-02");
        assertThat(stillOpen.toGenerate()).isEmpty();
    }

    @Test
    void floatingPlanAfterALateCompletionIsDueOneIntervalAfterIt() {
        CalendarRule rule = CalendarRule.floating(Interval.days(14), date("2026-03-02"), LocalTime.of(7, 0), BERLIN);
        Optional<Instant> completedThreeDaysLate = Optional.of(instant("2026-03-05T10:00:00Z"));

        Generation.Result beforeDue = at("2026-03-19T05:59:59Z")
                .occurrencesToGenerate(rule, NO_LEAD, Optional.of("2026-03-02"), completedThreeDaysLate, ALL);
        Generation.Result due = at("2026-03-19T06:00:00Z")
                .occurrencesToGenerate(rule, NO_LEAD, Optional.of("2026-03-02"), completedThreeDaysLate, ALL);
        Generation.Result repeated = at("2026-03-25T00:00:00Z")
                .occurrencesToGenerate(rule, NO_LEAD, due.lastKey(), completedThreeDaysLate, ALL);

        assertThat(beforeDue.toGenerate()).isEmpty();
        assertThat(due.toGenerate()).containsExactly(
                new Occurrence("2026-03-19", instant("2026-03-19T06:00:00Z"), instant("2026-03-19T06:00:00Z")));
        assertThat(repeated.toGenerate()).isEmpty();
    }

    @Test
    void floatingPlanAfterAnEarlyCompletionComesEarlierThanTheFixedGridWould() {
        CalendarRule rule = CalendarRule.floating(Interval.days(14), date("2026-03-02"), LocalTime.of(7, 0), BERLIN);
        Duration lead = Duration.ofDays(3);
        // The 16 March occurrence was generated on the 13th and completed on the 14th, two days early.
        Optional<Instant> completedEarly = Optional.of(instant("2026-03-14T09:00:00Z"));

        Generation.Result result = at("2026-03-25T06:00:00Z")
                .occurrencesToGenerate(rule, lead, Optional.of("2026-03-16"), completedEarly, ALL);

        // 28 March 07:00 CET; the fixed grid would have said 30 March.
        assertThat(result.toGenerate()).containsExactly(
                new Occurrence("2026-03-28", instant("2026-03-28T06:00:00Z"), instant("2026-03-25T06:00:00Z")));
    }

    @Test
    void floatingMonthlyFromA31stCompletionClampsToFebruary() {
        CalendarRule rule = CalendarRule.floating(Interval.months(1), date("2026-01-01"), LocalTime.of(7, 0), BERLIN);

        Generation.Result result = at("2026-02-28T06:00:00Z").occurrencesToGenerate(rule, NO_LEAD,
                Optional.of("2026-01-01"), Optional.of(instant("2026-01-31T10:00:00Z")), ALL);

        assertThat(result.toGenerate()).extracting(Occurrence::key).containsExactly("2026-02-28");
    }

    @Test
    void tenDayOutageCatchesUpAtMostKAndSkipsTheOlderOnes() {
        CalendarRule rule = CalendarRule.fixed(Interval.days(1), date("2026-01-01"), LocalTime.of(8, 0), BERLIN);
        Generation afterOutage = at("2026-03-11T12:00:00Z");
        Optional<String> lastBeforeOutage = Optional.of("2026-03-01");

        Generation.Result upToThree = afterOutage.occurrencesToGenerate(rule, NO_LEAD, lastBeforeOutage, Optional.empty(),
                CatchUp.upTo(3));
        Generation.Result latestOnly = afterOutage.occurrencesToGenerate(rule, NO_LEAD, lastBeforeOutage, Optional.empty(),
                CatchUp.latestOnly());
        Generation.Result all = afterOutage.occurrencesToGenerate(rule, NO_LEAD, lastBeforeOutage, Optional.empty(), ALL);

        assertThat(upToThree.toGenerate()).extracting(Occurrence::key)
                .containsExactly("2026-03-09", "2026-03-10", "2026-03-11");
        assertThat(upToThree.skipped()).extracting(Occurrence::key).containsExactly("2026-03-02", "2026-03-03",
                "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08");
        assertThat(latestOnly.toGenerate()).extracting(Occurrence::key).containsExactly("2026-03-11");
        assertThat(latestOnly.skipped()).hasSize(9);
        assertThat(all.toGenerate()).hasSize(10).extracting(Occurrence::key).startsWith("2026-03-02").endsWith("2026-03-11");
        assertThat(all.skipped()).isEmpty();
        assertThat(afterOutage.occurrencesToGenerate(rule, NO_LEAD, upToThree.lastKey(), Optional.empty(), CatchUp.upTo(3))
                .toGenerate()).isEmpty();
    }

    @Test
    void catchUpLimitNeverDropsOccurrencesThatAreNotYetDue() {
        CalendarRule rule = CalendarRule.fixed(Interval.days(1), date("2026-01-01"), LocalTime.of(8, 0), BERLIN);

        Generation.Result result = at("2026-03-11T12:00:00Z").occurrencesToGenerate(rule, Duration.ofDays(2),
                Optional.of("2026-03-01"), Optional.empty(), CatchUp.upTo(3));

        // 12 and 13 March are inside the lead time; 14 March's lead time starts tomorrow.
        assertThat(result.toGenerate()).extracting(Occurrence::key)
                .containsExactly("2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13");
        assertThat(result.skipped()).hasSize(7);
    }

    @Test
    void newPlanWithAStartInThePastIsCaughtUpLikeAnOutage() {
        CalendarRule rule = CalendarRule.fixed(Interval.weeks(1), date("2026-01-05"), LocalTime.of(8, 0), BERLIN);

        Generation.Result result = at("2026-02-10T12:00:00Z")
                .occurrencesToGenerate(rule, NO_LEAD, Optional.empty(), Optional.empty(), CatchUp.latestOnly());

        assertThat(result.toGenerate()).extracting(Occurrence::key).containsExactly("2026-02-09");
        assertThat(result.skipped()).extracting(Occurrence::key)
                .containsExactly("2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02");
    }

    @Test
    void schedulerTickingIrregularlyForAYearGeneratesEveryBerlinDailyOccurrenceOnceAndOnTime() {
        CalendarRule rule = CalendarRule.fixed(Interval.days(1), date("2026-01-01"), LocalTime.of(2, 30), BERLIN);

        List<Generated> generated = simulateScheduler(rule, NO_LEAD, instant("2025-12-31T00:00:00Z"),
                instant("2027-01-01T00:00:00Z"), 7);

        assertThat(generated).extracting(g -> g.occurrence().key()).doesNotHaveDuplicates().hasSize(365)
                .startsWith("2026-01-01").endsWith("2026-12-31");
        assertThat(generated).allSatisfy(g -> assertThat(g.at()).isBetween(g.occurrence().generateAt(),
                g.occurrence().generateAt().plus(MAX_TICK_GAP)));
        assertThat(dueOf(generated, "2026-03-29")).isEqualTo(instant("2026-03-29T01:30:00Z"));
        assertThat(dueOf(generated, "2026-10-25")).isEqualTo(instant("2026-10-25T00:30:00Z"));
    }

    @Test
    void schedulerTickingForAYearGeneratesEveryNewYorkMonthEndOnceWithItsLeadTime() {
        CalendarRule rule = CalendarRule.fixed(Interval.monthsOnDay(1, 31), date("2026-01-01"), LocalTime.of(2, 30), NEW_YORK);

        List<Generated> generated = simulateScheduler(rule, Duration.ofDays(5), instant("2025-12-31T00:00:00Z"),
                instant("2027-01-01T00:00:00Z"), 11);

        assertThat(generated).extracting(g -> g.occurrence().key()).containsExactly(
                "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30",
                "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31");
        assertThat(generated).allSatisfy(g -> assertThat(g.at()).isBetween(g.occurrence().generateAt(),
                g.occurrence().generateAt().plus(MAX_TICK_GAP)));
        assertThat(dueOf(generated, "2026-02-28")).isEqualTo(instant("2026-02-28T07:30:00Z"));
        assertThat(dueOf(generated, "2026-03-31")).isEqualTo(instant("2026-03-31T06:30:00Z"));
    }

    @Test
    void keysThatAreNotDatesAndNegativeLeadTimesAreRefused() {
        CalendarRule rule = CalendarRule.fixed(Interval.days(1), date("2026-01-01"), LocalTime.of(8, 0), BERLIN);
        Generation generation = at("2026-03-11T12:00:00Z");

        assertThatThrownBy(() -> generation.occurrencesToGenerate(rule, NO_LEAD, Optional.of("usage-3"), Optional.empty(), ALL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usage-3");
        assertThatThrownBy(() -> generation.occurrencesToGenerate(rule, Duration.ofHours(-1), Optional.empty(),
                Optional.empty(), ALL)).isInstanceOf(IllegalArgumentException.class);
    }

    private record Generated(Occurrence occurrence, Instant at) {
    }

    /** Ticks at random gaps of 1–90 minutes, storing the last key like the scheduler will. */
    private static List<Generated> simulateScheduler(CalendarRule rule, Duration lead, Instant from, Instant to, long seed) {
        Random gaps = new Random(seed);
        List<Generated> generated = new ArrayList<>();
        Optional<String> lastKey = Optional.empty();
        for (Instant now = from; now.isBefore(to); now = now.plus(Duration.ofMinutes(1 + gaps.nextInt(90)))) {
            Generation.Result result = at(now).occurrencesToGenerate(rule, lead, lastKey, Optional.empty(), CatchUp.latestOnly());
            for (Occurrence occurrence : result.toGenerate()) {
                generated.add(new Generated(occurrence, now));
            }
            assertThat(result.skipped()).isEmpty();
            if (result.lastKey().isPresent()) {
                lastKey = result.lastKey();
            }
        }
        return generated;
    }

    private static Instant dueOf(List<Generated> generated, String key) {
        return generated.stream().filter(g -> g.occurrence().key().equals(key)).findFirst().orElseThrow()
                .occurrence().dueAt();
    }

    private static Generation at(String iso) {
        return at(instant(iso));
    }

    private static Generation at(Instant now) {
        return new Generation(Clock.fixed(now, ZoneOffset.UTC));
    }
}
