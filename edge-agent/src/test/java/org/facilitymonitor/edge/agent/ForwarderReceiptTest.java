package org.facilitymonitor.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.contract.Receipt;
import org.facilitymonitor.edge.mqtt.BrokerConnection;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.facilitymonitor.edge.queue.QueuedBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder's receipt bookkeeping, one {@link Forwarder#step()} at a time, with a broker whose
 * PUBACKs the test gives and a clock the test moves.
 */
class ForwarderReceiptTest {

    private static final String SITE = "demo-campus";
    private static final String EDGE = "office-edge";
    private static final String TOPIC = ContractV1.dataTopic(SITE, EDGE);

    @TempDir
    Path dir;

    private final MovableClock time = new MovableClock(Instant.parse("2026-11-21T08:00:00Z"));
    private final AgentClock clock = AgentClock.realTime(time);
    private final HeldPubacks broker = new HeldPubacks();
    private final AgentCounters counters = new AgentCounters();
    private DiskQueue queue;

    @BeforeEach
    void open() throws IOException {
        queue = DiskQueue.open(dir, DiskQueue.Options.of(64 * 1024, 1024 * 1024));
        broker.connect();
    }

    @AfterEach
    void close() throws IOException {
        queue.close();
    }

    @Test
    void aBatchStaysQueuedAfterItsPubackAndLeavesOnTheReceiptNamingIt() throws Exception {
        Forwarder f = forwarder(0, Receipts.on(Duration.ofSeconds(30), Duration.ofMinutes(5)));
        append(100, 101, 102);
        f.step();
        assertThat(broker.sentSeqs()).containsExactly(100L, 101L, 102L);

        broker.pubackAll();
        f.step();
        assertThat(queue.stats().depthBatches()).as("a PUBACK deletes nothing").isEqualTo(3);
        assertThat(f.inflight()).as("but frees the inflight slots").isZero();
        assertThat(f.awaitingReceipts().batches()).isEqualTo(3);
        assertThat(counters.batchesBrokerAcknowledged()).isEqualTo(3);

        f.onReceipt(receipt(List.of(new Receipt.Range(101, 101), new Receipt.Range(100, 100)), List.of()));
        f.step();
        assertThat(queue.stats().depthBatches()).isEqualTo(1);
        assertThat(queue.peekOldest(10)).extracting(QueuedBatch::seq).containsExactly(102L);
        assertThat(f.awaitingReceipts().batches()).isEqualTo(1);
        assertThat(counters.batchesAcknowledged()).isEqualTo(2);
        assertThat(counters.readingsAcknowledged()).isEqualTo(4);

        // a seq it does not hold (twice, or never) is ignored; a rejected batch is deleted and counted
        f.onReceipt(receipt(List.of(new Receipt.Range(100, 100), new Receipt.Range(5000, 5010)),
                List.of(new Receipt.Rejected(102, "schema", "readings[0].value: must be a number"),
                        new Receipt.Rejected(7, "schema", "not held"))));
        f.step();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(f.awaitingReceipts().batches()).isZero();
        assertThat(counters.receiptsReceived()).isEqualTo(2);
        assertThat(counters.batchesAcknowledged()).as("stored, not rejected").isEqualTo(2);
        assertThat(counters.batchesRejected()).isEqualTo(1);
        assertThat(counters.lastRejection()).isEqualTo("seq 102: schema: readings[0].value: must be a number");
        assertThat(broker.sentSeqs()).as("nothing was sent again").hasSize(3);
    }

    @Test
    void withoutAReceiptABatchIsSentAgainAfterTheTimeoutDoublingUpToTheMaximum() throws Exception {
        Forwarder f = forwarder(0, Receipts.on(Duration.ofSeconds(30), Duration.ofSeconds(100)));
        append(100);
        f.step();
        broker.pubackAll();
        f.step();
        byte[] first = broker.sent.get(0).payload;

        long[] waits = {30, 60, 100, 100}; // doubled per resend, capped at the maximum
        for (int i = 0; i < waits.length; i++) {
            time.advance(Duration.ofSeconds(waits[i]).minusMillis(1));
            f.step();
            assertThat(broker.sent).as("before wait %d of %d s ran out", i + 1, waits[i]).hasSize(1 + i);
            time.advance(Duration.ofMillis(200)); // the due batches are looked for at most every 200 ms
            f.step();
            assertThat(broker.sent).as("once wait %d of %d s ran out", i + 1, waits[i]).hasSize(2 + i);
            assertThat(broker.sent.get(1 + i).payload).as("the same bytes").isEqualTo(ContractV1.asHistorical(first));
            assertThat(queue.stats().depthBatches()).isEqualTo(1);
            time.advance(Duration.ofSeconds(3)); // the PUBACK of the resend comes a little later: the wait starts there
            broker.pubackAll();
            f.step();
        }
        assertThat(counters.batchesResentForReceipt()).isEqualTo(waits.length);
        assertThat(f.awaitingReceipts().batches()).isEqualTo(1);

        f.onReceipt(receipt(List.of(new Receipt.Range(100, 100)), List.of()));
        f.step();
        assertThat(queue.isEmpty()).isTrue();
        time.advance(Duration.ofMinutes(10));
        f.step();
        assertThat(broker.sent).as("nothing more once confirmed").hasSize(1 + waits.length);
    }

