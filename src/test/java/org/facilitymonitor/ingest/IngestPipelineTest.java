package org.facilitymonitor.ingest;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.assets.PointBinding;
import org.facilitymonitor.telemetry.SeriesKeys;
import org.facilitymonitor.assets.PointCatalog;
import org.facilitymonitor.assets.PointKind;
import org.facilitymonitor.testing.DemoCatalog;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.Metrics;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.facilitymonitor.testing.TestSubscriber;
import org.junit.jupiter.api.Test;

/** Readings published by several edges through the real broker end up in the real InfluxDB, exactly once. */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class IngestPipelineTest {

    private static final String SITE = "demo-campus";

    @InjectStack
    NativeStack stack;

    private final PointCatalog.Snapshot catalog = DemoCatalog.snapshot();

    /** Expected stored value per point and timestamp. */
    private record Expected(PointBinding point, long ts, Object value) {
    }

    @Test
    void everyPublishedReadingIsStoredOnceWithItsValueTimestampAndTags() {
        List<PointBinding> points = catalog.points().values().stream()
                .sorted((a, b) -> a.pointId().compareTo(b.pointId())).toList();
        String[] edges = { "office-edge", "dorm-edge", "canteen-edge" };
        long seqBase = uniqueSeqBase();
        long tsBase = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        int batchesPerEdge = 20;
        int readingsPerBatch = 50;
        Map<String, Expected> expected = new HashMap<>();
        double storedBefore = Metrics.value("fm_ingest_readings_stored_total");
        for (int e = 0; e < edges.length; e++) {
            try (TestEdge edge = new TestEdge(stack.mqttUrl(), SITE, edges[e], StackTestResource.EDGE_PASSWORD)) {
                for (int b = 0; b < batchesPerEdge; b++) {
                    List<Object[]> readings = new ArrayList<>();
                    for (int r = 0; r < readingsPerBatch; r++) {
                        PointBinding point = points.get((b * readingsPerBatch + r) % points.size());
                        long ts = tsBase + e * 1_000_000L + b * 1_000L + r;
                        Object value = point.kind() == PointKind.STATE ? (Object) ((r % 2) == 0)
                                : (Object) (e * 50.0 + b + r / 100.0);
                        readings.add(new Object[] { point.pointId(), ts, value });
                        expected.put(point.pointId() + "@" + ts, new Expected(point, ts, value));
                    }
                    edge.publish(edge.batch(seqBase + e * 1000 + b, readings));
                }
            }
        }
        int published = edges.length * batchesPerEdge * readingsPerBatch;
        assertThat(expected).hasSize(published);

        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        String bySeq = "\"seq\" >= " + seqBase + " AND \"seq\" < " + (seqBase + edges.length * 1000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(countWhere(influx, bySeq)).isEqualTo(published));

        int checked = 0;
        for (String measurement : List.of("electricity", "water", "gas", "heating", "hvac", "equipment", "weather")) {
            for (InfluxProbe.Series series : influx.query("SELECT * FROM \"" + measurement + "\" WHERE " + bySeq)) {
                List<String> columns = series.columns();
                for (JsonNode row : series.rows()) {
                    String pointId = row.get(columns.indexOf("point")).asText();
                    long ts = row.get(columns.indexOf("time")).asLong();
                    Expected want = expected.get(pointId + "@" + ts);
                    assertThat(want).as("stored point %s at %d was published", pointId, ts).isNotNull();
                    JsonNode value = row.get(columns.indexOf(want.point().field()));
                    if (want.value() instanceof Boolean on) {
                        assertThat(value.asLong()).isEqualTo(on ? 1 : 0);
                    } else {
                        assertThat(value.asDouble()).isEqualTo((Double) want.value());
                    }
                    SeriesKeys.tags(want.point()).forEach((tag, tagValue) -> assertThat(row.get(columns.indexOf(tag)).asText())
                            .as("tag %s of %s", tag, pointId).isEqualTo(tagValue));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(published);
        assertThat(Metrics.value("fm_ingest_readings_stored_total") - storedBefore).isEqualTo(published);
    }

    @Test
    void pahoDecodesPacketsThroughTheBulkReadingCountingStream() throws Exception {
        // The messages above arrived through Paho: the class it used is ours (application.properties removes its own).
        Class<?> paho = org.eclipse.paho.mqttv5.common.packet.MqttWireMessage.class;
        Class<?> counting = Class.forName("org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream", false,
                paho.getClassLoader());
        assertThat(counting.getMethod("read", byte[].class, int.class, int.class).getDeclaringClass())
                .as("read(byte[], int, int) of the CountingInputStream Paho sees").isEqualTo(counting);
        var stream = (java.io.InputStream) counting.getConstructor(java.io.InputStream.class)
                .newInstance(new java.io.ByteArrayInputStream(new byte[100]));
        assertThat(stream.readNBytes(new byte[70], 0, 70)).isEqualTo(70);
        assertThat(stream.read()).isZero();
        assertThat(counting.getMethod("getCounter").invoke(stream)).isEqualTo(71);
    }

    @Test
    void pahoMakesItsTokensLoggersThroughOurFactory() throws Exception {
        // Paho asks for a logger per token (every acknowledgement): ours looks the logger up once per id.
        Class<?> factory = Class.forName("org.eclipse.paho.mqttv5.client.logging.LoggerFactory", false,
                org.eclipse.paho.mqttv5.client.internal.Token.class.getClassLoader());
        var getLogger = factory.getMethod("getLogger", String.class, String.class);
        Object first = getLogger.invoke(null, "org.eclipse.paho.mqttv5.client.internal.nls.logcat", "fm.test.token");
        Object second = getLogger.invoke(null, "org.eclipse.paho.mqttv5.client.internal.nls.logcat", "fm.test.token");
        assertThat(first.getClass().getName()).isEqualTo("org.eclipse.paho.mqttv5.client.logging.LoggerFactory$JulLogger");
        var named = first.getClass().getDeclaredMethod("named");
        named.setAccessible(true);
        assertThat(named.invoke(second)).isSameAs(named.invoke(first));
    }

    @Test
    void theSameBatchDeliveredTwiceGivesOnePointPerReading() {
        long seq = uniqueSeqBase();
        long ts = System.currentTimeMillis() - 60_000;
        List<Object[]> readings = List.of(
                new Object[] { "dorm-elec-main-power", ts, 41.5 },
                new Object[] { "dorm-elec-main-energy", ts, 90211.25 },
                new Object[] { "dorm-ahu-1-fan", ts, true });
        double storedBefore = Metrics.value("fm_ingest_readings_stored_total");
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), SITE, "dorm-edge", StackTestResource.EDGE_PASSWORD)) {
            byte[] payload = edge.batch(seq, readings);
            edge.publish(payload);
            edge.publish(payload);
        }
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(Metrics.value("fm_ingest_readings_stored_total") - storedBefore).isEqualTo(6));
        assertThat(countWhere(influx, "\"seq\" = " + seq)).isEqualTo(3);
        given().get("/api/telemetry/points/dorm-elec-main-energy/latest").then().statusCode(200);
    }

    @Test
    void historicalBatchesGoBackToTheHistoricalLimitLiveOnesOnlyThirtyDays() throws Exception {
        long seq = uniqueSeqBase();
        long now = System.currentTimeMillis();
        long dayOld200 = now - Duration.ofDays(200).toMillis();
        long beyondLimit = now - Duration.ofDays(5 * 366 + 1).toMillis(); // before now − P5Y, whatever the leap days
        double rejectedBefore = Metrics.rejectedReadings("timestamp-out-of-window");
        List<JsonNode> rejected = new ArrayList<>();
        try (TestSubscriber deadLetters = new TestSubscriber(stack.mqttUrl(), "fm-service", stack.setting("FM_MQTT_PASSWORD"),
                "fm/v1/demo-campus/dead-letter/office-edge");
                TestEdge office = new TestEdge(stack.mqttUrl(), SITE, "office-edge", StackTestResource.EDGE_PASSWORD)) {
            office.publish(TestEdge.batch(SITE, "office-edge", seq, true, List.<Object[]>of(
                    new Object[] { "office-elec-main-energy", dayOld200, 120337.5 },
                    new Object[] { "office-elec-main-energy", beyondLimit, 1022.5 })));
            office.publish(TestEdge.batch(SITE, "office-edge", seq + 1, false, List.<Object[]>of(
                    new Object[] { "office-elec-main-energy", dayOld200 + 1, 120337.75 },
                    new Object[] { "office-elec-main-energy", now - 1_000, 183422.75 })));
            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.received().size() >= 2);
            for (TestSubscriber.Received letter : deadLetters.received()) {
                JSON.readTree(letter.payload()).get("rejected").forEach(rejected::add);
            }
        }
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        await().atMost(Duration.ofSeconds(30)).until(() -> countWhere(influx, "\"seq\" >= " + seq + " AND \"seq\" <= "
                + (seq + 1)) == 2);
        List<InfluxProbe.Series> stored = influx.query("SELECT \"energy_kwh\" FROM \"electricity\" WHERE \"seq\" >= " + seq
                + " AND \"seq\" <= " + (seq + 1) + " AND time >= 0");
        assertThat(stored).singleElement().satisfies(series -> {
            assertThat(series.rows()).hasSize(2);
            assertThat(series.rows().get(0).get(0).asLong()).isEqualTo(dayOld200);
            assertThat(series.rows().get(0).get(1).asDouble()).isEqualTo(120337.5);
            assertThat(series.rows().get(1).get(0).asLong()).isEqualTo(now - 1_000);
        });
        assertThat(rejected).hasSize(2).allSatisfy(r -> assertThat(r.get("reason").asText()).isEqualTo("timestamp-out-of-window"));
        assertThat(rejected).extracting(r -> r.get("detail").asText()).anySatisfy(d -> assertThat(d)
                .startsWith("ts " + beyondLimit + " ").contains("of a historical batch")
                .contains("now − P5Y (fm.ingest.historical-max-age)"));
        assertThat(rejected).extracting(r -> r.get("detail").asText()).anySatisfy(d -> assertThat(d)
                .startsWith("ts " + (dayOld200 + 1) + " ").contains("of a live batch").contains("now − P30D"));
        assertThat(Metrics.rejectedReadings("timestamp-out-of-window") - rejectedBefore).isEqualTo(2);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    static long countWhere(InfluxProbe influx, String condition) {
        long total = 0;
        for (InfluxProbe.Series s : influx.query("SELECT count(\"seq\") FROM /.*/ WHERE " + condition)) {
            for (JsonNode row : s.rows()) {
                total += row.get(1).asLong();
            }
        }
        return total;
    }

    /** Each test writes its own seq range, so counts never see another test's points. */
    static long uniqueSeqBase() {
        return System.currentTimeMillis() * 1000;
    }
}
