package org.facilitymonitor.edge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.facilitymonitor.edge.Await;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.load.BatchPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The publisher against a real Mosquitto with the project's auth and ACL. */
@ExtendWith(MosquittoStack.class)
class PublisherIT {

    private static final Logger LOG = Logger.getLogger(PublisherIT.class.getName());
    private static final String SITE = "it-site";
    private static final String PASSWORD = "it-secret-1";

    private final MosquittoStack.Broker broker;

    PublisherIT(MosquittoStack.Broker broker) {
        this.broker = broker;
    }

    private PahoBrokerConnection publisher(String edge, Duration connectTimeout) {
        return new PahoBrokerConnection(MqttSettings.of(broker.url(), edge, edge, PASSWORD)
                .withStateTopic(ContractV1.stateTopic(SITE, edge))
                .withConnectTimeout(connectTimeout));
    }

    private static Batch batch(String edge, long seq) {
        long ts = 1_768_471_200_000L + seq * 10_000;
        return Batch.live(SITE, edge, seq, List.of(
                Reading.of(edge + "-power", ts, 90.0 + seq % 10),
                Reading.of(edge + "-energy", ts, 1_000.0 + seq),
                Reading.of(edge + "-fan", ts, seq % 2 == 0)));
    }

    @Test
    void everyBatchArrivesExactlyAsEncodedAndInOrder() throws Exception {
        String edge = "it-edge-order";
        broker.addUser(edge, PASSWORD);
        try (TestSubscriber service = new TestSubscriber(broker, "it-service-order", false,
                ContractV1.dataTopic(SITE, edge), ContractV1.stateTopic(SITE, edge))) {
            List<byte[]> sent = new ArrayList<>();
            try (PahoBrokerConnection connection = publisher(edge, Duration.ofSeconds(10))) {
                connection.connect();
                BatchPublisher publisher = new BatchPublisher(connection, SITE, edge);
                for (long seq = 0; seq < 200; seq++) {
                    Batch b = batch(edge, seq);
                    publisher.publish(b);
                    sent.add(ContractV1.encode(b));
                }
            }

            assertThat(service.await(r -> r.stream().filter(m -> m.topic().endsWith("/data")).count() >= 200,
                    Duration.ofSeconds(20))).isTrue();
            assertThat(service.await(r -> r.stream().anyMatch(m -> m.text().equals("offline")), Duration.ofSeconds(5)))
                    .isTrue();
            List<TestSubscriber.Received> data = service.received("/data");
            assertThat(data).hasSize(200);
            for (int i = 0; i < 200; i++) {
                assertThat(data.get(i).payload()).as("batch %d", i).isEqualTo(sent.get(i));
                assertThat(ContractV1.decode(data.get(i).payload()).seq()).isEqualTo(i);
            }
            assertThat(service.received("/state")).extracting(TestSubscriber.Received::text)
                    .containsExactly("online", "offline");
        }
    }

    @Test
    void acknowledgedBatchesSurviveABrokerRestart() throws Exception {
        String edge = "it-edge-restart";
        broker.addUser(edge, PASSWORD);
        try (TestSubscriber service = new TestSubscriber(broker, "it-service-restart", true,
                ContractV1.dataTopic(SITE, edge))) {
            Set<Long> acked = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            try (PahoBrokerConnection connection = new PahoBrokerConnection(MqttSettings.of(broker.url(), edge, edge,
                    PASSWORD).withStateTopic(ContractV1.stateTopic(SITE, edge)).withMaxInflight(50))) {
                connection.connect();
                BatchPublisher publisher = new BatchPublisher(connection, SITE, edge);
                // Pipelined, so that batches are in flight when the broker goes down.
                CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                    try {
                        for (long seq = 0; !stop.get(); seq++) {
                            long s = seq;
                            pending.add(publisher.publishAsync(batch(edge, seq)).thenRun(() -> acked.add(s)));
                            sent.incrementAndGet();
                            Thread.sleep(2); // traffic, not a wait: a steady stream so that batches are in flight at the restart
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });

                Await.until("200 batches acknowledged", Duration.ofSeconds(30), () -> acked.size() >= 200);
                int beforeRestart = acked.size();
                broker.restart();
                Await.until("300 more batches acknowledged after the restart", Duration.ofSeconds(30),
                        () -> acked.size() >= beforeRestart + 300);
                stop.set(true);
                publishing.get(30, TimeUnit.SECONDS);
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                LOG.info("published " + sent.get() + " batches, " + beforeRestart + " acknowledged before the restart, "
                        + connection.resendCount() + " resent after the connection was lost");
            }
            assertThat(acked).hasSize((int) sent.get());

            assertThat(service.await(r -> seqs(r).keySet().containsAll(acked), Duration.ofSeconds(30)))
                    .as("every acknowledged batch reaches the service").isTrue();
            Map<Long, Integer> counts = seqs(service.received());
            long duplicates = counts.values().stream().mapToLong(c -> c - 1).sum();
            LOG.info("service received " + counts.size() + " distinct batches, " + duplicates + " duplicates");
            assertThat(counts.keySet()).containsAll(acked);
        }
    }

