package org.facilitymonitor.ingest;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facilitymonitor.testing.DemoCatalog;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.Metrics;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.facilitymonitor.testing.TestSubscriber;
import org.junit.jupiter.api.Test;

/**
 * The bad-payload fault test (docs/testing.md, "Fault tests") at the scale of one test: every bad
 * payload kind of the contract fixtures, plus an
 * oversized one, interleaved with valid batches. Valid readings are all stored, every bad message
 * is rejected with its reason (counter and dead letter), and the service stays connected.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class BadPayloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fixture timestamps are around this instant; they are moved to now before publishing. */
    private static final long FIXTURE_T0 = 1768471200000L;
    private static final Pattern FIXTURE_TIMESTAMP = Pattern.compile("\\b17684\\d{8}\\b");

    @InjectStack
    NativeStack stack;

    @Test
    void badPayloadsAreRejectedWithTheirReasonAndValidTrafficIsAllStored() throws Exception {
        JsonNode cases = JSON.readTree(DemoCatalog.contract("v1/invalid/cases.json").toFile()).get("cases");
        long seqBase = IngestPipelineTest.uniqueSeqBase();
        long now = System.currentTimeMillis();
        Map<String, Double> rejectedMessagesBefore = new HashMap<>();
        Map<String, Double> rejectedReadingsBefore = new HashMap<>();
        for (RejectReason reason : RejectReason.values()) {
            rejectedMessagesBefore.put(reason.wireName(), Metrics.rejectedMessages(reason.wireName()));
            rejectedReadingsBefore.put(reason.wireName(), Metrics.rejectedReadings(reason.wireName()));
        }
        double storageRejectedBefore = Metrics.rejectedReadings("storage-rejected");

        Map<String, Integer> expectedMessageRejections = new HashMap<>();
        Map<String, Integer> expectedReadingRejections = new HashMap<>();
        int validReadings = 0;
        java.util.Set<String> fixtureReadingsKept = new java.util.HashSet<>();
        try (TestSubscriber deadLetters = new TestSubscriber(stack.mqttUrl(), "fm-service", stack.setting("FM_MQTT_PASSWORD"),
                "fm/v1/+/dead-letter/#");
                TestEdge office = new TestEdge(stack.mqttUrl(), "demo-campus", "office-edge", StackTestResource.EDGE_PASSWORD);
                TestEdge privileged = new TestEdge(stack.mqttUrl(), "demo-campus", "fm-service", stack.setting("FM_MQTT_PASSWORD"))) {
            int n = 0;
            for (JsonNode c : cases) {
                office.publish(validBatch(seqBase + n, now - 600_000 + n * 10L));
                validReadings += 2;
                byte[] payload = retimed(Files.readAllBytes(DemoCatalog.contract("v1/invalid/" + c.get("file").asText())), now);
                String topic = c.get("topic").asText();
                // The broker's ACL keeps an edge to its own topic; the ill-formed topics are sent with the service's account.
                (topic.equals(office.dataTopic()) ? office : privileged).publish(topic, payload);
                String reason = c.get("reason").asText();
                if (c.get("level").asText().equals("message")) {
                    expectedMessageRejections.merge(reason, 1, Integer::sum);
                } else {
                    expectedReadingRejections.merge(reason, c.get("rejectedReadings").asInt(), Integer::sum);
                    List<Integer> rejectedIndexes = new ArrayList<>();
                    c.get("rejectedIndexes").forEach(i -> rejectedIndexes.add(i.asInt()));
                    JsonNode readings = JSON.readTree(new String(payload, StandardCharsets.UTF_8).replace("NaN", "0")
                            .replace("-Infinity", "0").replace("1e999", "0")).get("readings");
                    for (int i = 0; i < readings.size(); i++) {
                        if (!rejectedIndexes.contains(i)) {
                            // Several fixtures carry the same valid reading: InfluxDB keeps one point per point and ts.
                            fixtureReadingsKept.add(readings.get(i).get("point").asText() + "@" + readings.get(i).get("ts").asLong());
                        }
                    }
                }
                n++;
            }
            byte[] huge = ("{\"v\":1,\"site\":\"demo-campus\",\"edge\":\"office-edge\",\"seq\":1,\"readings\":[],\"pad\":\""
                    + "x".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            office.publish(huge);
            expectedMessageRejections.merge("too-large", 1, Integer::sum);
            office.publish(validBatch(seqBase + n, now - 600_000 + n * 10L));
            validReadings += 2;
            // The marker: one more bad message, last. Messages are handled in arrival order and each one's dead
            // letter goes out before the next is handled, so once the marker's dead letter is here, every other
            // one is too, and every counter below is final.
            String marker = "marker " + java.util.UUID.randomUUID() + ": not JSON";
            office.publish(marker.getBytes(StandardCharsets.UTF_8));
            expectedMessageRejections.merge("not-json", 1, Integer::sum);

            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.received().stream()
                    .anyMatch(letter -> letter.payload().contains(marker)));
            assertThat(deadLetters.received()).as("dead letters: one per bad message").hasSize(cases.size() + 2);
            for (TestSubscriber.Received letter : deadLetters.received()) {
                JsonNode body = JSON.readTree(letter.payload());
                assertThat(body.get("level").asText()).isIn("message", "reading");
                if (body.get("level").asText().equals("message")) {
                    assertThat(body.get("reason").asText()).isIn(expectedMessageRejections.keySet());
                    assertThat(body.get("detail").asText()).isNotBlank();
                } else {
                    assertThat(body.get("rejected")).allSatisfy(r ->
                            assertThat(r.get("reason").asText()).isIn(expectedReadingRejections.keySet()));
                }
            }
        }

        for (var e : expectedMessageRejections.entrySet()) {
            assertThat(Metrics.rejectedMessages(e.getKey()) - rejectedMessagesBefore.get(e.getKey()))
                    .as("messages rejected as %s", e.getKey()).isEqualTo(e.getValue().doubleValue());
        }
        for (var e : expectedReadingRejections.entrySet()) {
            assertThat(Metrics.rejectedReadings(e.getKey()) - rejectedReadingsBefore.get(e.getKey()))
                    .as("readings rejected as %s", e.getKey()).isEqualTo(e.getValue().doubleValue());
        }
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        long stored = IngestPipelineTest.countWhere(influx, "\"seq\" >= " + seqBase + " AND \"seq\" < " + (seqBase + 1000))
                + IngestPipelineTest.countWhere(influx, "\"seq\" = 5 AND time >= " + (now - 60_000) + "ms AND time <= "
                        + (now + 60_000) + "ms");
        assertThat(stored).as("valid readings stored").isEqualTo(validReadings + fixtureReadingsKept.size());
        assertThat(Metrics.rejectedReadings("storage-rejected")).as("InfluxDB refused nothing").isEqualTo(storageRejectedBefore);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static byte[] validBatch(long seq, long ts) {
        return TestEdge.batch("demo-campus", "office-edge", seq, false, List.of(
                new Object[] { "office-elec-admin-power", ts, 12.5 },
                new Object[] { "office-water-flow", ts, 0.4 }));
    }

    /** Moves the fixture's timestamps (around 2026-01-15T10:00Z) to now, leaving deliberately bad ones bad. */
    private static byte[] retimed(byte[] payload, long now) {
        String text = new String(payload, StandardCharsets.ISO_8859_1);
        Matcher m = FIXTURE_TIMESTAMP.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, String.valueOf(Long.parseLong(m.group()) - FIXTURE_T0 + now));
        }
        m.appendTail(out);
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
