package org.facilitymonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.facilitymonitor.ingest.Receipts.Outcome;
import org.facilitymonitor.testing.DemoCatalog;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The receipts of a write round (pure), and the golden receipt fixtures of contract v1 read and written by the model. */
class ReceiptsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long AT = 1768471201234L;

    private static Outcome stored(String edge, long seq) {
        return new Outcome("demo-campus", edge, seq, null);
    }

    private static Outcome rejected(String edge, long seq, RejectReason reason, String detail) {
        return new Outcome("demo-campus", edge, seq, Rejection.ofMessage(reason, detail));
    }

    private static List<List<Long>> ranges(Receipt receipt) {
        return receipt.stored().stream().map(r -> List.of(r[0], r[1])).toList();
    }

    @Test
    void seqsOutOfOrderAreCompressedIntoAscendingInclusiveRanges() {
        List<Receipt> receipts = Receipts.of(List.of(stored("office-edge", 1044), stored("office-edge", 1041),
                stored("office-edge", 1040), stored("office-edge", 1042), stored("office-edge", 1047),
                stored("office-edge", 1041)), AT);
        assertThat(receipts).hasSize(1);
        Receipt receipt = receipts.get(0);
        assertThat(ranges(receipt)).containsExactly(List.of(1040L, 1042L), List.of(1044L, 1044L), List.of(1047L, 1047L));
        assertThat(receipt.rejected()).isEmpty();
        assertThat(receipt.topic()).isEqualTo("fm/v1/demo-campus/office-edge/receipt");
        assertThat(receipt.at()).isEqualTo(AT);
        assertThat(receipt.v()).isEqualTo(1);
        assertThat(receipt.batchCount()).as("1040-1042, 1044, 1047").isEqualTo(5);
    }

    @Test
    void oneReceiptPerEdgeInFirstAppearanceOrderWithTheRejectedBatchesAndTheirReason() {
        List<Receipt> receipts = Receipts.of(List.of(stored("dorm-edge", 7), stored("office-edge", 1040),
                rejected("office-edge", 1043, RejectReason.TOPIC_MISMATCH, "field 'edge' is 'x' but the topic says 'office-edge'"),
                stored("dorm-edge", 8), rejected("office-edge", 1041, RejectReason.UNSUPPORTED_VERSION, "version 2"),
                stored("office-edge", 1042)), AT);
        assertThat(receipts).extracting(Receipt::edge).containsExactly("dorm-edge", "office-edge");
        assertThat(ranges(receipts.get(0))).containsExactly(List.of(7L, 8L));
        Receipt office = receipts.get(1);
        assertThat(ranges(office)).as("1041 between them was rejected: two ranges")
                .containsExactly(List.of(1040L, 1040L), List.of(1042L, 1042L));
        assertThat(office.rejected()).containsExactly(
                new Receipt.RejectedBatch(1041, "unsupported-version", "version 2"),
                new Receipt.RejectedBatch(1043, "topic-mismatch", "field 'edge' is 'x' but the topic says 'office-edge'"));
        assertThat(office.batchCount()).isEqualTo(4);
    }

    @Test
    void batchesWithoutSeqOrEdgeGetNoReceiptAndASeqStoredAndRejectedIsNamedOnceAsStored() {
        List<Receipt> receipts = Receipts.of(List.of(
                new Outcome("demo-campus", "office-edge", -1, Rejection.ofMessage(RejectReason.NOT_JSON, "payload is not JSON")),
                new Outcome(null, null, -1, Rejection.ofMessage(RejectReason.BAD_TOPIC, "topic")),
                new Outcome("demo-campus", null, 5, Rejection.ofMessage(RejectReason.INVALID_ID, "reserved")),
                new Outcome("other-site", "office-edge", 9, null)), AT);
        assertThat(receipts).hasSize(1);
        assertThat(receipts.get(0).site()).as("site and edge together name the receipt").isEqualTo("other-site");

        Receipt twice = Receipts.of(List.of(rejected("office-edge", 3, RejectReason.UNKNOWN_SITE, "gone"), stored("office-edge", 3)),
                AT).get(0);
        assertThat(ranges(twice)).containsExactly(List.of(3L, 3L));
        assertThat(twice.rejected()).isEmpty();
        assertThat(Receipts.of(List.of(), AT)).isEmpty();
    }

    @Test
    void rangesOfLargeAndAdjacentSeqs() {
        assertThat(Receipts.ranges(List.of(Long.MAX_VALUE - 1, Long.MAX_VALUE))).extracting(r -> List.of(r[0], r[1]))
                .containsExactly(List.of(Long.MAX_VALUE - 1, Long.MAX_VALUE));
        assertThat(Receipts.ranges(List.of(0L, 2L, 3L, 4L, 9L))).extracting(r -> List.of(r[0], r[1]))
                .containsExactly(List.of(0L, 0L), List.of(2L, 4L), List.of(9L, 9L));
    }

    @TestFactory
    Stream<DynamicTest> everyReceiptFixtureReadsIntoTheModelAndIsWrittenBackIdentically() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(DemoCatalog.contract("v1/receipts"))) {
            files = list.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            JsonNode fixture = JSON.readTree(file.toFile());
            Receipt receipt = JSON.treeToValue(fixture, Receipt.class);
            assertThat(receipt.v()).isEqualTo(1);
            assertThat(receipt.site()).isEqualTo(fixture.get("site").asText());
            assertThat(receipt.stored()).hasSize(fixture.get("stored").size());
            assertThat(JSON.readTree(JSON.writeValueAsBytes(receipt))).as("written back").isEqualTo(fixture);
        }));
    }

    @Test
    void theRoundOfTheFixtureGivesTheFixture() throws IOException {
        JsonNode fixture = JSON.readTree(DemoCatalog.contract("v1/receipts/stored-and-rejected.json").toFile());
        String detail = fixture.get("rejected").get(0).get("detail").asText();
        List<Receipt> receipts = Receipts.of(List.of(stored("office-edge", 1044), stored("office-edge", 1040),
                rejected("office-edge", 1043, RejectReason.SCHEMA, detail), stored("office-edge", 1041),
                stored("office-edge", 1042)), AT);
        assertThat(JSON.readTree(JSON.writeValueAsBytes(receipts.get(0)))).isEqualTo(fixture);
    }
}
