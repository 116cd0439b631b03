package org.facilitymonitor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.testing.RestRequests.givenDoubles;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

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

/** Latest values and aggregated histories read back through the REST API from what ingest stored. */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class TelemetryReadTest {

    @InjectStack
    NativeStack stack;

    @jakarta.inject.Inject
    InfluxQlReader influxQl;

    /**
     * InfluxDB 1.x answers a query without series with an empty CSV body, and influxdb-client-java logs that
     * as a WARNING ("Query ... already exhausted"): the energy rollups' lookups, most of which find nothing,
     * wrote hundreds of them a minute. The service logs that category at ERROR only.
     */
    @Test
    void aQueryThatFindsNothingIsNoWarning() {
        List<java.util.logging.LogRecord> logged = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger queries = java.util.logging.Logger.getLogger("com.influxdb.internal.AbstractQueryApi");
        queries.addHandler(handler);
        try {
            assertThat(influxQl.table("SHOW DATABASES")).as("the reader's queries reach InfluxDB").isNotEmpty();
            assertThat(influxQl.rows("SELECT \"value\" FROM \"no_such_measurement\" WHERE time > now() - 1h"))
                    .as("nothing found").isEmpty();
        } finally {
            queries.removeHandler(handler);
        }
        assertThat(logged).extracting(java.util.logging.LogRecord::getMessage).noneMatch(m -> m.contains("already exhausted"));
    }

    @Test
    void historyAggregatesPerInterval() {
        Instant base = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.HOURS);
        List<Object[]> readings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            readings.add(new Object[] { "dorm-ahu-1-supply-temp", base.toEpochMilli() + i * 6_000L, 10.0 + i });
            readings.add(new Object[] { "dorm-ahu-1-supply-temp", base.toEpochMilli() + 60_000L + i * 6_000L, 20.0 + i });
            readings.add(new Object[] { "dorm-ahu-1-fan", base.toEpochMilli() + i * 6_000L, i < 3 });
        }
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), "demo-campus", "dorm-edge", StackTestResource.EDGE_PASSWORD)) {
            edge.publish(edge.batch(System.currentTimeMillis(), readings));
        }
        String from = base.toString();
        String to = base.plus(Duration.ofMinutes(2)).toString();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> givenDoubles()
                .queryParam("from", from).queryParam("to", to).queryParam("interval", "1m")
                .get("/api/telemetry/points/dorm-ahu-1-supply-temp/history").then().statusCode(200)
                .body("samples", hasSize(2))
                .body("samples[0].value", closeTo(14.5, 1e-9)).body("samples[1].value", closeTo(24.5, 1e-9))
                .body("samples[0].ts", equalTo(from)).body("aggregation", equalTo("mean")).body("unit", equalTo("degC")));
        givenDoubles().queryParam("from", from).queryParam("to", to).queryParam("interval", "1m").queryParam("agg", "max")
                .get("/api/telemetry/points/dorm-ahu-1-supply-temp/history").then().statusCode(200)
                .body("samples.value", contains(19.0, 29.0));
        givenDoubles().queryParam("from", from).queryParam("to", to).queryParam("interval", "2m").queryParam("agg", "min")
                .get("/api/telemetry/points/dorm-ahu-1-supply-temp/history").then().statusCode(200)
                .body("samples.value", contains(10.0));
        givenDoubles().queryParam("from", from).queryParam("to", to).queryParam("interval", "1m").queryParam("agg", "last")
                .get("/api/telemetry/points/dorm-ahu-1-supply-temp/history").then().statusCode(200)
                .body("samples.value", contains(19.0, 29.0));
        givenDoubles().queryParam("from", from).queryParam("to", to).queryParam("interval", "1m")
                .get("/api/telemetry/points/dorm-ahu-1-fan/history").then().statusCode(200)
                .body("samples[0].value", closeTo(0.3, 1e-9));
        givenDoubles().queryParam("from", from).queryParam("to", base.plus(Duration.ofSeconds(30)).toString())
                .get("/api/telemetry/points/dorm-ahu-1-supply-temp/history").then().statusCode(200)
                .body("aggregation", equalTo("raw")).body("samples", hasSize(5)).body("samples[4].value", closeTo(14.0, 1e-9));
    }

    @Test
    void latestValueOfAPointAndOfAnAsset() {
        long now = System.currentTimeMillis();
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), "demo-campus", "canteen-edge", StackTestResource.EDGE_PASSWORD)) {
            edge.publish(edge.batch(now, List.of(
                    new Object[] { "campus-gas-main-volume", now, 77123.5 },
                    new Object[] { "campus-gas-main-flow", now, 12.25 })));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> givenDoubles()
                .get("/api/telemetry/points/campus-gas-main-volume/latest").then().statusCode(200)
                .body("value", closeTo(77123.5, 1e-9)).body("ts", equalTo(Instant.ofEpochMilli(now).toString()))
                .body("unit", equalTo("m3")).body("kind", equalTo("cumulative")));
        givenDoubles().get("/api/telemetry/assets/campus-gas-main/latest").then().statusCode(200)
                .body("point", contains("campus-gas-main-flow", "campus-gas-main-volume"))
                .body("value", contains(12.25, 77123.5));
    }

    @Test
    void parametersAreValidatedAndNeverReachTheQueryUnchecked() {
        givenDoubles().queryParam("from", "yesterday").get("/api/telemetry/points/dorm-ahu-1-fan/history").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("ISO-8601"));
        givenDoubles().queryParam("interval", "5 minutes").get("/api/telemetry/points/dorm-ahu-1-fan/history").then()
                .statusCode(400).body("detail", containsString("interval"));
        givenDoubles().queryParam("agg", "median; DROP DATABASE facility").get("/api/telemetry/points/dorm-ahu-1-fan/history")
                .then().statusCode(400).body("detail", containsString("agg"));
        givenDoubles().queryParam("from", "2026-01-02T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .get("/api/telemetry/points/dorm-ahu-1-fan/history").then().statusCode(400).body("detail", containsString("before"));
        givenDoubles().queryParam("from", "2020-01-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .get("/api/telemetry/points/dorm-ahu-1-fan/history").then().statusCode(422).body("detail", containsString("limit"))
                .body("errors[0].field", equalTo("from"));
        givenDoubles().queryParam("from", "2020-01-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .get("/api/telemetry/points/dorm-ahu-1-fan/usage").then().statusCode(422).body("errors[0].field", equalTo("from"));
        givenDoubles().queryParam("interval", "1s").queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2026-01-03T00:00:00Z")
                .get("/api/telemetry/points/dorm-ahu-1-fan/history").then().statusCode(422).body("detail", containsString("rows"))
                .body("errors[0].field", equalTo("interval"));
        givenDoubles().get("/api/telemetry/points/x'%20or%20'1'='1/latest").then().statusCode(400);
        givenDoubles().get("/api/telemetry/points/no-such-point/latest").then().statusCode(404);
    }
}
