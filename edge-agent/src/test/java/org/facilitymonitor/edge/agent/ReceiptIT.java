package org.facilitymonitor.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.facilitymonitor.edge.Await;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.mqtt.MosquittoStack;
import org.facilitymonitor.edge.mqtt.TestSubscriber;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery receipts end to end: a real agent and the project's real Mosquitto, the test playing the
 * service (a persistent session on the data, receipts published as the contract says).
 */
@ExtendWith(MosquittoStack.class)
class ReceiptIT {

    private static final Logger LOG = Logger.getLogger(ReceiptIT.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "demo-campus";
    private static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Receipts RECEIPTS = Receipts.on(Duration.ofSeconds(2), Duration.ofSeconds(8));

    @TempDir
    Path dir;

    @Test
    void withoutReceiptsBatchesStayQueuedAndAreResentThenReceiptsEmptyTheQueue(MosquittoStack.Broker broker)
            throws Exception {
        String edge = "it-receipt-resend";
        try (Service service = new Service(broker, edge, "it-receipt-service-1");
             RunningAgent agent = agent(broker, edge)) {
            // (a) the service gets the data but confirms nothing
            Await.until("a batch sent again for want of a receipt", Duration.ofSeconds(60),
                    () -> agent.agent.counters().batchesResentForReceipt() >= 3 && service.receivedTwice() >= 1);
            long received = service.seqs().size();
            assertThat(received).isGreaterThanOrEqualTo(3);
            assertThat(agent.queue.stats().depthBatches()).as("every received batch is still queued")
                    .isGreaterThanOrEqualTo(received);
            assertThat(agent.queue.peekOldest(1).get(0).seq()).as("the first batch is still queued")
                    .isEqualTo(service.seqs().first());
            assertThat(agent.agent.counters().batchesAcknowledged()).isZero();
            ObjectNode status = agent.agent.status();
            assertThat(status.path("queue").path("awaitingReceipt").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(status.path("queue").path("oldestAwaitingReceiptMs").asLong()).isPositive();
            assertThat(status.path("sinceStart").path("batchesResentForReceipt").asLong()).isGreaterThanOrEqualTo(3);

            // a malformed receipt is counted and changes nothing
            service.publishReceipt(edge, "{\"v\":1,\"site\":\"demo-campus\",\"stored\":[[0,99999999999999]]}");
            Await.until("the malformed receipt counted", Duration.ofSeconds(30),
                    () -> agent.agent.counters().receiptsMalformed() == 1);
            assertThat(agent.queue.peekOldest(1).get(0).seq()).isEqualTo(service.seqs().first());

            // (b) the service confirms what it has and what comes; one batch it rejects
            long last = service.seqs().last();
            long rejected = service.seqs().first();
            service.rejectOnce(rejected);
            service.confirm(true);
            Await.until("the queue past seq " + last, Duration.ofSeconds(60), () -> {
                try {
                    return agent.queue.peekOldest(1).stream().allMatch(b -> b.seq() > last);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Await.until("the status to show the receipts", Duration.ofSeconds(30),
                    () -> agent.agent.status().path("queue").path("awaitingReceipt").asInt() <= 3);
            assertThat(agent.agent.counters().receiptsReceived()).isGreaterThanOrEqualTo(1);
            assertThat(agent.agent.counters().batchesRejected()).isEqualTo(1);
            assertThat(agent.agent.counters().lastRejection()).startsWith("seq " + rejected + ": schema");
            assertThat(agent.agent.counters().batchesAcknowledged()).isGreaterThanOrEqualTo(last - rejected);
            LOG.info(String.format("receipts: %d batches received before receipts, %d resent for want of one, %d receipts",
                    received, agent.agent.counters().batchesResentForReceipt(), agent.agent.counters().receiptsReceived()));
        }
    }

    @Test
    void batchesTheBrokerAcknowledgedAndLostInAKillAreResentUntilTheServiceHasEverySeq(MosquittoStack.Broker broker)
            throws Exception {
        String edge = "it-receipt-kill";
        String serviceId = "it-receipt-service-2";
        NavigableSet<Long> got = new ConcurrentSkipListSet<>();
        try (RunningAgent agent = agent(broker, edge)) {
            try (Service service = new Service(broker, edge, serviceId)) {
                service.confirm(true);
                Await.until("the service to confirm a few batches", Duration.ofSeconds(60),
                        () -> agent.agent.counters().batchesAcknowledged() >= 3);
                got.addAll(service.seqs());
            } // the service leaves; its persistent session keeps collecting in the broker
            int awaiting = Await.until("4 batches acknowledged by the broker and not confirmed", Duration.ofSeconds(60),
                    () -> agent.agent.status().path("queue").path("awaitingReceipt").asInt(), n -> n >= 4);
            long lastBeforeKill = agent.queue.lastSeq();
            assertThat(lastBeforeKill - got.last()).as("batches sampled while the service was away").isGreaterThanOrEqualTo(4);

            broker.killLosingPersistence(); // the broker forgets what it acknowledged, and every session

            try (Service service = new Service(broker, edge, serviceId)) {
                service.confirm(true);
                Await.until("every seq up to " + lastBeforeKill + " at the service", Duration.ofSeconds(120), () -> {
                    got.addAll(service.seqs());
                    return got.headSet(lastBeforeKill, true).size() == lastBeforeKill - got.first() + 1;
                });
                Await.until("the agent's queue past seq " + lastBeforeKill, Duration.ofSeconds(60), () -> {
                    try {
                        return agent.queue.peekOldest(1).stream().allMatch(b -> b.seq() > lastBeforeKill);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            long lost = lastBeforeKill - got.first() + 1 - got.headSet(lastBeforeKill, true).size();
            assertThat(lost).isZero();
            assertThat(agent.agent.counters().batchesResentForReceipt()).as("the lost batches came back by resending")
                    .isGreaterThanOrEqualTo(1);
            LOG.info(String.format("broker killed with its persistence deleted: %d batches awaiting a receipt at the kill,"
                            + " seqs %d..%d all at the service (lost 0), %d batches resent for want of a receipt",
                    awaiting, got.first(), lastBeforeKill, agent.agent.counters().batchesResentForReceipt()));
        }
    }

    private RunningAgent agent(MosquittoStack.Broker broker, String edge) throws Exception {
        return new RunningAgent(dir, broker, edge, new RunningAgent.Options(PERIOD, 20, 0, Duration.ofSeconds(3),
                DiskQueue.Options.withCap(64L << 20), false, RECEIPTS));
    }

    /** Plays the service: a persistent session on the edge's data; confirms what it receives when told to. */
    static final class Service implements AutoCloseable {
        private final TestSubscriber subscriber;
        private final ExecutorService publisher = Executors.newSingleThreadExecutor();
        private final NavigableSet<Long> seqs = new ConcurrentSkipListSet<>();
        private final ConcurrentHashMap<Long, Boolean> rejectOnce = new ConcurrentHashMap<>();
        private final List<Long> unconfirmed = new ArrayList<>();
        private final AtomicInteger twice = new AtomicInteger();
        private final AtomicBoolean confirm = new AtomicBoolean();
        private final String edge;

        Service(MosquittoStack.Broker broker, String edge, String clientId) throws MqttException {
            this.edge = edge;
            subscriber = new TestSubscriber(broker, clientId, true, this::received, ContractV1.dataTopic(SITE, edge));
        }

        private void received(TestSubscriber.Received message) {
            Batch b = ContractV1.decode(message.payload());
            if (!seqs.add(b.seq())) {
                twice.incrementAndGet();
            }
            synchronized (unconfirmed) {
                unconfirmed.add(b.seq());
            }
            if (confirm.get()) {
                publisher.execute(this::confirmReceived);
            }
        }

        NavigableSet<Long> seqs() {
            return seqs;
        }

        int receivedTwice() {
            return twice.get();
        }

        void rejectOnce(long seq) {
            rejectOnce.put(seq, true);
        }

        void confirm(boolean on) {
            confirm.set(on);
            if (on) {
                publisher.execute(this::confirmReceived);
            }
        }

        /** One receipt for everything received since the last: stored as ranges, or rejected. */
        private void confirmReceived() {
            List<Long> batch;
            synchronized (unconfirmed) {
                batch = new ArrayList<>(unconfirmed);
                unconfirmed.clear();
            }
            if (batch.isEmpty()) {
                return;
            }
            ObjectNode r = JSON.createObjectNode().put("v", 1).put("site", SITE).put("edge", edge)
                    .put("at", System.currentTimeMillis());
            var stored = r.putArray("stored");
            var rejected = r.putArray("rejected");
            for (long seq : batch.stream().sorted().distinct().toList()) {
                if (rejectOnce.remove(seq) != null) {
                    rejected.addObject().put("seq", seq).put("reason", "schema").put("detail", "played by the test");
                } else {
                    stored.addArray().add(seq).add(seq);
                }
            }
            publishReceipt(edge, r.toString());
        }

        void publishReceipt(String edge, String json) {
            try {
                subscriber.publish(ContractV1.receiptTopic(SITE, edge), json.getBytes(StandardCharsets.UTF_8));
            } catch (MqttException e) {
                LOG.warning("receipt not published (the agent resends): " + e);
            }
        }

        @Override
        public void close() throws Exception {
            publisher.shutdownNow();
            subscriber.close();
        }
    }
}
