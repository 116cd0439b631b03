package org.facilitymonitor.ingest;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.Metrics;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.SteadyPublisher;
import org.facilitymonitor.testing.TestEdge;
import org.junit.jupiter.api.Test;

/**
 * Outages of the servers while an edge keeps publishing: afterwards, every reading the broker
 * acknowledged to the edge is stored exactly once (lost = acked − stored = 0).
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class IngestFaultTest {

    private static final List<String> POINTS = List.of("canteen-elec-main-power", "canteen-water-kitchen-flow",
            "canteen-boiler-1-supply-temp", "canteen-boiler-2-return-temp", "canteen-pump-hw-1-vibration");

    @InjectStack
    NativeStack stack;

    @Test
    void influxDbStoppedForThirtySecondsLosesNothing() throws Exception {
        long seqBase = IngestPipelineTest.uniqueSeqBase();
        double retriesBefore = Metrics.value("fm_telemetry_write_retries_total{reason=\"unreachable\"}")
                + Metrics.value("fm_telemetry_write_retries_total{reason=\"http-502\"}");
        long acked;
        try (SteadyPublisher publisher = new SteadyPublisher(edge(), POINTS, seqBase, 50, 50)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.acknowledgedReadings() >= 1000);
            stack.stop("influxdb");
            long down = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    given().get("/q/health/ready").then().statusCode(503));
            long ackedWhileDown = publisher.acknowledgedReadings();
            // The fault itself: InfluxDB stays stopped for 30 s while the edge keeps publishing.
            Thread.sleep(Math.max(0, 30_000 - (System.nanoTime() - down) / 1_000_000));
            assertThat(publisher.acknowledgedReadings()).as("the broker keeps accepting while InfluxDB is down")
                    .isGreaterThan(ackedWhileDown);
            double storedBefore = Metrics.value("fm_ingest_readings_stored_total");
            stack.startComponent("influxdb");
            // the service stores again, and the edge goes on publishing after the recovery
            long ackedAtRecovery = publisher.acknowledgedReadings();
            await().atMost(Duration.ofSeconds(60)).until(() -> Metrics.value("fm_ingest_readings_stored_total") > storedBefore
                    && publisher.acknowledgedReadings() >= ackedAtRecovery + 1000);
            acked = publisher.stop();
        }
        assertStoredExactly(seqBase, acked);
        assertThat(Metrics.value("fm_telemetry_write_retries_total{reason=\"unreachable\"}")
                + Metrics.value("fm_telemetry_write_retries_total{reason=\"http-502\"}"))
                .as("writes were retried during the outage").isGreaterThan(retriesBefore);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void brokerRestartedWhilePublishingLosesNothing() throws Exception {
        long seqBase = IngestPipelineTest.uniqueSeqBase();
        long acked;
        try (SteadyPublisher publisher = new SteadyPublisher(edge(), POINTS, seqBase, 50, 20)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.acknowledgedReadings() >= 2000);
            stack.restart("mosquitto");
            long ackedAtRestart = publisher.acknowledgedReadings();
            await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acknowledgedReadings() > ackedAtRestart + 2000);
            acked = publisher.stop();
        }
        assertStoredExactly(seqBase, acked);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    private TestEdge edge() {
        return new TestEdge(stack.mqttUrl(), "demo-campus", "canteen-edge", StackTestResource.EDGE_PASSWORD);
    }

    private void assertStoredExactly(long seqBase, long acked) {
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        String range = "\"seq\" >= " + seqBase + " AND \"seq\" < " + (seqBase + 1_000_000);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(IngestPipelineTest.countWhere(influx, range)).as("stored of %d acknowledged", acked)
                        .isGreaterThanOrEqualTo(acked));
        assertThat(IngestPipelineTest.countWhere(influx, range)).as("no reading stored twice or invented").isEqualTo(acked);
    }
}
