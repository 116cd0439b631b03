package org.facilitymonitor.energy.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneId;
import org.facilitymonitor.energy.baseline.TemperatureUnit;
import org.facilitymonitor.platform.ProblemException;
import org.junit.jupiter.api.Test;

class WeatherCsvTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void rowsWithOffsetsOrLocalTimesLandInTheirHourConvertedToCelsius() {
        WeatherCsv.Parsed p = WeatherCsv.parse("""
                time,temp_f
                2026-01-05T07:00:00+01:00,50
                2026-01-05T07:30:00+01:00,52
                2026-01-05 08:00,
                2026-01-05T08:00,nan
                2026-01-05T09:00,32
                2026-01-05T09:00:00Z,95
                """, BERLIN, TemperatureUnit.F);
        assertThat(p.rows()).isEqualTo(6);
        assertThat(p.skippedEmpty()).isEqualTo(2);
        assertThat(p.hourlyC()).hasSize(3).containsOnlyKeys(Instant.parse("2026-01-05T06:00:00Z"),
                Instant.parse("2026-01-05T08:00:00Z"), Instant.parse("2026-01-05T09:00:00Z"));
        assertThat(p.hourlyC().get(Instant.parse("2026-01-05T06:00:00Z"))).isCloseTo((10 + 100.0 / 9) / 2, within(1e-12)); // 50 °F and 52 °F in one hour
        assertThat(p.hourlyC().get(Instant.parse("2026-01-05T08:00:00Z"))).isCloseTo(0, within(1e-12));
        assertThat(p.hourlyC().get(Instant.parse("2026-01-05T09:00:00Z"))).isCloseTo(35, within(1e-12));
    }

    @Test
    void everyBadRowIsNamedAndNothingIsImported() {
        assertThatThrownBy(() -> WeatherCsv.parse("""
                time,temperature
                2026-01-05T07:00:00Z,4.5
                yesterday,3
                2026-01-05T09:00:00Z,warm
                2026-01-05T10:00:00Z,450
                2026-01-05T11:00:00Z
                """, BERLIN, TemperatureUnit.C))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("4 bad row(s); nothing was imported");
                    assertThat(e.errors()).extracting(ProblemException.FieldError::field)
                            .containsExactly("line 3", "line 4", "line 5", "line 6");
                    assertThat(e.errors().get(0).message()).startsWith("time 'yesterday' is not ISO-8601");
                    assertThat(e.errors().get(1).message()).isEqualTo("temperature 'warm' is not a number");
                    assertThat(e.errors().get(2).message()).isEqualTo("temperature 450 degC is outside −90…60 °C: check the unit");
                    assertThat(e.errors().get(3).message()).isEqualTo("two columns (time,temperature) expected, found 1");
                });
    }

    @Test
    void anEmptyBodyOrAOneColumnHeaderIsRefused() {
        assertThatThrownBy(() -> WeatherCsv.parse("  ", BERLIN, TemperatureUnit.C)).hasMessage("empty file");
        assertThatThrownBy(() -> WeatherCsv.parse("time\n2026-01-05T07:00:00Z\n", BERLIN, TemperatureUnit.C))
                .hasMessage("bad header");
    }
}