    @Test
    void batchesWithoutPubackAreResentWhenTheConnectionTimesOut() throws Exception {
        String edge = "it-edge-frozen";
        broker.addUser(edge, PASSWORD);
        try (TestSubscriber service = new TestSubscriber(broker, "it-service-frozen", true,
                ContractV1.dataTopic(SITE, edge))) {
            try (PahoBrokerConnection connection = new PahoBrokerConnection(MqttSettings.of(broker.url(), edge, edge,
                    PASSWORD).withStateTopic(ContractV1.stateTopic(SITE, edge)).withKeepAlive(Duration.ofSeconds(2)))) {
                connection.connect();
                BatchPublisher publisher = new BatchPublisher(connection, SITE, edge);
                List<CompletableFuture<Void>> futures = new ArrayList<>();
                broker.freeze(true);
                try {
                    for (long seq = 0; seq < 20; seq++) {
                        futures.add(publisher.publishAsync(batch(edge, seq)));
                    }
                    Await.until("the keepalive to notice the silent broker", Duration.ofSeconds(15),
                            () -> !connection.isConnected());
                    assertThat(futures).as("no PUBACK from a frozen broker").hasSize(20)
                            .noneMatch(CompletableFuture::isDone);
                } finally {
                    broker.freeze(false);
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                assertThat(connection.resendCount()).isGreaterThanOrEqualTo(20);
            }
            Set<Long> expected = LongStream.range(0, 20).boxed().collect(Collectors.toSet());
            assertThat(service.await(r -> seqs(r).keySet().containsAll(expected), Duration.ofSeconds(20))).isTrue();
            Map<Long, Integer> counts = seqs(service.received());
            LOG.info("service received " + counts.size() + " distinct batches, "
                    + counts.values().stream().mapToLong(c -> c - 1).sum() + " duplicates");
        }
    }

    @Test
    void firstConnectIsRetriedUntilTheBrokerComesUp() throws Exception {
        String edge = "it-edge-late";
        broker.addUser(edge, PASSWORD);
        try (TestSubscriber service = new TestSubscriber(broker, "it-service-late", true,
                ContractV1.dataTopic(SITE, edge))) {
            broker.stop();
            List<String> failedConnects = new CopyOnWriteArrayList<>();
            Handler failures = new Handler() {
                @Override
                public void publish(LogRecord r) {
                    if (r.getMessage() != null && r.getMessage().startsWith("connect to ")
                            && r.getMessage().contains(" as " + edge + " failed")) {
                        failedConnects.add(r.getMessage());
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            Logger connectionLog = Logger.getLogger(PahoBrokerConnection.class.getName());
            connectionLog.addHandler(failures);
            try (PahoBrokerConnection connection = publisher(edge, Duration.ofSeconds(30))) {
                CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                    try {
                        connection.connect();
                        new BatchPublisher(connection, SITE, edge).publish(batch(edge, 1));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                // the broker stays down until the first connect has failed and been retried
                Await.until("the first connect to fail twice", Duration.ofSeconds(30), () -> failedConnects.size() >= 2);
                assertThat(publishing).as("nothing published while the broker is down").isNotDone();
                broker.start();

                publishing.get(30, TimeUnit.SECONDS);
            } finally {
                connectionLog.removeHandler(failures);
                broker.start();
            }
            assertThat(service.await(r -> !r.isEmpty(), Duration.ofSeconds(20))).isTrue();
            assertThat(ContractV1.decode(service.received().get(0).payload())).isEqualTo(batch(edge, 1));
        }
    }

    @Test
    void aPublishTheAclDeniesFailsInsteadOfBeingResentForever() throws Exception {
        String edge = "it-edge-acl";
        broker.addUser(edge, PASSWORD);
        try (PahoBrokerConnection connection = publisher(edge, Duration.ofSeconds(10))) {
            connection.connect();
            byte[] payload = ContractV1.encode(batch("someone-else", 1));
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> connection.publish(ContractV1.dataTopic(SITE, "someone-else"), payload, 1, false))
                            .isInstanceOf(BrokerException.class)
                            .hasMessageContaining("0x87"));
        }
    }

    @Test
    void wrongPasswordNeverConnects() {
        String edge = "it-edge-badpw";
        broker.addUser(edge, "another-secret");
        try (PahoBrokerConnection connection = publisher(edge, Duration.ofSeconds(2))) {
            assertThatThrownBy(connection::connect).isInstanceOf(BrokerException.class)
                    .hasMessageContaining("could not connect");
        }
    }

    private static Map<Long, Integer> seqs(List<TestSubscriber.Received> received) {
        Map<Long, Integer> counts = new HashMap<>();
        for (TestSubscriber.Received r : received) {
            counts.merge(ContractV1.decode(r.payload()).seq(), 1, Integer::sum);
        }
        return counts;
    }

}
