package org.facilitymonitor.telemetry;

import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.testing.RestRequests.givenDoubles;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.junit.jupiter.api.Test;

/** Run hours, starts and consumption computed by InfluxDB from readings that went through ingest. */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class UsageCountersTest {

    @InjectStack
    NativeStack stack;

    @Test
    void runHoursStartsAndConsumptionFromAReplayedHistory() {
        Instant base = Instant.now().minus(Duration.ofDays(12)).truncatedTo(ChronoUnit.HOURS);
        List<Object[]> readings = new ArrayList<>();
        for (int m = 0; m < 120; m++) { // on 0-9, 20-24, 60-89 (minutes)
            boolean on = m < 10 || (m >= 20 && m < 25) || (m >= 60 && m < 90);
            readings.add(new Object[] {"canteen-boiler-2-burner", base.toEpochMilli() + m * 60_000L, on});
        }
        for (int m = 0; m < 60; m++) { // the pump motor draws 8 A while running (10-29, 40-44), 0.5 A idle
            boolean running = (m >= 10 && m < 30) || (m >= 40 && m < 45);
            readings.add(new Object[] {"canteen-pump-hw-1-current", base.toEpochMilli() + m * 60_000L, running ? 8.0 : 0.5});
        }
        double[] register = {100, 101, 103, 2, 5, 6}; // replaced meter after 103
        for (int i = 0; i < register.length; i++) {
            readings.add(new Object[] {"canteen-water-kitchen-volume", base.toEpochMilli() + i * 600_000L, register[i]});
        }
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), "demo-campus", "canteen-edge", StackTestResource.EDGE_PASSWORD)) {
            edge.publish(edge.batch(System.currentTimeMillis(), readings));
        }
        String from = base.toString();
        String to = base.plus(Duration.ofHours(2)).toString();
        // trapezoids: 9 + 0.5, 0.5 + 4 + 0.5, 0.5 + 29 + 0.5 = 44.5 minutes
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> givenDoubles().queryParam("from", from).queryParam("to", to)
                .queryParam("measure", "runHours").get("/api/telemetry/points/canteen-boiler-2-burner/usage").then()
                .statusCode(200).body("value", closeTo(44.5 / 60, 1e-9)).body("unit", equalTo("h")));
        givenDoubles().queryParam("from", from).queryParam("to", to).queryParam("measure", "starts")
                .get("/api/telemetry/points/canteen-boiler-2-burner/usage").then().statusCode(200)
                .body("value", closeTo(2, 1e-9)); // at 20 and 60; the first reading is no start
        givenDoubles().queryParam("from", from).queryParam("to", to)
                .get("/api/telemetry/points/canteen-water-kitchen-volume/usage").then().statusCode(200)
                .body("measure", equalTo("consumption")).body("value", closeTo(1 + 2 + 3 + 1, 1e-9));
        // from current above a threshold: each reading holds until the next, 20 + 5 minutes, 2 starts
        givenDoubles().queryParam("from", from).queryParam("to", base.plus(Duration.ofHours(1)).toString())
                .queryParam("threshold", 2).get("/api/telemetry/points/canteen-pump-hw-1-current/usage").then()
                .statusCode(200).body("measure", equalTo("runHours")).body("value", closeTo(25.0 / 60, 1e-9));
        givenDoubles().queryParam("from", from).queryParam("to", base.plus(Duration.ofHours(1)).toString())
                .queryParam("threshold", 2).queryParam("measure", "starts")
                .get("/api/telemetry/points/canteen-pump-hw-1-current/usage").then().statusCode(200)
                .body("value", closeTo(2, 1e-9));
        givenDoubles().get("/api/telemetry/points/canteen-pump-hw-1-current/usage").then().statusCode(400)
                .body("detail", containsString("give 'threshold'"));
        givenDoubles().queryParam("measure", "starts").get("/api/telemetry/points/canteen-water-kitchen-volume/usage").then()
                .statusCode(400).body("detail", containsString("needs a state point"));
        givenDoubles().queryParam("measure", "hours").get("/api/telemetry/points/canteen-boiler-2-burner/usage").then()
                .statusCode(400).body("detail", containsString("runHours, starts or consumption"));
    }
}
