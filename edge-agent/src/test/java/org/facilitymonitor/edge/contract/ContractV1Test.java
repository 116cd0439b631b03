package org.facilitymonitor.edge.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent's side of the golden fixtures in contract/v1 (shared with the service's tests). */
class ContractV1Test {

    static final Path CONTRACT = Path.of(System.getProperty("fm.contract.dir", "../contract/v1"));
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Invalid cases the agent could produce itself, with the field the encoder must name.
     * Reading-level cases index the first offending reading.
     */
    static final Map<String, String> ENCODER_REFUSES = Map.ofEntries(
            Map.entry("uppercase-edge-in-topic.json", "edge"),
            Map.entry("line-protocol-metachars-in-edge.json", "edge"),
            Map.entry("no-readings.json", "readings"),
            Map.entry("negative-seq.json", "seq"),
            Map.entry("wrong-version.json", "v"),
            Map.entry("nan-value.json", "readings[0].value"),
            Map.entry("infinity-value.json", "readings[0].value"),
            Map.entry("huge-number.json", "readings[0].value"),
            Map.entry("string-value.json", "readings[0].value"),
            Map.entry("object-value.json", "readings[0].value"),
            Map.entry("point-id-metachars.json", "readings[0].point"),
            Map.entry("duplicate-reading.json", "readings[1]"));

    /** Invalid cases a Batch cannot express, or that need the registry, the topic or the service's clock. */
    static final Map<String, String> NOT_THE_ENCODERS = Map.ofEntries(
            Map.entry("not-json.json", "bytes, not a Batch"),
            Map.entry("truncated.json", "bytes, not a Batch"),
            Map.entry("empty.json", "bytes, not a Batch"),
            Map.entry("invalid-utf8.bin", "bytes, not a Batch"),
            Map.entry("json-array.json", "bytes, not a Batch"),
            Map.entry("deep-nesting.json", "bytes, not a Batch"),
            Map.entry("missing-seq.json", "a Batch always has a seq"),
            Map.entry("seq-not-integer.json", "seq is a long"),
            Map.entry("readings-not-array.json", "readings is a list"),
            Map.entry("historical-not-boolean.json", "historical is a boolean"),
            Map.entry("missing-ts.json", "ts is a long"),
            Map.entry("ts-as-string.json", "ts is a long"),
            Map.entry("edge-mismatch.json", "the topic is derived from the batch"),
            Map.entry("site-mismatch.json", "the topic is derived from the batch"),
            Map.entry("number-for-state.json", "needs the registry's point kind"),
            Map.entry("boolean-for-number.json", "needs the registry's point kind"),
            Map.entry("negative-counter.json", "needs the registry's point kind"),
            Map.entry("out-of-range.json", "needs the registry's plausible range"),
            Map.entry("unknown-point.json", "needs the registry"),
            Map.entry("ts-1970.json", "needs the service's clock"),
            Map.entry("ts-one-year-ahead.json", "needs the service's clock"),
            Map.entry("live-batch-too-old.json", "needs the service's clock"),
            Map.entry("historical-beyond-limit.json", "needs the service's clock"));

