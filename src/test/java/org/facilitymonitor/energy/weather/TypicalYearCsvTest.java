package org.facilitymonitor.energy.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.facilitymonitor.energy.baseline.TemperatureUnit;
import org.facilitymonitor.platform.ProblemException;
import org.junit.jupiter.api.Test;

/** unit: a site's typical year from daily or hourly CSV rows, and what a bad file is told. */
class TypicalYearCsvTest {

    @Test
    void monthDaysAndDaysOfTheYearGiveTheSame365DailyMeansInFahrenheit() {
        StringBuilder byMonthDay = new StringBuilder("day,temp\n");
        StringBuilder byNumber = new StringBuilder("day,temp\n");
        for (int d = 1; d <= 365; d++) {
            LocalDate day = LocalDate.ofYearDay(2025, d);
            double c = d / 10.0 - 10;
            byMonthDay.append(String.format("%02d-%02d,%s%n", day.getMonthValue(), day.getDayOfMonth(), c));
            byNumber.append(d).append(',').append(c).append('\n');
        }
        TypicalYearCsv.Parsed a = TypicalYearCsv.parse(byMonthDay.toString(), TemperatureUnit.C);
        TypicalYearCsv.Parsed b = TypicalYearCsv.parse(byNumber.toString(), TemperatureUnit.C);
        assertThat(a.dailyF()).containsExactly(b.dailyF());
        assertThat(a.dailyF()[0]).isCloseTo((0.1 - 10) * 9 / 5 + 32, within(1e-9));
        assertThat(a.dailyF()[59]).as("1 March of a common year").isCloseTo((6.0 - 10) * 9 / 5 + 32, within(1e-9));
        assertThat(a.rows()).isEqualTo(365);
    }

    @Test
    void hoursAreAveragedPerDayAndTheLeapDayIsSkipped() {
        StringBuilder csv = new StringBuilder("time,temperature\n");
        for (LocalDate d = LocalDate.parse("2024-01-01"); d.getYear() == 2024; d = d.plusDays(1)) {
            for (int h = 1; h <= 24; h++) {
                csv.append(String.format("%02d-%02d %02d:00,%d%n", d.getMonthValue(), d.getDayOfMonth(), h, h <= 12 ? 40 : 60));
            }
        }
        TypicalYearCsv.Parsed p = TypicalYearCsv.parse(csv.toString(), TemperatureUnit.F);
        assertThat(p.skippedLeapDay()).isEqualTo(24);
        assertThat(p.rows()).isEqualTo(366 * 24);
        assertThat(p.dailyF()).hasSize(365).containsOnly(50.0);
    }

    @Test
    void aBadFileNamesEveryBadLineAndTheMissingDays() {
        String csv = "day,temperature\n01-01,5\n13-01,5\n01-02,warm\n01-03,95\n366,1\n";
        assertThatThrownBy(() -> TypicalYearCsv.parse(csv, TemperatureUnit.C)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.errors()).extracting(f -> f.field() + ": " + f.message()).containsExactly(
                    "line 3: day '13-01' is not MM-DD, MM-DD HH:mm or a day 1…365",
                    "line 4: temperature 'warm' is not a number",
                    "line 5: temperature 95 degC is outside −90…60 °C: check the unit",
                    "line 6: day '366' is not MM-DD, MM-DD HH:mm or a day 1…365",
                    "body: 364 of 365 days have no value: 01-02, 01-03, 01-04, 01-05, 01-06, 01-07, 01-08, 01-09, 01-10, 01-11, …");
            assertThat(e.getMessage()).isEqualTo("5 problem(s); the typical year was not changed");
        });
        assertThatThrownBy(() -> TypicalYearCsv.parse(" ", TemperatureUnit.C)).isInstanceOf(ProblemException.class)
                .hasMessage("empty file");
    }
}
