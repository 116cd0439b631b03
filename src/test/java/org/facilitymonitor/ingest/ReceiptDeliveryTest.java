package org.facilitymonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.Metrics;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.facilitymonitor.testing.TestSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Receipts (contract v1, fm/v1/{site}/{edge}/receipt) through the real broker, and the writer's
 * crash path: a round that fails is not acknowledged, the broker redelivers it, and it is stored.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class ReceiptDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "demo-campus";
    private static final String EDGE = "office-edge";
    private static final String RECEIPTS = "fm/v1/" + SITE + "/" + EDGE + "/receipt";
    private static final String DEAD_LETTERS = "fm/v1/" + SITE + "/dead-letter/" + EDGE;

    @InjectStack
    NativeStack stack;

    @Inject
    IngestPipeline pipeline;
    @Inject
    WrittenObserverProbe observerProbe;

    @AfterEach
    void noHook() {
        pipeline.beforeAcknowledgements(null);
        pipeline.beforeWrite(null);
        pipeline.holdBatching(false);
        observerProbe.hooks(null, null);
        observerProbe.writingHook(null);
    }

    private TestSubscriber subscriber(String filter) {
        return new TestSubscriber(stack.mqttUrl(), "fm-service", stack.setting("FM_MQTT_PASSWORD"), filter);
    }

    private static boolean holds(List<IngestPipeline.Pending> round, long seq) {
        return round.stream().anyMatch(p -> IngestPipeline.decoded(p).seq() == seq);
    }

    /** The receipts received so far that name a seq in [from, from + 1000). */
    private static List<JsonNode> receipts(TestSubscriber subscriber, long from) {
        return subscriber.received().stream().filter(m -> m.topic().equals(RECEIPTS)).map(m -> read(m.payload()))
                .filter(r -> names(r, from)).toList();
    }

    private static boolean names(JsonNode receipt, long from) {
        for (JsonNode range : receipt.get("stored")) {
            if (range.get(1).asLong() >= from && range.get(0).asLong() < from + 1000) {
                return true;
            }
        }
        for (JsonNode rejected : receipt.get("rejected")) {
            if (rejected.get("seq").asLong() >= from && rejected.get("seq").asLong() < from + 1000) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode read(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String range(long first, long last) {
        return "[" + first + "," + last + "]";
    }

    @Test
    void aRoundGetsOneReceiptPerEdgeWithStoredRangesAndRejectedBatchesAndNothingForUnreadableMessages()
            throws Exception {
        long base = IngestPipelineTest.uniqueSeqBase();
        long ts = System.currentTimeMillis() - 60_000;
        double storedBefore = Metrics.value("fm_ingest_receipts_batches_total{outcome=\"stored\"}");
        double rejectedBefore = Metrics.value("fm_ingest_receipts_batches_total{outcome=\"rejected\"}");
        double publishedBefore = Metrics.value("fm_ingest_receipts_published_total");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The first round is held on the writer thread while the next batches queue up: they then form one round.
        pipeline.beforeAcknowledgements(round -> {
            if (holds(round, base)) {
                held.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try (TestSubscriber subscriber = subscriber("fm/v1/" + SITE + "/#");
                TestEdge edge = new TestEdge(stack.mqttUrl(), SITE, EDGE, StackTestResource.EDGE_PASSWORD)) {
            edge.publish(edge.batch(base, List.<Object[]>of(new Object[] { "office-elec-main-power", ts, 10.0 })));
            assertThat(held.await(30, TimeUnit.SECONDS)).as("the first round reached the hook").isTrue();
            // With several writers the next batches could form rounds of their own meanwhile: hold them for one.
            pipeline.holdBatching(true);
            for (int i = 1; i <= 3; i++) {
                edge.publish(edge.batch(base + i, List.<Object[]>of(new Object[] { "office-elec-main-power", ts + i, 10.0 + i })));
            }
            edge.publish(edge.batch(base + 4, List.<Object[]>of(new Object[] { "office-elec-main-power", ts + 4, 14.0 },
                    new Object[] { "no-such-point", ts + 4, 1.0 })));
            edge.publish(TestEdge.batch(SITE, "dorm-edge", base + 5, false,
                    List.<Object[]>of(new Object[] { "office-elec-main-power", ts + 5, 15.0 })));
            edge.publish(("{\"v\":2,\"site\":\"" + SITE + "\",\"edge\":\"" + EDGE + "\",\"seq\":" + (base + 6)
                    + ",\"readings\":[]}").getBytes(StandardCharsets.UTF_8));
            edge.publish("{\"v\":1,\"seq\":".getBytes(StandardCharsets.UTF_8));
            edge.publish(TestEdge.batch(SITE, EDGE, base + 7, true,
                    List.<Object[]>of(new Object[] { "office-elec-main-power", ts - 86_400_000L * 40, 17.0 })));
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.pendingMessages() >= 9);
            assertThat(receipts(subscriber, base)).as("nothing is receipted before the round is through").isEmpty();
            release.countDown();
            pipeline.holdBatching(false);

            await().atMost(Duration.ofSeconds(30)).until(() -> receipts(subscriber, base).size() >= 2);
            JsonNode first = receipts(subscriber, base).get(0);
            assertThat(first.get("v").asInt()).isEqualTo(1);
            assertThat(first.get("site").asText()).isEqualTo(SITE);
            assertThat(first.get("edge").asText()).isEqualTo(EDGE);
            assertThat(first.get("at").asLong()).isPositive();
            assertThat(first.get("stored").toString()).isEqualTo("[" + range(base, base) + "]");
            assertThat(first.get("rejected")).isEmpty();
            JsonNode second = receipts(subscriber, base).get(1);
            assertThat(second.get("stored").toString()).as("several seqs of one round compressed; the one with a bad reading "
                    + "is stored; the historical one too").isEqualTo("[" + range(base + 1, base + 4) + "," + range(base + 7, base + 7) + "]");
            assertThat(second.get("rejected")).hasSize(2);
            assertThat(second.get("rejected").get(0).get("seq").asLong()).isEqualTo(base + 5);
            assertThat(second.get("rejected").get(0).get("reason").asText()).isEqualTo("topic-mismatch");
            assertThat(second.get("rejected").get(0).get("detail").asText())
                    .isEqualTo("field 'edge' is 'dorm-edge' but the topic says 'office-edge'");
            assertThat(second.get("rejected").get(1).get("seq").asLong()).isEqualTo(base + 6);
            assertThat(second.get("rejected").get(1).get("reason").asText()).isEqualTo("unsupported-version");

            // not JSON: its dead letter arrives, then a marker's receipt, and no receipt came for it in between
            edge.publish("not json at all".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.received().stream()
                    .anyMatch(m -> m.topic().equals(DEAD_LETTERS) && m.payload().contains("not json at all")));
            edge.publish(edge.batch(base + 8, List.<Object[]>of(new Object[] { "office-elec-main-power", ts + 8, 18.0 })));
            await().atMost(Duration.ofSeconds(30)).until(() -> receipts(subscriber, base).size() >= 3);
            List<JsonNode> all = receipts(subscriber, base);
            assertThat(all).hasSize(3);
            assertThat(all.get(2).get("stored").toString()).isEqualTo("[" + range(base + 8, base + 8) + "]");
            assertThat(all.get(2).get("rejected")).isEmpty();
            assertThat(subscriber.received().stream().filter(m -> m.topic().equals(RECEIPTS)).map(m -> read(m.payload()))
                    .filter(r -> r.get("stored").isEmpty() && r.get("rejected").isEmpty()).toList())
                    .as("no empty receipt").isEmpty();
        }
        assertThat(Metrics.value("fm_ingest_receipts_batches_total{outcome=\"stored\"}") - storedBefore).isEqualTo(7);
        assertThat(Metrics.value("fm_ingest_receipts_batches_total{outcome=\"rejected\"}") - rejectedBefore).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.value("fm_ingest_receipts_published_total") - publishedBefore >= 3);
    }

    @Test
    void aLaterRoundIsWrittenWhileAnEarlierOneWaitsButAcknowledgedOnlyAfterIt() throws Exception {
        long base = IngestPipelineTest.uniqueSeqBase();
        long ts = System.currentTimeMillis() - 60_000;
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<Long> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
        pipeline.beforeWrite(round -> {
            if (holds(round, base)) {
                firstWriting.countDown();
                try {
                    releaseFirst.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        pipeline.beforeAcknowledgements(round -> round.stream().map(p -> IngestPipeline.decoded(p).seq())
                .filter(seq -> seq == base || seq == base + 1).forEach(acknowledged::add));
        List<Long> writing = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Long> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Long> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
        observerProbe.writingHook(b -> {
            if (b.seq() == base || b.seq() == base + 1) {
                writing.add(b.seq());
            }
        });
        observerProbe.hooks(b -> {
            if (b.seq() == base || b.seq() == base + 1) {
                written.add(b.seq());
            }
        }, b -> {
            if (b.seq() == base || b.seq() == base + 1) {
                stored.add(b.seq());
            }
        });
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), SITE, EDGE, StackTestResource.EDGE_PASSWORD)) {
            edge.publish(edge.batch(base, List.<Object[]>of(new Object[] { "office-elec-main-power", ts, 1.0 })));
            assertThat(firstWriting.await(30, TimeUnit.SECONDS)).as("the first round waits before its write").isTrue();
            assertThat(writing).as("observers are told of a write before InfluxDB has it").containsExactly(base);
            assertThat(written).isEmpty();
            edge.publish(edge.batch(base + 1, List.<Object[]>of(new Object[] { "office-elec-main-power", ts + 1, 2.0 })));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> influx.countWhere("\"seq\" = " + (base + 1)) == 1);
            assertThat(acknowledged).as("the second round is stored, but not acknowledged before the first").isEmpty();
            assertThat(pipeline.pendingMessages()).as("both held unacknowledged").isGreaterThanOrEqualTo(2);
            assertThat(influx.countWhere("\"seq\" = " + base)).as("the first is not written yet").isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> !written.isEmpty());
            assertThat(written).as("observers are told the second is written while the first waits").containsExactly(base + 1);
            assertThat(writing).containsExactly(base, base + 1);
            assertThat(stored).as("but not that it is stored in order").isEmpty();
            assertThat(acknowledged).as("still nothing acknowledged").isEmpty();
            releaseFirst.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 2);
            assertThat(acknowledged).containsExactly(base, base + 1);
            assertThat(written).containsExactly(base + 1, base);
            assertThat(stored).containsExactly(base, base + 1);
            assertThat(influx.countWhere("\"seq\" = " + base)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.pendingMessages() == 0);
        }
    }

    @Test
    void aCrashedWriteRoundIsNotAcknowledgedButRedeliveredStoredAndReceipted() throws Exception {
        long seq = IngestPipelineTest.uniqueSeqBase();
        long ts = System.currentTimeMillis() - 60_000;
        double failuresBefore = Metrics.value("fm_ingest_writer_failures_total");
        double receivedBefore = Metrics.value("fm_ingest_messages_received_total");
        AtomicBoolean crashed = new AtomicBoolean();
        AtomicInteger roundsWithSeq = new AtomicInteger();
        pipeline.beforeAcknowledgements(round -> {
            if (holds(round, seq) && roundsWithSeq.incrementAndGet() == 1 && crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("test: the writer fails once on the round of seq " + seq);
            }
        });
        try (TestSubscriber subscriber = subscriber(RECEIPTS);
                TestEdge edge = new TestEdge(stack.mqttUrl(), SITE, EDGE, StackTestResource.EDGE_PASSWORD)) {
            edge.publish(edge.batch(seq, List.<Object[]>of(new Object[] { "office-elec-main-power", ts, 31.0 },
                    new Object[] { "office-ahu-1-supply-temp", ts, 18.5 }, new Object[] { "office-ahu-1-fan", ts, true })));
            await().atMost(Duration.ofSeconds(30)).until(() -> Metrics.value("fm_ingest_writer_failures_total") > failuresBefore);
            // the broker redelivers the message only on a new connection: the slot of the crashed round was released
            await().atMost(Duration.ofSeconds(30)).until(() -> receipts(subscriber, seq).size() == 1);
            assertThat(receipts(subscriber, seq).get(0).get("stored").toString()).isEqualTo("[" + range(seq, seq) + "]");
            assertThat(roundsWithSeq).as("the crashed round, then the broker's redelivery").hasValue(2);
            assertThat(Metrics.value("fm_ingest_messages_received_total") - receivedBefore).as("published once, received twice")
                    .isEqualTo(2);
            InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
            await().atMost(Duration.ofSeconds(30)).until(() -> influx.countWhere("\"seq\" = " + seq) == 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.pendingMessages() == 0);

            // a marker after the crash: stored and receipted once, and still one receipt for the crashed round
            edge.publish(edge.batch(seq + 1, List.<Object[]>of(new Object[] { "office-elec-main-power", ts + 1, 32.0 })));
            await().atMost(Duration.ofSeconds(30)).until(() -> receipts(subscriber, seq).size() == 2);
            assertThat(receipts(subscriber, seq).get(1).get("stored").toString()).isEqualTo("[" + range(seq + 1, seq + 1) + "]");
            assertThat(influx.countWhere("\"seq\" = " + seq)).as("stored once: the redelivery overwrote nothing twice").isEqualTo(3);
        }
        assertThat(Metrics.value("fm_ingest_writer_failures_total") - failuresBefore).isEqualTo(1);
        assertThat(roundsWithSeq).as("no third delivery").hasValue(2);
        assertThat(crashed).isTrue();
    }
}