    static Stream<Path> validFixtures() throws IOException {
        return Files.list(CONTRACT.resolve("valid")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    static List<JsonNode> invalidCases() throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        JSON.readTree(CONTRACT.resolve("invalid/cases.json").toFile()).get("cases").forEach(cases::add);
        return cases;
    }

    @Test
    void aLivePayloadRewrittenAsHistoricalDecodesToTheSameBatchMarkedHistorical() {
        // an edge id and point ids containing "historical" must not confuse the rewrite
        Batch live = Batch.live("demo-campus", "historical-edge", 7, List.of(
                Reading.of("historical-false", 1_768_471_200_000L, 1.5),
                Reading.of("pump-running", 1_768_471_200_000L, true)));
        byte[] payload = ContractV1.encode(live);
        byte[] rewritten = ContractV1.asHistorical(payload);
        assertThat(rewritten).hasSameSizeAs(payload);
        assertThat(ContractV1.decode(rewritten)).isEqualTo(new Batch(1, "demo-campus", "historical-edge", 7, true,
                live.readings()));
        assertThat(ContractV1.decode(payload).historical()).as("the original is untouched").isFalse();
        assertThatThrownBy(() -> ContractV1.asHistorical(rewritten)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("historical");
    }

    @Test
    void fixturesAreThere() throws IOException {
        assertThat(validFixtures()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(invalidCases()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("validFixtures")
    void validFixtureDecodesAndReencodesToTheSameTree(Path fixture) throws IOException {
        byte[] bytes = Files.readAllBytes(fixture);

        byte[] reencoded = ContractV1.encode(ContractV1.decode(bytes));

        JsonNode expected = JSON.readTree(bytes);
        if (!expected.has("historical")) {
            // The encoder always writes the optional field; absent means false.
            assertThat(fixture.getFileName().toString()).isEqualTo("minimal-batch.json");
            ((ObjectNode) expected).put("historical", false);
        }
        assertThat(JSON.readTree(reencoded)).isEqualTo(expected);
    }

    @Test
    void everyInvalidCaseIsClassified() throws IOException {
        Set<String> files = new HashSet<>();
        for (JsonNode c : invalidCases()) {
            files.add(c.get("file").asText());
        }
        Set<String> classified = new HashSet<>(ENCODER_REFUSES.keySet());
        classified.addAll(NOT_THE_ENCODERS.keySet());
        assertThat(classified).as("cases.json changed: classify the new cases here").isEqualTo(files);
        assertThat(ENCODER_REFUSES.keySet()).doesNotContainAnyElementsOf(NOT_THE_ENCODERS.keySet());
        for (JsonNode c : invalidCases()) {
            String field = ENCODER_REFUSES.get(c.get("file").asText());
            if (field != null && c.has("rejectedIndexes")) {
                assertThat(field).as(c.get("file").asText())
                        .startsWith("readings[" + c.get("rejectedIndexes").get(0).asInt() + "]");
            }
        }
    }

    static Stream<String> encoderCases() {
        return ENCODER_REFUSES.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("encoderCases")
    void encoderRefusesWhatTheAgentCouldGetWrong(String file) throws IOException {
        Batch batch = lenientBatch(Files.readAllBytes(CONTRACT.resolve("invalid").resolve(file)));

        assertThatThrownBy(() -> ContractV1.encode(batch))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(ENCODER_REFUSES.get(file) + ":");
    }

    @Test
    void decoderRejectsMessageLevelCasesExceptTopicMismatch() throws IOException {
        int checked = 0;
        for (JsonNode c : invalidCases()) {
            String file = c.get("file").asText();
            boolean decodable = c.get("level").asText().equals("reading")
                    ? !ENCODER_REFUSES.containsKey(file) && !Set.of("missing-ts.json", "ts-as-string.json").contains(file)
                    : c.get("reason").asText().equals("topic-mismatch");
            byte[] payload = Files.readAllBytes(CONTRACT.resolve("invalid").resolve(file));
            if (decodable) {
                ContractV1.decode(payload);
            } else {
                assertThatThrownBy(() -> ContractV1.decode(payload)).as(file).isInstanceOf(IllegalArgumentException.class);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void doubleIsWrittenWithAFractionAndLongWithout() {
        Batch batch = Batch.live("demo-campus", "office-edge", 1, List.of(
                Reading.of("a", 1_768_471_200_000L, 97.0),
                Reading.ofCode("b", 1_768_471_200_000L, 97),
                Reading.of("c", 1_768_471_200_000L, true)));

        String json = new String(ContractV1.encode(batch), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"v\":1,\"site\":\"demo-campus\",\"edge\":\"office-edge\",\"seq\":1,"
                + "\"historical\":false,\"readings\":[{\"point\":\"a\",\"ts\":1768471200000,\"value\":97.0},"
                + "{\"point\":\"b\",\"ts\":1768471200000,\"value\":97},"
                + "{\"point\":\"c\",\"ts\":1768471200000,\"value\":true}]}");
        assertThat(ContractV1.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(batch);
    }

    @Test
    void topics() {
        assertThat(ContractV1.dataTopic("demo-campus", "office-edge")).isEqualTo("fm/v1/demo-campus/office-edge/data");
        assertThat(ContractV1.stateTopic("demo-campus", "office-edge")).isEqualTo("fm/v1/demo-campus/office-edge/state");
        assertThatThrownBy(() -> ContractV1.dataTopic("demo-campus", "office/#"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("edge:");
        assertThatThrownBy(() -> ContractV1.dataTopic("Demo", "office-edge"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("site:");
        assertThatThrownBy(() -> ContractV1.stateTopic("demo-campus", "alerts"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    @Test
    void idRules() {
        assertThat(ContractV1.isValidId("a")).isTrue();
        assertThat(ContractV1.isValidId("0-a-b")).isTrue();
        assertThat(ContractV1.isValidId("a".repeat(64))).isTrue();
        assertThat(ContractV1.isValidId("a".repeat(65))).isFalse();
        assertThat(ContractV1.isValidId("-a")).isFalse();
        assertThat(ContractV1.isValidId("")).isFalse();
        assertThat(ContractV1.isValidId("a_b")).isFalse();
        assertThat(ContractV1.isValidId(null)).isFalse();
    }

    @Test
    void tooManyReadingsAreRefused() {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i <= ContractV1.MAX_READINGS; i++) {
            readings.add(Reading.of("p", i, 1.0));
        }
        assertThatThrownBy(() -> ContractV1.encode(Batch.live("s", "e", 0, readings)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("readings:");
        assertThat(ContractV1.encode(Batch.live("s", "e", 0, readings.subList(0, ContractV1.MAX_READINGS)))).isNotEmpty();
    }

    @Test
    void nullValueIsRefused() {
        assertThatThrownBy(() -> ContractV1.encode(Batch.live("s", "e", 0, List.of(new Reading("p", 1, null)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("readings[0].value:");
    }

    /** Maps fixture JSON to a Batch without any checks, so the encoder's checks can be tested. */
    @Test
    void receiptFixturesDecodeToTheirRangesAndRejections() throws IOException {
        Receipt both = ContractV1.decodeReceipt(Files.readAllBytes(CONTRACT.resolve("receipts/stored-and-rejected.json")));
        assertThat(both.site()).isEqualTo("demo-campus");
        assertThat(both.edge()).isEqualTo("office-edge");
        assertThat(both.at()).isEqualTo(1768471201234L);
        assertThat(both.stored()).containsExactly(new Receipt.Range(1040, 1042), new Receipt.Range(1044, 1044));
        assertThat(both.stored().get(0).contains(1041)).isTrue();
        assertThat(both.stored().get(0).contains(1043)).isFalse();
        assertThat(both.rejected()).containsExactly(new Receipt.Rejected(1043, "schema",
                "readings: must be an array of 1 to 5000 readings"));

        Receipt stored = ContractV1.decodeReceipt(Files.readAllBytes(CONTRACT.resolve("receipts/stored-only.json")));
        assertThat(stored.stored()).containsExactly(new Receipt.Range(1045, 1045));
        assertThat(stored.rejected()).isEmpty();
        try (Stream<Path> files = Files.list(CONTRACT.resolve("receipts"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("every receipt fixture is read here").containsExactlyInAnyOrder("stored-and-rejected.json",
                            "stored-only.json");
        }
        assertThat(ContractV1.receiptTopic("demo-campus", "office-edge")).isEqualTo("fm/v1/demo-campus/office-edge/receipt");
    }

    @ParameterizedTest
    @MethodSource("malformedReceipts")
    void aMalformedReceiptIsRefusedNamingTheField(String payload, String field) {
        assertThatThrownBy(() -> ContractV1.decodeReceipt(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field + ":");
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> malformedReceipts() {
        String head = "{\"v\":1,\"site\":\"demo-campus\",\"edge\":\"office-edge\",\"at\":1,";
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("not json", "payload"),
                org.junit.jupiter.params.provider.Arguments.of("[1,2]", "payload"),
                org.junit.jupiter.params.provider.Arguments.of("{\"v\":2,\"site\":\"s\",\"edge\":\"e\",\"at\":1,\"stored\":[],\"rejected\":[]}", "v"),
                org.junit.jupiter.params.provider.Arguments.of(head.replace("office-edge", "Office") + "\"stored\":[],\"rejected\":[]}", "edge"),
                org.junit.jupiter.params.provider.Arguments.of(head + "\"rejected\":[]}", "stored"),
                org.junit.jupiter.params.provider.Arguments.of(head + "\"stored\":[[5]],\"rejected\":[]}", "stored[0]"),
                org.junit.jupiter.params.provider.Arguments.of(head + "\"stored\":[[1,2],[9,3]],\"rejected\":[]}", "stored[1]"),
                org.junit.jupiter.params.provider.Arguments.of(head + "\"stored\":[[-1,2]],\"rejected\":[]}", "stored[0][0]"),
                org.junit.jupiter.params.provider.Arguments.of(head + "\"stored\":[[1,\"2\"]],\"rejected\":[]}", "stored[0][1]"),
                org.junit.jupiter.params.provider.Arguments.of(head + "\"stored\":[]}", "rejected"),
                org.junit.jupiter.params.provider.Arguments.of(head + "\"stored\":[],\"rejected\":[{\"reason\":\"schema\"}]}", "rejected[0].seq"),
                org.junit.jupiter.params.provider.Arguments.of(head + "\"stored\":[],\"rejected\":[{\"seq\":3}]}", "rejected[0].reason"),
                org.junit.jupiter.params.provider.Arguments.of(head + "\"stored\":[],\"rejected\":[{\"seq\":3,\"reason\":\"x\",\"detail\":4}]}", "rejected[0].detail"));
    }

    static Batch lenientBatch(byte[] payload) throws IOException {
        JsonNode root = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(payload);
        List<Reading> readings = new ArrayList<>();
        for (JsonNode r : root.get("readings")) {
            readings.add(new Reading(r.get("point").asText(), r.get("ts").asLong(), javaValue(r.get("value"))));
        }
        return new Batch(root.get("v").asInt(), root.get("site").asText(), root.get("edge").asText(),
                root.get("seq").asLong(), root.path("historical").asBoolean(false), readings);
    }

    private static Object javaValue(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        return JSON.convertValue(v, Map.class);
    }
}
