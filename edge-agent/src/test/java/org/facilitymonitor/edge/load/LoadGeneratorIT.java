package org.facilitymonitor.edge.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.mqtt.MosquittoStack;
import org.facilitymonitor.edge.mqtt.BrokerException;
import org.facilitymonitor.edge.mqtt.MqttSettings;
import org.facilitymonitor.edge.mqtt.TestSubscriber;
import org.facilitymonitor.edge.site.SiteDescription;
import org.facilitymonitor.edge.site.SiteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load generator against a real Mosquitto, paced and as fast as possible: what it reports as
 * acknowledged is exactly what a subscriber receives, per edge in seq order, without gaps or
 * duplicates. How fast it goes is the benchmark's business (bin/bench), not this test's.
 */
@ExtendWith(MosquittoStack.class)
class LoadGeneratorIT {

    @ParameterizedTest(name = "--client {0}")
    @ValueSource(strings = {"plain", "paho"})
    void everyAcknowledgedBatchReachesTheServiceOnceAndInOrder(String client, MosquittoStack.Broker broker) throws Exception {
        SiteDescription site = SiteFiles.load(Path.of(System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml")));
        String prefix = "load-" + client + "-";
        for (int n = 1; n <= 2; n++) {
            broker.addUser(prefix + n, "load-secret");
        }
        var connector = LoadCommand.connector(client);
        try (TestSubscriber service = new TestSubscriber(broker, "it-service-load-" + client, false,
                "fm/v1/" + site.site().id() + "/+/data")) {
            LoadReport paced = new LoadGenerator(new LoadOptions(site, broker.url(), prefix, "load-secret", 2, 500, 50,
                    Duration.ofSeconds(2), 16, Duration.ofSeconds(10)), connector).run();
            LoadReport flatOut = new LoadGenerator(new LoadOptions(site, broker.url(), prefix, "load-secret", 2, 0, 50,
                    Duration.ofSeconds(1), 64, Duration.ofSeconds(10)), connector).run();

            Map<String, List<Long>> expected = new HashMap<>();
            for (LoadReport r : new LoadReport[] {paced, flatOut}) {
                assertThat(r.batches()).isPositive();
                assertThat(r.failed()).isZero();
                assertThat(r.unacknowledged()).isZero();
                assertThat(r.resends()).isZero();
                assertThat(r.readings()).isEqualTo(r.batches() * 50);
                assertThat(r.edges()).extracting(LoadReport.Edge::edge).containsExactly(prefix + 1, prefix + 2);
                for (LoadReport.Edge e : r.edges()) {
                    assertThat(e.batches()).isPositive();
                    assertThat(e.lastSeq() - e.firstSeq() + 1).as("%s: no seq left out", e.edge()).isEqualTo(e.batches());
                    LongStream.rangeClosed(e.firstSeq(), e.lastSeq())
                            .forEach(seq -> expected.computeIfAbsent(e.edge(), k -> new ArrayList<>()).add(seq));
                }
            }
            long total = paced.batches() + flatOut.batches();

            assertThat(service.await(m -> m.size() >= total, Duration.ofSeconds(30)))
                    .as("the %d acknowledged batches arrive", total).isTrue();
            Map<String, List<Long>> received = new HashMap<>();
            for (TestSubscriber.Received m : service.received()) {
                Batch b = ContractV1.decode(m.payload());
                assertThat(m.topic()).isEqualTo(ContractV1.dataTopic(b.site(), b.edge()));
                assertThat(b.readings()).hasSize(50);
                received.computeIfAbsent(b.edge(), k -> new ArrayList<>()).add(b.seq());
            }
            // per edge: exactly the acknowledged seqs, each once, in the order they were sent
            assertThat(received).containsOnlyKeys(prefix + 1, prefix + 2);
            for (String edge : received.keySet()) {
                assertThat(received.get(edge)).as("%s: seqs received", edge).isSorted().doesNotHaveDuplicates()
                        .containsExactlyElementsOf(expected.get(edge));
            }
            System.out.println(paced.summary());
            System.out.println(flatOut.summary());
        }
    }

    /**
     * The bench's warm-up and measured run in one JVM: the second load waits for its signal file, then
     * publishes with its own rate and duration and writes its own report.
     */
    @Test
    void aSecondLoadWaitsForItsSignalAndReportsApart(MosquittoStack.Broker broker, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        broker.addUser("load-next-1", "load-secret");
        Path signal = dir.resolve("go");
        // the first load's summary, printed after its report is written, releases the wait below
        java.util.concurrent.CountDownLatch firstDone = new java.util.concurrent.CountDownLatch(1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                if (toString().contains("acknowledged in")) {
                    firstDone.countDown();
                }
            }
        };
        java.util.concurrent.CompletableFuture<Integer> exit = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                LoadCommand.run(List.of("--site-file", System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml"),
                        "--broker", broker.url(), "--username-prefix", "load-next-", "--password", "load-secret",
                        "--connections", "1", "--rate", "100", "--readings-per-message", "10", "--duration", "1s",
                        "--report", dir.resolve("first.json").toString(), "--next-after", signal.toString(),
                        "--next-rate", "300", "--next-duration", "1s", "--next-report", dir.resolve("second.json").toString()),
                        Map.of(), new java.io.PrintStream(out, true), System.err));

        assertThat(firstDone.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the first load's summary").isTrue();
        assertThat(dir.resolve("first.json")).as("the first load's report").exists();
        assertThat(exit).as("waits for its signal").isNotDone();
        assertThat(dir.resolve("second.json")).doesNotExist();
        java.nio.file.Files.createFile(signal);

        assertThat(exit.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(LoadCommand.OK);
        com.fasterxml.jackson.databind.JsonNode first = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("first.json").toFile());
        com.fasterxml.jackson.databind.JsonNode second = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("second.json").toFile());
        assertThat(first.get("batches").asLong()).isPositive();
        assertThat(first.get("targetRate").asDouble()).isEqualTo(100.0);
        assertThat(second.get("batches").asLong()).isPositive();
        assertThat(second.get("targetRate").asDouble()).isEqualTo(300.0);
        assertThat(second.get("unacknowledged").asLong() + second.get("failed").asLong()).isZero();
        assertThat(second.get("edges").get(0).get("firstSeq").asLong()).isGreaterThan(first.get("edges").get(0).get("lastSeq").asLong());
    }

