package org.facilitymonitor.edge.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.site.Point;
import org.facilitymonitor.edge.site.PointKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataPayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_764_800_000_000L;

    @ParameterizedTest
    @ValueSource(ints = {1, 50})
    void messagesAreValidContractV1WithIncreasingSeqAndUniqueTimestamps(int readingsPerMessage) throws IOException {
        List<Point> points = LoadGeneratorTest.site().points();
        Map<String, PointKind> kinds = new HashMap<>();
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            kinds.put(points.get(i).id(), points.get(i).kind());
            order.put(points.get(i).id(), i);
        }
        DataPayloads payloads = new DataPayloads("demo-campus", "load-1", points, readingsPerMessage, NOW);

        Set<String> identities = new HashSet<>();
        Map<String, Double> lastCumulative = new HashMap<>();
        Set<Object> stateValues = new HashSet<>();
        long counter = 0;
        int messages = 4 * points.size() + 3;
        for (int m = 0; m < messages; m++) {
            // the clock stands still for a while, then jumps: timestamps must neither repeat nor go back
            long now = NOW + (m / 10) * 3;
            byte[] payload = payloads.next(now);
            Batch batch = ContractV1.decode(payload);

            assertThat(batch.site()).isEqualTo("demo-campus");
            assertThat(batch.edge()).isEqualTo("load-1");
            assertThat(batch.historical()).isFalse();
            assertThat(batch.seq()).isEqualTo(NOW + m);
            assertThat(batch.readings()).hasSize(readingsPerMessage);
            JsonNode rawReadings = JSON.readTree(payload).get("readings");
            for (int k = 0; k < readingsPerMessage; k++) {
                Reading r = batch.readings().get(k);
                assertThat(order.get(r.point())).as("readings cycle over the points").isEqualTo((int) (counter++ % points.size()));
                assertThat(identities.add(r.point() + "@" + r.ts())).as("unique (point, ts) " + r.point() + "@" + r.ts()).isTrue();
                assertThat(r.ts()).isGreaterThanOrEqualTo(now);
                switch (kinds.get(r.point())) {
                    case STATE -> {
                        assertThat(r.value()).isInstanceOf(Boolean.class);
                        stateValues.add(r.value());
                    }
                    case CUMULATIVE -> {
                        assertThat(rawReadings.get(k).get("value").isDouble()).isTrue();
                        double value = (Double) r.value();
                        assertThat(value).isGreaterThan(lastCumulative.getOrDefault(r.point(), 0.0));
                        lastCumulative.put(r.point(), value);
                    }
                    case INSTANTANEOUS -> {
                        assertThat(rawReadings.get(k).get("value").isDouble()).as("a float, never an integer").isTrue();
                        assertThat((Double) r.value()).isFinite().isNotNegative();
                    }
                }
            }
        }
        assertThat(payloads.nextSeq()).isEqualTo(NOW + messages);
        assertThat(stateValues).containsExactlyInAnyOrder(true, false);
        assertThat(lastCumulative).isNotEmpty();
    }

    @Test
    void seqAndTimestampsKeepTheirValueWhenTheirDigitCountChanges() {
        List<Point> points = List.of(new Point("a", "A", "q", "u", PointKind.INSTANTANEOUS, "m", "f"));
        long seq = 9_999_999_998L;
        long now = 9_999_999_999_998L;
        DataPayloads payloads = new DataPayloads("s", "e", points, 1, seq);

        for (int m = 0; m < 4; m++) {
            Batch batch = ContractV1.decode(payloads.next(now));
            assertThat(batch.seq()).isEqualTo(seq + m);
            assertThat(batch.readings().get(0).ts()).isEqualTo(now + m);
        }
    }

    @Test
    void aCumulativeValueKeepsIncreasingPastAnotherDigit() {
        List<Point> points = List.of(new Point("meter", "M", "q", "u", PointKind.CUMULATIVE, "m", "f"));
        DataPayloads payloads = new DataPayloads("s", "e", points, ContractV1.MAX_READINGS, 1);

        double last = 0;
        for (int m = 0; m < 8; m++) {
            for (Reading r : ContractV1.decode(payloads.next(NOW)).readings()) {
                assertThat((Double) r.value()).isGreaterThan(last);
                last = (Double) r.value();
            }
        }
        assertThat(last).isEqualTo(1_000 + 8 * ContractV1.MAX_READINGS * 0.25);
    }

    @Test
    void timestampsRunAheadOfAStoppedClockByAMillisecondPerReadingOfAPoint() {
        List<Point> points = List.of(new Point("a", "A", "q", "u", PointKind.INSTANTANEOUS, "m", "f"),
                new Point("b", "B", "q", "u", PointKind.CUMULATIVE, "m", "g"));
        DataPayloads payloads = new DataPayloads("s", "e", points, 7, 1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            for (Reading r : ContractV1.decode(payloads.next(1_000)).readings()) {
                assertThat(seen.add(r.point() + "@" + r.ts())).isTrue();
            }
        }
        assertThat(payloads.maxLeadMs()).isEqualTo(349);
    }
}
