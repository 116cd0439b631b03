package org.facilitymonitor.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.facilitymonitor.energy.IntervalLength.Interval;
import org.facilitymonitor.energy.registers.IntervalFigures;
import org.facilitymonitor.energy.registers.RegisterCurve;
import org.facilitymonitor.energy.registers.RegisterCurve.Step;
import org.facilitymonitor.energy.registers.RegisterPolicy;
import org.facilitymonitor.energy.registers.Rollups;
import org.junit.jupiter.api.Test;

/** Unit: consumption from register readings, by the boundary rule (linear between readings). */
class RegisterCurveTest {

    private static final long MIN = 60_000;
    private static final long T0 = Instant.parse("2026-03-10T10:00:00Z").toEpochMilli();
    private static final RegisterPolicy KWH = new RegisterPolicy(1.0, null, 60 * MIN);

    @Test
    void spreadsTheIncreaseLinearlyBetweenReadings() {
        // 100 at 10:00, 130 at 10:20: 1.5 per minute, so 22.5 in [10:00, 10:15) and 7.5 in [10:15, 10:30)
        RegisterCurve c = RegisterCurve.of(new long[] { T0, T0 + 20 * MIN }, new double[] { 100, 130 }, KWH);
        assertThat(c.consumption(T0, T0 + 15 * MIN)).isEqualTo(22.5);
        assertThat(c.consumption(T0 + 15 * MIN, T0 + 30 * MIN)).isEqualTo(7.5);
        assertThat(c.coverage(T0 + 15 * MIN, T0 + 30 * MIN)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void adjacentIntervalsAddUpToTheRegisterDifference() {
        long[] ts = { T0 + 7 * MIN, T0 + 11 * MIN, T0 + 29 * MIN, T0 + 44 * MIN, T0 + 61 * MIN, T0 + 97 * MIN };
        double[] v = { 1000.0, 1003.7, 1010.1, 1010.1, 1025.35, 1040.0 };
        RegisterCurve c = RegisterCurve.of(ts, v, KWH);
        double sum = 0;
        for (long q = T0; q < T0 + 120 * MIN; q += 15 * MIN) {
            sum += c.consumption(q, q + 15 * MIN);
        }
        assertThat(sum).isCloseTo(40.0, within(1e-9));
        assertThat(c.consumption(ts[1], ts[4])).isCloseTo(1025.35 - 1003.7, within(1e-9));
    }

    @Test
    void rolloverCountsTheWayRoundTheModulus() {
        // a five-digit register with one decimal: 99,999.9 is its last value, 100,000 wraps to 0
        RegisterPolicy wrapping = new RegisterPolicy(1.0, 100_000.0, 60 * MIN);
        RegisterCurve c = RegisterCurve.of(new long[] { T0, T0 + 15 * MIN, T0 + 30 * MIN },
                new double[] { 99_998.7, 99_999.9, 0.6 }, wrapping);
        assertThat(c.consumption(T0, T0 + 15 * MIN)).isCloseTo(1.2, within(1e-9));
        assertThat(c.consumption(T0 + 15 * MIN, T0 + 30 * MIN)).isCloseTo(0.7, within(1e-9));
        assertThat(c.count(Step.ROLLOVER, T0 + 15 * MIN, T0 + 30 * MIN)).isEqualTo(1);
        assertThat(c.count(Step.RESET, T0, T0 + 30 * MIN)).isZero();
    }

    @Test
    void aFallThatIsNoRolloverIsAResetCountedFromZero() {
        // reset between 10:05 and 10:10: the new register reads 3 at 10:10, so 3 more were used then
        RegisterCurve c = RegisterCurve.of(new long[] { T0, T0 + 5 * MIN, T0 + 10 * MIN, T0 + 15 * MIN },
                new double[] { 500, 505, 3, 8 }, new RegisterPolicy(1.0, 100_000.0, 60 * MIN));
        assertThat(c.consumption(T0, T0 + 15 * MIN)).isCloseTo(5 + 3 + 5, within(1e-9));
        assertThat(c.count(Step.RESET, T0, T0 + 15 * MIN)).isEqualTo(1);
        IntervalFigures f = Rollups.fromCurve(c, IntervalLength.QUARTER_HOUR,
                new Interval(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 15 * MIN)), ZoneId.of("UTC"), d -> 1.0);
        assertThat(f.estimated()).isTrue();
        assertThat(f.value()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void readingsOutOfOrderAndRedeliveredGiveTheSameCurve() {
        RegisterCurve ordered = RegisterCurve.of(new long[] { T0, T0 + 10 * MIN, T0 + 20 * MIN },
                new double[] { 10, 12, 17 }, KWH);
        RegisterCurve shuffled = RegisterCurve.of(new long[] { T0 + 20 * MIN, T0, T0 + 10 * MIN, T0 + 20 * MIN },
                new double[] { 17, 10, 12, 17 }, KWH);
        assertThat(shuffled.readings()).isEqualTo(3);
        assertThat(shuffled.consumption(T0 + 5 * MIN, T0 + 15 * MIN))
                .isEqualTo(ordered.consumption(T0 + 5 * MIN, T0 + 15 * MIN)).isCloseTo(3.5, within(1e-12));
    }

    @Test
    void aGapLeavesItsTimeUncoveredButKeepsTheTotal() {
        // readings 3 hours apart with a 1-hour gap limit: the increase is spread, but nothing is covered
        RegisterCurve c = RegisterCurve.of(new long[] { T0 - 15 * MIN, T0, T0 + 180 * MIN },
                new double[] { 0, 1, 31 }, KWH);
        assertThat(c.consumption(T0, T0 + 60 * MIN)).isCloseTo(10, within(1e-12));
        assertThat(c.coverage(T0 - 15 * MIN, T0 + 15 * MIN)).isEqualTo(0.5);
        assertThat(c.coverage(T0 + 60 * MIN, T0 + 120 * MIN)).isZero();
        assertThat(c.consumption(T0 - 60 * MIN, T0 + 240 * MIN)).isCloseTo(31, within(1e-12));
        assertThat(c.coverage(T0 + 180 * MIN, T0 + 195 * MIN)).as("after the last reading").isZero();
    }

    @Test
    void unitsConvertToTheCanonicalUnit() {
        RegisterCurve wh = RegisterCurve.of(new long[] { T0, T0 + 60 * MIN }, new double[] { 1_000, 3_500 },
                new RegisterPolicy(0.001, null, 60 * MIN));
        assertThat(wh.consumption(T0, T0 + 60 * MIN)).isCloseTo(2.5, within(1e-12));
    }

    @Test
    void daysSummedFromHoursEqualTheCurveOnDstDays() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant springStart = Instant.parse("2026-03-28T23:00:00Z");
        Instant autumnStart = Instant.parse("2026-10-24T22:00:00Z");
        for (Instant dayStart : List.of(springStart, autumnStart)) {
            Instant dayEnd = IntervalLength.DAY.next(dayStart.atZone(berlin)).toInstant();
            long[] ts = new long[200];
            double[] v = new double[200];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = dayStart.toEpochMilli() - 60 * MIN + i * 10 * MIN;
                v[i] = 1000 + i * 2.5 + (i % 3) * 0.1;
            }
            RegisterCurve c = RegisterCurve.of(ts, v, KWH);
            List<Interval> hours = IntervalLength.HOUR.covering(berlin, dayStart, dayEnd);
            List<IntervalFigures> figures = hours.stream()
                    .map(h -> Rollups.fromCurve(c, IntervalLength.HOUR, h, berlin, d -> 1.0)).toList();
            Interval day = IntervalLength.DAY.covering(berlin, dayStart, dayStart.plusSeconds(1)).get(0);
            IntervalFigures summed = Rollups.sum(IntervalLength.DAY, day, figures);
            assertThat(summed.value()).isCloseTo(c.consumption(day.startMs(), day.endMs()), within(1e-9));
            assertThat(summed.coverage()).isCloseTo(1.0, within(1e-12));
            assertThat(summed.estimated()).isFalse();
        }
    }
}