    @Test
    void resendsGoOldestFirstWithinTheDrainRate() throws Exception {
        // 10 readings/s and batches of 2 readings: a burst of one second's budget, then paced
        Forwarder f = forwarder(10, Receipts.on(Duration.ofSeconds(30), Duration.ofMinutes(5)));
        append(100, 101, 102, 103, 104, 105, 106, 107, 108, 109);
        f.step();
        broker.pubackAll();
        f.step();
        assertThat(broker.sentSeqs()).hasSize(10);

        time.advance(Duration.ofSeconds(31));
        steps(f, 20);
        List<Long> resent = broker.sentSeqs().subList(10, broker.sent.size());
        assertThat(resent).as("one second's budget: 10 readings").containsExactly(100L, 101L, 102L, 103L, 104L);
        time.advance(Duration.ofMillis(400));
        steps(f, 20);
        assertThat(broker.sentSeqs().subList(10, broker.sent.size())).as("then 2 readings per 200 ms")
                .containsExactly(100L, 101L, 102L, 103L, 104L, 105L, 106L);
    }

    @Test
    void liveDataKeepsFlowingWhileResendsAreDue() throws Exception {
        Forwarder f = forwarder(2, Receipts.on(Duration.ofSeconds(30), Duration.ofMinutes(5)));
        append(100, 101, 102);
        f.step();
        broker.pubackAll();
        f.step();
        time.advance(Duration.ofSeconds(31));
        append(103);
        f.step();
        assertThat(broker.sentSeqs().subList(3, broker.sent.size())).as("the new live batch, and the paced resend")
                .containsExactly(103L, 100L);
        steps(f, 5);
        assertThat(broker.sentSeqs().subList(3, broker.sent.size())).as("2 readings/s: one batch a second")
                .containsExactly(103L, 100L);
        time.advance(Duration.ofSeconds(1));
        steps(f, 5);
        assertThat(broker.sentSeqs().subList(3, broker.sent.size())).containsExactly(103L, 100L, 101L);
    }

    @Test
    void aReceiptBeforeThePubackIsSeenDeletesTheBatchAndThePubackChangesNothing() throws Exception {
        Forwarder f = forwarder(0, Receipts.on(Duration.ofSeconds(30), Duration.ofMinutes(5)));
        append(100);
        f.step();
        f.onReceipt(receipt(List.of(new Receipt.Range(90, 110)), List.of()));
        f.step();
        assertThat(queue.isEmpty()).isTrue();
        broker.pubackAll();
        f.step();
        assertThat(f.awaitingReceipts().batches()).isZero();
        assertThat(f.inflight()).isZero();
        time.advance(Duration.ofMinutes(1));
        f.step();
        assertThat(broker.sent).hasSize(1);
    }

    @Test
    void withReceiptsOffThePubackDeletesTheBatch() throws Exception {
        Forwarder f = forwarder(0, Receipts.OFF);
        append(100, 101);
        f.step();
        broker.pubackAll();
        f.step();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(counters.batchesAcknowledged()).isEqualTo(2);
        assertThat(f.awaitingReceipts().batches()).isZero();
    }

    @Test
    void aBatchTheCapDroppedIsNotAwaitedAnyMore() throws Exception {
        queue.close();
        queue = DiskQueue.open(dir.resolve("small"), DiskQueue.Options.of(2 * 1024, 4 * 1024));
        Forwarder f = forwarder(0, Receipts.on(Duration.ofSeconds(30), Duration.ofMinutes(5)));
        append(100);
        f.step();
        broker.pubackAll();
        f.step();
        assertThat(f.awaitingReceipts().batches()).isEqualTo(1);
        for (long seq = 101; queue.stats().droppedBatches() == 0; seq++) {
            append(seq);
        }
        time.advance(Duration.ofSeconds(2));
        f.step();
        assertThat(f.awaitingReceipts().batches()).isZero();
    }

    private static void steps(Forwarder f, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            f.step();
        }
    }

    private Forwarder forwarder(double drainRate, Receipts receipts) {
        return new Forwarder(queue, broker, TOPIC, new Forwarder.Settings(100, drainRate, Duration.ofSeconds(10), receipts),
                clock, counters);
    }

    private void append(long... seqs) throws IOException {
        for (long seq : seqs) {
            long ts = time.millis();
            queue.append(QueuedBatch.of(Batch.live(SITE, EDGE, seq, List.of(new Reading("office-elec-main-power", ts, 12.5),
                    new Reading("office-elec-main-energy", ts, 1000L + seq)))));
        }
    }

    private static Receipt receipt(List<Receipt.Range> stored, List<Receipt.Rejected> rejected) {
        return new Receipt(1, SITE, EDGE, 0, stored, rejected);
    }

    /** A broker whose PUBACKs come when the test says. */
    static final class HeldPubacks implements BrokerConnection {
        record Sent(long seq, byte[] payload, CompletableFuture<Void> done) {
        }

        final List<Sent> sent = new ArrayList<>();
        private boolean connected;

        @Override
        public void connect() {
            connected = true;
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retained) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos, boolean retained) {
            Sent s = new Sent(ContractV1.decode(payload).seq(), payload, new CompletableFuture<>());
            sent.add(s);
            return s.done;
        }

        synchronized void pubackAll() {
            sent.forEach(s -> s.done.complete(null));
        }

        synchronized List<Long> sentSeqs() {
            return sent.stream().map(Sent::seq).toList();
        }

        @Override
        public void close() {
            connected = false;
        }
    }

    static final class MovableClock extends Clock {
        private long now;

        MovableClock(Instant start) {
            now = start.toEpochMilli();
        }

        void advance(Duration d) {
            now += d.toMillis();
        }

        @Override
        public long millis() {
            return now;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
