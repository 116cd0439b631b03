package org.facilitymonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.facilitymonitor.assets.PointCatalog;
import org.facilitymonitor.testing.DemoCatalog;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The golden fixtures of contract v1 (contract/v1), judged by the service's decoder. */
class BatchDecoderContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BatchDecoder.Limits LIMITS = new BatchDecoder.Limits(262144, 5000, 8, Duration.ofDays(30),
            Duration.ofMinutes(5), Period.ofYears(5));

    private final PointCatalog.Snapshot catalog = DemoCatalog.snapshot();

    private static JsonNode cases() throws IOException {
        return JSON.readTree(DemoCatalog.contract("v1/invalid/cases.json").toFile());
    }

    private static BatchDecoder decoderAt(String instant) {
        return new BatchDecoder(LIMITS, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @TestFactory
    Stream<DynamicTest> everyValidFixtureIsAcceptedWhole() throws IOException {
        BatchDecoder decoder = decoderAt(cases().get("clock").asText());
        List<Path> files;
        try (Stream<Path> list = Files.list(DemoCatalog.contract("v1/valid"))) {
            files = list.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            byte[] payload = Files.readAllBytes(file);
            JsonNode body = JSON.readTree(payload);
            String topic = "fm/v1/" + body.get("site").asText() + "/" + body.get("edge").asText() + "/data";
            DecodedBatch batch = decoder.decode(topic, payload, catalog);
            assertThat(batch.rejections()).as("rejections of %s", file).isEmpty();
            assertThat(batch.lines()).hasSize(body.get("readings").size());
            assertThat(batch.seq()).isEqualTo(body.get("seq").asLong());
            assertThat(batch.historical()).isEqualTo(body.path("historical").asBoolean(false));
            for (int i = 0; i < batch.lines().size(); i++) {
                JsonNode reading = body.get("readings").get(i);
                assertThat(batch.lines().get(i))
                        .contains("point=" + reading.get("point").asText())
                        .endsWith(",seq=" + body.get("seq").asLong() + "i " + reading.get("ts").asLong());
                assertThat(batch.timestamps()[i]).isEqualTo(reading.get("ts").asLong());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyInvalidFixtureIsRejectedWithItsReason() throws IOException {
        JsonNode cases = cases();
        BatchDecoder decoder = decoderAt(cases.get("clock").asText());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("file").asText(), () -> {
                byte[] payload = Files.readAllBytes(DemoCatalog.contract("v1/invalid/" + c.get("file").asText()));
                DecodedBatch batch = decoder.decode(c.get("topic").asText(), payload, catalog);
                String reason = c.get("reason").asText();
                assertThat(batch.rejections()).as("rejections").isNotEmpty();
                assertThat(batch.rejections()).allSatisfy(r -> {
                    assertThat(r.reason().wireName()).isEqualTo(reason);
                    assertThat(r.detail()).isNotBlank();
                });
                if (c.get("level").asText().equals("message")) {
                    assertThat(batch.rejectedWhole()).isTrue();
                    assertThat(batch.lines()).isEmpty();
                    // the seq is read only from a JSON payload that arrived on a valid topic
                    long expected = List.of("bad-topic", "invalid-id", "too-large", "not-utf8").contains(reason) ? -1
                            : readableSeq(payload);
                    assertThat(batch.seq()).as("a readable seq is kept for the receipt, else -1").isEqualTo(expected);
                } else {
                    int rejected = c.get("rejectedReadings").asInt();
                    assertThat(batch.rejections()).hasSize(rejected).noneMatch(Rejection::wholeMessage);
                    List<Integer> indexes = new ArrayList<>();
                    c.get("rejectedIndexes").forEach(i -> indexes.add(i.asInt()));
                    assertThat(batch.rejections()).extracting(Rejection::index).containsExactlyElementsOf(indexes);
                    assertThat(batch.lines()).hasSize(batch.readingCount() - rejected);
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(30);
        return tests.stream();
    }

    /** The payload's seq when it is a JSON object whose seq is an integer >= 0, else -1 (read independently of the decoder). */
    private static long readableSeq(byte[] payload) {
        try {
            JsonNode seq = JSON.readTree(payload).path("seq");
            return seq.isIntegralNumber() && seq.canConvertToLong() && seq.asLong() >= 0 ? seq.asLong() : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Test
    void aBatchRefusedWholeKeepsItsReadableSeq() {
        String topic = "fm/v1/demo-campus/office-edge/data";
        BatchDecoder decoder = decoderAt("2026-01-15T10:05:00Z");
        byte[] mismatch = "{\"v\":1,\"site\":\"demo-campus\",\"edge\":\"dorm-edge\",\"seq\":77,\"readings\":[]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        DecodedBatch batch = decoder.decode(topic, mismatch, catalog);
        assertThat(batch.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.TOPIC_MISMATCH);
        assertThat(batch.seq()).isEqualTo(77);
        assertThat(batch.edge()).as("the topic's edge: the receipt goes to the publisher").isEqualTo("office-edge");
        byte[] version = "{\"v\":3,\"seq\":78}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(decoder.decode(topic, version, catalog).seq()).isEqualTo(78);
        byte[] negative = "{\"v\":3,\"seq\":-1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(decoder.decode(topic, negative, catalog).seq()).isEqualTo(-1);
        byte[] text = "{\"v\":1,\"site\":\"demo-campus\",\"edge\":\"office-edge\",\"seq\":\"79\",\"readings\":[]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        DecodedBatch textSeq = decoder.decode(topic, text, catalog);
        assertThat(textSeq.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.SCHEMA);
        assertThat(textSeq.seq()).as("a seq written as a string is not readable").isEqualTo(-1);
    }

    @Test
    void timestampWindowFollowsTheClock() throws IOException {
        byte[] payload = Files.readAllBytes(DemoCatalog.contract("v1/valid/live-batch.json"));
        String topic = "fm/v1/demo-campus/office-edge/data";
        assertThat(decoderAt("2026-02-14T10:00:00Z").decode(topic, payload, catalog).rejections()).isEmpty();
        DecodedBatch tooOld = decoderAt("2026-02-14T10:00:10Z").decode(topic, payload, catalog);
        assertThat(tooOld.rejections()).extracting(Rejection::reason)
                .containsOnly(RejectReason.TIMESTAMP_OUT_OF_WINDOW).hasSize(4);
        DecodedBatch tooEarlyClock = decoderAt("2026-01-15T09:54:59Z").decode(topic, payload, catalog);
        assertThat(tooEarlyClock.rejections()).hasSize(6);
    }

    @Test
    void historicalBatchesReachBackToTheHistoricalLimitAndLiveOnesTo30Days() {
        String topic = "fm/v1/demo-campus/office-edge/data";
        String clock = "2026-01-15T10:05:00Z";
        long limit = Instant.parse("2021-01-15T10:05:00Z").toEpochMilli(); // now − P5Y
        long dayOld200 = Instant.parse(clock).toEpochMilli() - 200L * 86_400_000;
        BatchDecoder decoder = decoderAt(clock);
        List<Object[]> readings = List.of(new Object[] {limit, 1.0}, new Object[] {limit - 1, 0.5},
                new Object[] {dayOld200, 2.0});
        DecodedBatch historical = decoder.decode(topic, batch(true, readings), catalog);
        assertThat(historical.timestamps()).containsExactly(limit, dayOld200);
        assertThat(historical.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.TIMESTAMP_OUT_OF_WINDOW);
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.detail()).isEqualTo("ts 1610705099999 (2021-01-15T10:04:59.999Z) of a historical batch is before"
                    + " the limit of historical batches, now − P5Y (fm.ingest.historical-max-age), 2021-01-15T10:05:00Z");
        });
        DecodedBatch live = decoder.decode(topic, batch(false, readings), catalog);
        assertThat(live.lines()).isEmpty();
        assertThat(live.rejections()).hasSize(3).allSatisfy(r -> assertThat(r.reason())
                .isEqualTo(RejectReason.TIMESTAMP_OUT_OF_WINDOW));
        assertThat(live.rejections().get(2).detail()).isEqualTo("ts 1751191500000 (2025-06-29T10:05:00Z) of a live batch"
                + " is before the live window's start, now − P30D (fm.ingest.max-past; a batch marked historical may go"
                + " back P5Y), 2025-12-16T10:05:00Z");
        long ahead = Instant.parse(clock).toEpochMilli() + 300_001;
        assertThat(decoder.decode(topic, batch(true, List.<Object[]>of(new Object[] {ahead, 1.0})), catalog).rejections())
                .singleElement().extracting(Rejection::detail).asString()
                .contains("of a historical batch is after now + PT5M").contains("fm.ingest.max-future");
    }

    private static byte[] batch(boolean historical, List<Object[]> tsAndValue) {
        StringBuilder readings = new StringBuilder();
        for (Object[] r : tsAndValue) {
            readings.append(readings.length() == 0 ? "" : ",").append("{\"point\":\"office-elec-main-energy\",\"ts\":")
                    .append(r[0]).append(",\"value\":").append(r[1]).append('}');
        }
        return ("{\"v\":1,\"site\":\"demo-campus\",\"edge\":\"office-edge\",\"seq\":1,\"historical\":" + historical
                + ",\"readings\":[" + readings + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void statePointsAreStoredAsIntegersAndNumbersAsFloats() throws IOException {
        byte[] payload = Files.readAllBytes(DemoCatalog.contract("v1/valid/live-batch.json"));
        DecodedBatch batch = decoderAt("2026-01-15T10:00:00Z").decode("fm/v1/demo-campus/office-edge/data", payload, catalog);
        assertThat(batch.lines().get(3)).startsWith("hvac,").contains(" fan_on=1i,seq=1042i ");
        assertThat(batch.lines().get(5)).contains(" power_kw=97.0,seq=1042i ");
        assertThat(batch.lines().get(0)).isEqualTo("electricity,asset=office-elec-main,asset_kind=Building_Electrical_Meter,"
                + "building=office,department=facilities,point=office-elec-main-energy,site=demo-campus,"
                + "zone=office-basement energy_kwh=183422.75,seq=1042i 1768471200000");
    }

    @Test
    void payloadOverTheLimitIsRejectedBeforeParsing() {
        BatchDecoder small = new BatchDecoder(new BatchDecoder.Limits(100, 5000, 8, Duration.ofDays(30),
                Duration.ofMinutes(5), Period.ofYears(5)), Clock.systemUTC());
        DecodedBatch batch = small.decode("fm/v1/demo-campus/office-edge/data", new byte[101], catalog);
        assertThat(batch.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.TOO_LARGE);
            assertThat(r.detail()).contains("101 bytes").contains("100");
        });
    }

    @Test
    void unknownSiteAndReservedEdgeAreRejected() {
        byte[] payload = "{\"v\":1,\"site\":\"north\",\"edge\":\"e\",\"seq\":1,\"readings\":[{}]}".getBytes();
        BatchDecoder decoder = decoderAt("2026-01-15T10:00:00Z");
        assertThat(decoder.decode("fm/v1/north/e/data", payload, catalog).rejections().get(0).reason())
                .isEqualTo(RejectReason.UNKNOWN_SITE);
        assertThat(decoder.decode("fm/v1/demo-campus/dead-letter/data", payload, catalog).rejections().get(0).reason())
                .isEqualTo(RejectReason.INVALID_ID);
        assertThat(decoder.decode("fm/v1/demo-campus/data", payload, catalog).rejections().get(0).reason())
                .isEqualTo(RejectReason.BAD_TOPIC);
    }

    @Test
    void aTopicHasExactlyFiveLevelsWithItsSiteAndEdgeInTheMiddle() {
        byte[] payload = "{\"v\":1,\"site\":\"north\",\"edge\":\"e\",\"seq\":1,\"readings\":[{}]}".getBytes();
        BatchDecoder decoder = decoderAt("2026-01-15T10:00:00Z");
        for (String topic : List.of("fm/v1/demo-campus/data", "fm/v1/demo-campus/office-edge/extra/data", "fm/v1//data",
                "fm/v1/data", "fm/v2/demo-campus/office-edge/data", "fm/v1/demo-campus/office-edge/state",
                "xfm/v1/demo-campus/office-edge/data", "fm/v1/demo-campus/office-edge/data/", "")) {
            assertThat(decoder.decode(topic, payload, catalog).rejections()).as(topic).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(RejectReason.BAD_TOPIC);
                assertThat(r.detail()).isEqualTo("topic '" + topic + "' is not fm/v1/{site}/{edge}/data");
            });
        }
        assertThat(decoder.decode("fm/v1///data", payload, catalog).rejections().get(0).detail())
                .startsWith("site '' in the topic is not an id");
        assertThat(decoder.decode("fm/v1/demo-campus//data", payload, catalog).rejections().get(0).detail())
                .startsWith("edge '' in the topic is not an id");
        assertThat(decoder.decode("fm/v1/Demo/office-edge/data", payload, catalog).rejections().get(0).detail())
                .startsWith("site 'Demo' in the topic is not an id");
        DecodedBatch named = decoder.decode("fm/v1/north/e/data", payload, catalog);
        assertThat(named.rejections().get(0).reason()).isEqualTo(RejectReason.UNKNOWN_SITE);
        assertThat(List.of(named.site(), named.edge())).containsExactly("north", "e");
    }
}
