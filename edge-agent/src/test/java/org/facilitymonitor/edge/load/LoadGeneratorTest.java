package org.facilitymonitor.edge.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.mqtt.FakeBrokerConnection;
import org.facilitymonitor.edge.site.PointKind;
import org.facilitymonitor.edge.site.SiteDescription;
import org.facilitymonitor.edge.site.SiteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadGeneratorTest {

    static SiteDescription site() throws IOException {
        return SiteFiles.load(Path.of(System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml")));
    }

    @Test
    void pacesAndReportsWhatWasAcknowledged(@TempDir Path dir) throws Exception {
        Map<String, FakeBrokerConnection> brokers = new ConcurrentHashMap<>();
        LoadOptions options = new LoadOptions(site(), "tcp://127.0.0.1:1", "load-", "pw", 2, 200, 50,
                Duration.ofSeconds(1), 8, Duration.ofSeconds(5));

        LoadReport report = new LoadGenerator(options, s -> brokers.computeIfAbsent(s.clientId(),
                id -> new FakeBrokerConnection())).run();

        assertThat(brokers.keySet()).containsExactlyInAnyOrder("load-1", "load-2");
        // the pacer's contract: never more than rate x duration (+1 per connection); how close it gets is bin/bench's
        assertThat(report.batches()).isPositive().isLessThanOrEqualTo(202L);
        assertThat(report.readings()).isEqualTo(report.batches() * 50);
        assertThat(report.failed()).isZero();
        assertThat(report.unacknowledged()).isZero();
        assertThat(report.edges()).extracting(LoadReport.Edge::edge).containsExactly("load-1", "load-2");
        Map<String, PointKind> kinds = new java.util.HashMap<>();
        site().points().forEach(p -> kinds.put(p.id(), p.kind()));
        for (LoadReport.Edge e : report.edges()) {
            FakeBrokerConnection broker = brokers.get(e.edge());
            List<Batch> batches = broker.published().stream()
                    .filter(p -> p.topic().endsWith("/data"))
                    .map(p -> ContractV1.decode(p.payload())).toList();
            assertThat(batches).hasSize((int) e.batches());
            assertThat(e.firstSeq()).isEqualTo(batches.get(0).seq());
            assertThat(e.lastSeq()).isEqualTo(batches.get(batches.size() - 1).seq());
            Set<String> identities = new HashSet<>();
            for (Batch b : batches) {
                assertThat(b.edge()).isEqualTo(e.edge());
                for (Reading r : b.readings()) {
                    assertThat(identities.add(r.point() + "@" + r.ts())).as("unique (point, ts)").isTrue();
                    if (kinds.get(r.point()) == PointKind.STATE) {
                        assertThat(r.value()).isInstanceOf(Boolean.class);
                    } else {
                        assertThat((Double) r.value()).isFinite().isNotNegative();
                    }
                }
            }
        }

        Path file = dir.resolve("out/report.json");
        LoadGenerator.writeReport(report, file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("batches").asLong()).isEqualTo(report.batches());
        assertThat(json.get("edges").get(0).get("firstSeq").asLong()).isPositive();
        assertThat(report.summary()).contains("2 connections").contains("acknowledged");
    }

    @Test
    void optionsNameTheBadField() throws IOException {
        SiteDescription site = site();
        assertThatThrownBy(() -> new LoadOptions(site, "tcp://x:1", "Load-", null, 1, 1, 1, Duration.ofSeconds(1), 1,
                Duration.ofSeconds(1))).hasMessageStartingWith("username-prefix:");
        assertThatThrownBy(() -> new LoadOptions(site, "tcp://x:1", "load-", null, 0, 1, 1, Duration.ofSeconds(1), 1,
                Duration.ofSeconds(1))).hasMessageStartingWith("connections:");
        assertThatThrownBy(() -> new LoadOptions(site, "tcp://x:1", "load-", null, 1, 1, 5001, Duration.ofSeconds(1), 1,
                Duration.ofSeconds(1))).hasMessageStartingWith("readings-per-message:");
    }
}
