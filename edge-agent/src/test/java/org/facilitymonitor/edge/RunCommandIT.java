package org.facilitymonitor.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.mqtt.MosquittoStack;
import org.facilitymonitor.edge.mqtt.TestSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MosquittoStack.class)
class RunCommandIT {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void runPublishesOneBatchPerPeriodWithRetainedStateAndStatus(MosquittoStack.Broker broker) throws Exception {
        broker.addUser("sim-it-edge", "sim-secret");
        java.nio.file.Path config = dir.resolve("agent.yaml");
        java.nio.file.Files.writeString(config, """
                site: demo-campus
                edge: sim-it-edge
                broker: {url: "%s"}
                sampling: {period: 500ms}
                simulate: {site-file: %s, buildings: [office, canteen], seed: 7}
                queue: {dir: %s, receipts: false}
                status: {interval: 1s}
                """.formatted(broker.url(), java.nio.file.Path.of(MainTest.SITE).toAbsolutePath(), dir.resolve("data")));
        try (TestSubscriber service = new TestSubscriber(broker, "it-service-sim", false,
                "fm/v1/demo-campus/sim-it-edge/#")) {
            MainTest.Result r = MainTest.run(Map.of("FM_AGENT_BROKER_PASSWORD", "sim-secret"),
                    "run", "--config", config.toString(), "--duration", "2s");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("run: ").contains("queue holds 0 readings, dropped 0 readings");
            assertThat(service.await(m -> m.stream().anyMatch(x -> x.text().equals("offline")), Duration.ofSeconds(10)))
                    .isTrue();
            List<Batch> batches = service.received("/data").stream().map(m -> ContractV1.decode(m.payload())).toList();
            assertThat(batches).hasSizeBetween(3, 5);
            for (int i = 0; i < batches.size(); i++) {
                Batch b = batches.get(i);
                assertThat(b.site()).isEqualTo("demo-campus");
                assertThat(b.seq()).isEqualTo(batches.get(0).seq() + i);
                assertThat(b.readings()).hasSize(batches.get(0).readings().size()).isNotEmpty();
                assertThat(b.readings()).allMatch(x -> x.ts() % 500 == 0 && !x.point().startsWith("dorm-"));
            }
            assertThat(service.received("/state")).extracting(TestSubscriber.Received::text)
                    .containsExactly("online", "offline");
            assertThat(service.received("/status")).isNotEmpty();
            assertThat(service.received("/status").get(service.received("/status").size() - 1).text())
                    .contains("\"edge\":\"sim-it-edge\"", "\"droppedReadings\":0");
        }
    }
}
