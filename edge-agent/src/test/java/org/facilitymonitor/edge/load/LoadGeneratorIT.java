package org.facilitymonitor.edge.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.mqtt.MosquittoStack;
import org.facilitymonitor.edge.mqtt.PahoBrokerConnection;
import org.facilitymonitor.edge.mqtt.TestSubscriber;
import org.facilitymonitor.edge.site.SiteDescription;
import org.facilitymonitor.edge.site.SiteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MosquittoStack.class)
class LoadGeneratorIT {

    @Test
    void everyAcknowledgedBatchReachesTheService(MosquittoStack.Broker broker) throws Exception {
        SiteDescription site = SiteFiles.load(Path.of(System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml")));
        for (int n = 1; n <= 2; n++) {
            broker.addUser("load-it-" + n, "load-secret");
        }
        String site_ = site.site().id();
        try (TestSubscriber service = new TestSubscriber(broker, "it-service-load", false, "fm/v1/" + site_ + "/+/data")) {
            LoadReport paced = new LoadGenerator(new LoadOptions(site, broker.url(), "load-it-", "load-secret", 2, 500, 50,
                    Duration.ofSeconds(2), 16, Duration.ofSeconds(10)), PahoBrokerConnection::new).run();
            LoadReport flatOut = new LoadGenerator(new LoadOptions(site, broker.url(), "load-it-", "load-secret", 2, 0, 50,
                    Duration.ofSeconds(1), 64, Duration.ofSeconds(10)), PahoBrokerConnection::new).run();

            assertThat(paced.batches()).isBetween(900L, 1_002L);
            assertThat(paced.achievedRate()).isBetween(400.0, 520.0);
            for (LoadReport r : new LoadReport[] {paced, flatOut}) {
                assertThat(r.failed()).isZero();
                assertThat(r.unacknowledged()).isZero();
                assertThat(r.readings()).isEqualTo(r.batches() * 50);
                assertThat(r.edges()).allSatisfy(e -> assertThat(e.lastSeq() - e.firstSeq() + 1).isEqualTo(e.batches()));
            }
            long total = paced.batches() + flatOut.batches();
            assertThat(flatOut.batches()).isGreaterThan(paced.batches() / 2);

            assertThat(service.await(m -> m.size() >= total, Duration.ofSeconds(30))).isTrue();
            Map<String, Long> perEdge = new HashMap<>();
            for (TestSubscriber.Received m : service.received()) {
                Batch b = ContractV1.decode(m.payload());
                assertThat(m.topic()).isEqualTo(ContractV1.dataTopic(b.site(), b.edge()));
                perEdge.merge(b.edge(), 1L, Long::sum);
            }
            assertThat(perEdge).containsOnlyKeys("load-it-1", "load-it-2");
            assertThat(perEdge.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
            System.out.println(paced.summary());
            System.out.println(flatOut.summary());
        }
    }
}