    @Test
    void thePlainClientNamesARefusedLoginAndLeavesTheRetainedStateTopicOnlineThenOffline(MosquittoStack.Broker broker)
            throws Exception {
        broker.addUser("load-state-1", "load-secret");
        String state = ContractV1.stateTopic("demo-campus", "load-state-1");
        MqttSettings wrong = MqttSettings.of(broker.url(), "load-state-1", "load-state-1", "not-the-secret")
                .withConnectTimeout(Duration.ofSeconds(5));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new PlainMqttConnection(wrong).connect()))
                .isInstanceOf(BrokerException.class).hasMessageContaining("refused the connection")
                .hasMessageContaining("bad user name or password");

        try (TestSubscriber watcher = new TestSubscriber(broker, "it-state-watch", false, state)) {
            PlainMqttConnection c = new PlainMqttConnection(MqttSettings.of(broker.url(), "load-state-1", "load-state-1",
                    "load-secret").withStateTopic(state).withConnectTimeout(Duration.ofSeconds(5)));
            c.connect();
            assertThat(c.isConnected()).isTrue();
            c.close();
            assertThat(c.isConnected()).isFalse();
            assertThat(watcher.await(m -> m.size() >= 2, Duration.ofSeconds(10))).as("online, then offline").isTrue();
            assertThat(watcher.received()).extracting(m -> new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8))
                    .containsExactly("online", "offline");
        }
    }
}
