package org.facilitymonitor.energy.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenDoubles;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.testing.StackTestResource;
import org.junit.jupiter.api.Test;

/**
 * A site's outdoor temperature from its weather station's readings and an hourly import: daily means
 * of local days with the sufficiency rule (more than half of the day's hours, also on the 23-hour day
 * the clocks go forward), the point winning over an imported hour, degree days for any base in °C and °F.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class WeatherRestTest {

    private static final String SITE = """
            site: {id: wx-campus, name: Weather campus, timezone: Europe/Berlin}
            buildings: [{id: wx-hall, name: Hall}]
            assets:
              - {id: wx-station, name: Roof station, kind: Weather_Station, building: wx-hall,
                 points: [{id: wx-outdoor, name: T, quantity: temperature, unit: degC, kind: instantaneous,
                           measurement: weather, field: outdoor_temp_c},
                          {id: wx-humidity, name: H, quantity: humidity, unit: percent, kind: instantaneous,
                           measurement: weather, field: humidity_pct}]}
            """;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Inject
    TelemetryWriter writer;

    @Test
    void dailyMeansNeedMoreThanHalfOfTheDaysHoursAndDegreeDaysFollowAnyBase() throws Exception {
        given().contentType("application/yaml").body(SITE.getBytes(StandardCharsets.UTF_8)).post("/api/sites/import")
                .then().statusCode(200);
        given().get("/api/energy/sites/wx-campus/weather/source").then().statusCode(200)
                .body("point", equalTo("wx-outdoor")).body("configured", equalTo(false));

        List<String> lines = new ArrayList<>();
        LocalDate full = LocalDate.parse("2026-03-27");
        for (int h = 0; h < 24; h++) {
            reading(lines, full, h, 0, h);
        }
        reading(lines, full, 0, 30, 2); // a second reading in the first hour: that hour's mean is 1
        LocalDate half = full.plusDays(1);
        for (int h = 0; h < 12; h++) {
            reading(lines, half, h, 0, 5); // 12 of 24 hours: not more than half
        }
        LocalDate springForward = full.plusDays(2); // 23 hours: 02:00 does not exist
        for (int h : new int[] {0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}) {
            reading(lines, springForward, h, 0, 10);
        }
        writer.write(lines);
        StringBuilder csv = new StringBuilder("time,temperature\n");
        for (int h = 0; h < 24; h++) {
            csv.append("2026-03-30T").append(String.format("%02d", h)).append(":00,68\n");
        }
        csv.append("2026-03-27T05:00,99\n"); // the station has this hour: its reading wins
        given().contentType("text/csv").queryParam("unit", "degF").body(csv.toString())
                .post("/api/energy/sites/wx-campus/weather/import").then().statusCode(200).body("hours", equalTo(25));

        JsonPath c = givenDoubles().queryParam("from", "2026-03-27").queryParam("to", "2026-03-31").queryParam("unit", "degC")
                .queryParam("heating-base", 15).queryParam("cooling-base", 18)
                .get("/api/energy/sites/wx-campus/weather/daily").then().statusCode(200).extract().jsonPath();
        double fullMean = (1 + 276) / 24.0;
        assertThat(c.getList("values.hours")).containsExactly(24, 12, 12, 24);
        assertThat(c.getDouble("values[0].mean")).isCloseTo(fullMean, within(1e-9));
        assertThat(c.getString("values[1].mean")).isNull();
        assertThat(c.getDouble("values[2].mean")).isCloseTo(10, within(1e-9));
        assertThat(c.getDouble("values[3].mean")).isCloseTo(20, within(1e-9));
        assertThat(c.getDouble("values[0].heatingDegreeDays")).isCloseTo(15 - fullMean, within(1e-9));
        assertThat(c.getDouble("values[2].heatingDegreeDays")).isCloseTo(5, within(1e-9));
        assertThat(c.getDouble("values[3].coolingDegreeDays")).isCloseTo(2, within(1e-9));
        assertThat(c.getDouble("heatingDegreeDays")).isCloseTo(15 - fullMean + 5, within(1e-9));
        assertThat(c.getDouble("coolingDegreeDays")).isCloseTo(2, within(1e-9));
        assertThat(c.getInt("daysWithTemperature")).isEqualTo(3);
        assertThat(c.getString("source")).isEqualTo("wx-outdoor");

        JsonPath f = givenDoubles().queryParam("from", "2026-03-30").queryParam("to", "2026-03-31").queryParam("unit", "degF")
                .get("/api/energy/sites/wx-campus/weather/daily").then().statusCode(200).extract().jsonPath();
        assertThat(f.getDouble("heatingBase")).isEqualTo(65.0);
        assertThat(f.getDouble("values[0].mean")).isCloseTo(68, within(1e-9));
        assertThat(f.getDouble("values[0].coolingDegreeDays")).isCloseTo(3, within(1e-9));

        given().contentType(ContentType.JSON).body(Map.of("point", "wx-humidity")).put("/api/energy/sites/wx-campus/weather/source")
                .then().statusCode(422).body("errors.message", hasItems("'wx-humidity' has unit 'percent': a weather point needs degC or degF"));
        given().queryParam("from", "2026-03-27").queryParam("to", "2026-03-28").queryParam("unit", "kelvin")
                .get("/api/energy/sites/wx-campus/weather/daily").then().statusCode(422).body("errors.field", hasItems("unit"));
    }

    private static void reading(List<String> lines, LocalDate day, int hour, int minute, double celsius) {
        long ms = day.atTime(hour, minute).atZone(BERLIN).toInstant().toEpochMilli();
        lines.add("weather,point=wx-outdoor,site=wx-campus outdoor_temp_c=" + celsius + " " + ms);
    }
}
