package org.facilitymonitor.platform;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.facilitymonitor.testing.StackTestResource;
import org.junit.jupiter.api.Test;

/** Health, metrics and the API description an operator relies on. */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class OperationsTest {

    @Test
    void readinessCoversBrokerInfluxAndPostgres() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("MQTT ingest", "InfluxDB", "Database connections health check"))
                .body("checks.find { it.name == 'MQTT ingest' }.data.brokerConnected", equalTo(true));
    }

    @Test
    void ingestMetricsAreExposedFromStartUp() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("fm_ingest_messages_received_total"))
                .body(containsString("fm_ingest_readings_stored_total"))
                .body(containsString("fm_ingest_messages_rejected_total{reason=\"not-json\"}"))
                .body(containsString("fm_ingest_readings_rejected_total{reason=\"unknown-point\"}"))
                .body(containsString("fm_ingest_messages_redelivered_total"))
                .body(containsString("fm_ingest_pending_messages"))
                .body(containsString("fm_telemetry_write_batch_points"))
                .body(containsString("fm_telemetry_write_duration_seconds"))
                .body(containsString("fm_ingest_store_latency_seconds_bucket"));
    }

    @Test
    void openApiDescribesTheApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/assets", "/api/points/{id}", "/api/sites/import",
                        "/api/telemetry/points/{id}/history"));
    }
}
