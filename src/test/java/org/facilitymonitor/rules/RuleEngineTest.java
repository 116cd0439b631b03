package org.facilitymonitor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleEngineTest {

    static final long T0 = 1_768_471_200_000L; // 2026-01-15T10:00Z
    static final long MIN = 60_000;

    static RuleSpec rule(long id, String point, RuleSpec.Condition c) {
        return new RuleSpec(id, "rule " + id, "demo-campus", "asset-" + point, point, Severity.MAJOR, false, c);
    }

    static RuleEngine engine(RuleSpec... rules) {
        RuleEngine e = new RuleEngine();
        e.load(List.of(rules), Set.of());
        return e;
    }

    /** Feeds (minute offset, value) pairs; returns "RAISE@m" / "CLEAR@m" strings. */
    static List<String> feed(RuleEngine e, String point, double[][] minuteValues) {
        List<String> out = new ArrayList<>();
        for (double[] mv : minuteValues) {
            long ts = T0 + (long) (mv[0] * MIN);
            for (RuleEvent ev : e.apply(point, ts, mv[1])) {
                out.add(ev.type() + "@" + (long) mv[0]);
            }
        }
        return out;
    }

    @Test
    void thresholdFiresOnlyAfterTheDurationAndClearsWithHysteresis() {
        RuleEngine e = engine(rule(1, "dp", new RuleSpec.Threshold(RuleSpec.Direction.ABOVE, 250, Duration.ofMinutes(10),
                240, Duration.ofMinutes(5))));
        List<String> events = feed(e, "dp", new double[][] {
                {0, 245}, {1, 255}, {5, 260}, {9, 249}, // a dip resets the timer
                {10, 251}, {15, 252}, {19, 253}, {20, 254}, // above from minute 10: fires at 20
                {25, 245}, // below the limit but above the clear level: stays
                {30, 239}, {34, 238}, {35, 239}, // below 240 from 30: clears at 35
                {36, 300}});
        assertThat(events).containsExactly("RAISE@20", "CLEAR@35");
    }

    @Test
    void theRaiseCarriesTheValueAndAMessageNamingPointLimitAndDuration() {
        RuleEngine e = engine(rule(1, "temp", new RuleSpec.Threshold(RuleSpec.Direction.BELOW, 5, Duration.ZERO, 6,
                Duration.ZERO)));
        List<RuleEvent> ev = e.apply("temp", T0, 4.5);
        assertThat(ev).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(RuleEvent.Type.RAISE);
            assertThat(x.value()).isEqualTo(4.5);
            assertThat(x.message()).contains("temp", "4.500", "below", "5");
        });
        assertThat(e.apply("temp", T0 + MIN, 5.5)).as("not yet above the clear level 6").isEmpty();
        assertThat(e.apply("temp", T0 + 2 * MIN, 6.5)).extracting(RuleEvent::type).containsExactly(RuleEvent.Type.CLEAR);
    }

    @Test
    void rateOfChangeNeedsHalfAWindowAndClearsBelowEightyPercent() {
        RuleEngine e = engine(rule(2, "vib", new RuleSpec.RateOfChange(RuleSpec.Direction.ABOVE, 6, Duration.ofMinutes(20))));
        // +0.05/min = 3/h, then +0.2/min = 12/h
        List<String> events = feed(e, "vib", new double[][] {
                {0, 2.0}, {5, 2.25}, {10, 2.5}, {15, 2.75}, {20, 3.0},
                {25, 4.0}, {30, 5.0}, {35, 6.0}, {40, 7.0},
                {45, 7.1}, {50, 7.2}, {55, 7.3}, {60, 7.4}, {65, 7.5}});
        assertThat(events).containsExactly("RAISE@30", "CLEAR@55");
    }

    @Test
    void burnerShortCyclingIsMoreStartsPerHourThanAllowed() {
        RuleEngine e = engine(rule(3, "burner", new RuleSpec.StartsPerWindow(6, Duration.ofHours(1))));
        List<double[]> samples = new ArrayList<>();
        for (int m = 0; m < 120; m++) { // 20-minute cycles: 3 starts per hour
            samples.add(new double[] {m, m % 20 < 10 ? 1 : 0});
        }
        for (int m = 120; m < 240; m++) { // 4-minute cycles: 15 starts per hour
            samples.add(new double[] {m, m % 4 < 2 ? 1 : 0});
        }
        for (int m = 240; m < 360; m++) {
            samples.add(new double[] {m, m % 20 < 10 ? 1 : 0});
        }
        List<String> events = feed(e, "burner", samples.toArray(new double[0][]));
        // starts at 80 and 100 still in the hour, then 120, 124, 128, 132, 136: the 7th at 136;
        // at 289 the hour (229, 289] holds 232, 236, 240, 260, 280: 5, below 6, so it clears
        assertThat(events).containsExactly("RAISE@136", "CLEAR@289");
    }

    @Test
    void aFallingRegisterIsAnAnomalyClearedByNormalCountingAndSpikesToo() {
        RuleEngine e = engine(rule(4, "kwh", new RuleSpec.CounterAnomaly(100, 3)));
        List<String> events = feed(e, "kwh", new double[][] {
                {0, 1000}, {1, 1001}, {2, 1002}, {3, 0.5}, // reset
                {4, 1.5}, {5, 2.5}, {6, 3.5}, // three normal steps clear it
                {7, 4.5}, {8, 50}}); // 45.5 kWh in a minute = 2,730 per hour
        assertThat(events).containsExactly("RAISE@3", "CLEAR@6", "RAISE@8");
    }

    @Test
    void aLeakKeepsTheNightFlowAboveTheBaseAndANormalNightClearsIt() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        RuleSpec r = rule(5, "flow", new RuleSpec.NightFlow(LocalTime.of(2, 0), LocalTime.of(4, 0), 0.2, berlin));
        RuleEngine e = engine(r);
        List<String> events = new ArrayList<>();
        ZonedDateTime start = ZonedDateTime.of(2026, 1, 12, 0, 0, 0, 0, berlin);
        for (int day = 0; day < 4; day++) {
            for (int q = 0; q < 96; q++) { // every 15 min
                ZonedDateTime t = start.plusDays(day).plusMinutes(15L * q);
                boolean night = t.getHour() >= 2 && t.getHour() < 4;
                double base = night ? 0.05 : 1.5;
                double leak = day == 1 || day == 2 ? 0.4 : 0; // leaking on the 2nd and 3rd day
                for (RuleEvent ev : e.apply("flow", t.toInstant().toEpochMilli(), base + leak)) {
                    events.add(ev.type() + " " + t.toLocalDate() + "T" + t.toLocalTime());
                    if (ev.type() == RuleEvent.Type.RAISE) {
                        assertThat(ev.value()).isEqualTo(0.45, org.assertj.core.data.Offset.offset(1e-9));
                        assertThat(ev.message()).contains("never below 0.200", "02:00", "04:00", "2026-01-13");
                    }
                }
            }
        }
        // judged at the first reading after 04:00
        assertThat(events).containsExactly("RAISE 2026-01-13T04:00", "CLEAR 2026-01-15T04:00");
    }

    @Test
    void lateReadingsAreIgnoredAndReloadingKeepsUnchangedRulesState() {
        RuleSpec r = rule(6, "dp", new RuleSpec.Threshold(RuleSpec.Direction.ABOVE, 100, Duration.ofMinutes(5), 90,
                Duration.ZERO));
        RuleEngine e = engine(r);
        feed(e, "dp", new double[][] {{0, 120}, {3, 120}});
        assertThat(e.apply("dp", T0 + MIN, 50)).isEmpty();
        assertThat(e.ignoredLateReadings()).isEqualTo(1);
        RuleSpec other = rule(7, "x", new RuleSpec.Threshold(RuleSpec.Direction.ABOVE, 1, Duration.ZERO, 0, Duration.ZERO));
        e.load(List.of(r, other), Set.of());
        assertThat(feed(e, "dp", new double[][] {{5, 120}})).as("the 5 minutes still count from minute 0")
                .containsExactly("RAISE@5");
    }

    @Test
    void aRuleActiveBeforeARestartIsClearedNotRaisedAgain() {
        RuleSpec r = rule(8, "dp", new RuleSpec.Threshold(RuleSpec.Direction.ABOVE, 100, Duration.ZERO, 90, Duration.ZERO));
        RuleEngine e = new RuleEngine();
        e.load(List.of(r), Set.of(8L));
        assertThat(feed(e, "dp", new double[][] {{0, 150}, {1, 80}})).containsExactly("CLEAR@1");
    }

    @Test
    void meterBalanceRulesAreNotJudgedOnReadings() {
        RuleEngine e = engine(rule(9, "meter", new RuleSpec.MeterBalance(null, null)));
        assertThat(e.watches("meter")).isFalse();
        assertThat(e.apply("meter", T0, 1e9)).isEmpty();
    }
}
