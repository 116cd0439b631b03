package org.facilitymonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.assets.PointBinding;
import org.facilitymonitor.assets.PointCatalog;
import org.facilitymonitor.assets.PointKind;
import org.junit.jupiter.api.Test;

/** The registry's edge of a point decides which edge may send its readings. */
class BatchDecoderOwnershipTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final long TS = NOW.toEpochMilli() - 1000;

    private final PointCatalog.Snapshot catalog = new PointCatalog.Snapshot(1, Map.of(
            "p-a", point("p-a", "edge-a"),
            "p-b", point("p-b", "edge-b"),
            "p-free", point("p-free", null)), Set.of("s"));

    private static PointBinding point(String id, String edge) {
        return new PointBinding(id, "s", "b", null, "asset-" + id, "Meter", null, PointKind.INSTANTANEOUS, "m", "v", edge);
    }

    private static DecodedBatch decode(boolean requireEdge, PointCatalog.Snapshot catalog) {
        BatchDecoder decoder = new BatchDecoder(new BatchDecoder.Limits(262144, 5000, 8, Duration.ofDays(30),
                Duration.ofMinutes(5), Period.ofYears(5), requireEdge), Clock.fixed(NOW, ZoneOffset.UTC));
        String payload = """
                {"v":1,"site":"s","edge":"edge-a","seq":7,"readings":[
                  {"point":"p-a","ts":%d,"value":1},{"point":"p-b","ts":%d,"value":2},{"point":"p-free","ts":%d,"value":3}]}
                """.formatted(TS, TS, TS);
        return decoder.decode("fm/v1/s/edge-a/data", payload.getBytes(StandardCharsets.UTF_8), catalog);
    }

    @Test
    void aReadingOfAPointAnotherEdgeServesIsRejectedAndTheRestKept() {
        DecodedBatch batch = decode(false, catalog);
        assertThat(batch.points()).containsExactly("p-a", "p-free");
        assertThat(batch.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.NOT_OWNER);
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.detail()).isEqualTo("point 'p-b' is served by edge 'edge-b', not 'edge-a'");
        });
        assertThat(batch.unowned()).isEqualTo(1);
    }

    @Test
    void withRequireEdgeAPointWithoutEdgeIsRejectedToo() {
        DecodedBatch batch = decode(true, catalog);
        assertThat(batch.points()).containsExactly("p-a");
        assertThat(batch.rejections()).extracting(Rejection::reason)
                .containsExactly(RejectReason.NOT_OWNER, RejectReason.NOT_OWNER);
        assertThat(batch.rejections().get(1).detail()).contains("'p-free' has no edge").contains("fm.ingest.require-edge");
    }
}
