package org.facilitymonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.Metrics;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.facilitymonitor.testing.TestSubscriber;
import org.junit.jupiter.api.Test;

/**
 * Plausible ranges through the broker: a point's own range set over REST and its quantity's
 * default both reject readings as out-of-range (counted, dead-lettered), the rest of the batch is
 * stored, and a reading beyond the default but inside the point's own range is stored.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class PlausibleRangeIngestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "demo-campus";

    @InjectStack
    NativeStack stack;

    private static Map<String, Object> point(String id, String field, Double min, Double max) {
        Map<String, Object> p = new HashMap<>(Map.of("id", id, "name", "Temperature " + field, "quantity", "temperature",
                "unit", "degC", "kind", "instantaneous", "measurement", "hvac", "field", field));
        Optional.ofNullable(min).ifPresent(v -> p.put("plausibleMin", v));
        Optional.ofNullable(max).ifPresent(v -> p.put("plausibleMax", v));
        return p;
    }

    @Test
    void readingsOutsideThePointsRangeOrTheQuantityDefaultAreRejectedAndTheRestStored() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        String own = "plaus-" + tag + "-room";
        String byDefault = "plaus-" + tag + "-return-air";
        String flue = "plaus-" + tag + "-flue";
        given().contentType(ContentType.JSON).body(Map.of("name", "Plausible AHU", "kind", "AHU", "building", "office",
                "points", List.of(point(own, "plaus_room_c", 5.0, 40.0), point(byDefault, "plaus_return_c", null, null),
                        point(flue, "plaus_flue_c", null, 600.0))))
                .put("/api/assets/plaus-" + tag).then().statusCode(201);
        given().get("/api/points/" + own).then().statusCode(200).body("plausibleMin", equalTo(5.0f))
                .body("plausibleMax", equalTo(40.0f)).body("plausibleRange.source", equalTo("point"))
                .body("plausibleRange.min", equalTo(5.0f));
        given().get("/api/points/" + byDefault).then().statusCode(200).body("plausibleMin", nullValue())
                .body("plausibleRange.min", equalTo(-60.0f)).body("plausibleRange.max", equalTo(200.0f))
                .body("plausibleRange.source", equalTo("default"));
        given().get("/api/points/" + flue).then().statusCode(200).body("plausibleRange.min", nullValue())
                .body("plausibleRange.max", equalTo(600.0f));
        Map<String, Object> reversed = new HashMap<>(point(own, "plaus_room_c", 50.0, 10.0));
        reversed.remove("id");
        reversed.put("asset", "plaus-" + tag);
        given().contentType(ContentType.JSON).body(reversed).put("/api/points/" + own).then().statusCode(422)
                .body("errors.field", hasItem("assets[0].points[0].plausibleMax"))
                .body("errors.message", hasItem("must be greater than plausibleMin (50), was 10"));
        given().get("/api/points/" + own).then().statusCode(200).body("plausibleMax", equalTo(40.0f));

        double outOfRangeBefore = Metrics.rejectedReadings("out-of-range");
        long seq = IngestPipelineTest.uniqueSeqBase();
        long ts = System.currentTimeMillis() - 60_000;
        JsonNode letter;
        try (TestSubscriber deadLetters = new TestSubscriber(stack.mqttUrl(), "fm-service", stack.setting("FM_MQTT_PASSWORD"),
                "fm/v1/" + SITE + "/dead-letter/office-edge");
                TestEdge office = new TestEdge(stack.mqttUrl(), SITE, "office-edge", StackTestResource.EDGE_PASSWORD)) {
            office.publish(TestEdge.batch(SITE, "office-edge", seq, false, List.of(
                    new Object[] { own, ts, 4.5 },
                    new Object[] { own, ts + 1, 21.5 },
                    new Object[] { byDefault, ts, -1e308 },
                    new Object[] { byDefault, ts + 1, 150.0 },
                    new Object[] { flue, ts, 450.0 })));
            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.received().stream()
                    .anyMatch(r -> r.payload().contains("\"seq\":" + seq)));
            letter = JSON.readTree(deadLetters.received().stream().filter(r -> r.payload().contains("\"seq\":" + seq))
                    .findFirst().orElseThrow().payload());
        }
        assertThat(letter.get("level").asText()).isEqualTo("reading");
        assertThat(letter.get("readings").asInt()).isEqualTo(5);
        JsonNode rejected = letter.get("rejected");
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0).get("index").asInt()).isZero();
        assertThat(rejected.get(0).get("reason").asText()).isEqualTo("out-of-range");
        assertThat(rejected.get(0).get("detail").asText()).isEqualTo("value 4.5 of point '" + own + "' is outside its"
                + " plausible range 5 … 40 degC (the point's plausibleMin/plausibleMax)");
        assertThat(rejected.get(1).get("index").asInt()).isEqualTo(2);
        assertThat(rejected.get(1).get("point").asText()).isEqualTo(byDefault);
        assertThat(rejected.get(1).get("detail").asText()).startsWith("value -1.0E308 of point '" + byDefault
                + "' is outside its plausible range -60 … 200 degC (the default for temperature in degC;");
        assertThat(Metrics.rejectedReadings("out-of-range") - outOfRangeBefore).isEqualTo(2.0);

        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        await().atMost(Duration.ofSeconds(30)).until(() -> influx.countWhere("\"seq\" = " + seq) == 3);
        assertThat(influx.query("SELECT \"plaus_return_c\" FROM \"hvac\" WHERE \"seq\" = " + seq + " AND \"point\" = '"
                + byDefault + "'").get(0).rows()).singleElement().satisfies(row -> assertThat(row.get(1).asDouble())
                        .isEqualTo(150.0));
        assertThat(influx.query("SELECT \"plaus_flue_c\" FROM \"hvac\" WHERE \"seq\" = " + seq).get(0).rows())
                .singleElement().satisfies(row -> assertThat(row.get(1).asDouble()).isEqualTo(450.0));
    }
}
