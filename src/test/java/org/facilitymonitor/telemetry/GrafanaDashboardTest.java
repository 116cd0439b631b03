package org.facilitymonitor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.assets.PointBinding;
import org.facilitymonitor.testing.DemoCatalog;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.Metrics;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.junit.jupiter.api.Test;

/**
 * Every panel of the Facility overview dashboard, with Grafana's macros substituted, returns data
 * from the real InfluxDB after the demo campus published an hour of readings through the pipeline.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class GrafanaDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectStack
    NativeStack stack;

    @Test
    void everyPanelQueryReturnsSeries() throws Exception {
        JsonNode dashboard = JSON.readTree(NativeStack.repositoryRoot().resolve("grafana/dashboards/facility-overview.json").toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("facility-overview");
        Map<String, List<String>> queriesByPanel = new LinkedHashMap<>();
        collectPanels(dashboard.get("panels"), queriesByPanel);
        assertThat(queriesByPanel).hasSizeGreaterThanOrEqualTo(15);

        publishAnHourOfDemoReadings();

        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        List<String> empty = new ArrayList<>();
        for (var panel : queriesByPanel.entrySet()) {
            for (String query : panel.getValue()) {
                String concrete = query.replace("$timeFilter", "time > now() - 6h").replace("$__interval", "1m")
                        .replace("$building", ".*");
                assertThat(concrete).as("panel '%s' uses only the supported macros", panel.getKey()).doesNotContain("$__");
                if (influx.query(concrete).isEmpty()) {
                    empty.add(panel.getKey() + ": " + concrete);
                }
            }
        }
        assertThat(empty).as("panels without series").isEmpty();
    }

    private static void collectPanels(JsonNode panels, Map<String, List<String>> out) {
        for (JsonNode panel : panels) {
            if (panel.has("panels")) {
                collectPanels(panel.get("panels"), out);
            }
            List<String> queries = new ArrayList<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("rawQuery").asBoolean()).as("panel %s target is raw InfluxQL", panel.path("title")).isTrue();
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("fm-influxdb");
                queries.add(target.get("query").asText());
            }
            if (!queries.isEmpty()) {
                out.put(panel.path("title").asText(), queries);
            }
        }
    }

    /** One reading a minute for every demo point over the last hour, counters rising, through the broker. */
    private void publishAnHourOfDemoReadings() {
        List<PointBinding> points = new ArrayList<>(DemoCatalog.snapshot().points().values());
        long now = System.currentTimeMillis() - 1_000;
        double storedBefore = Metrics.value("fm_ingest_readings_stored_total");
        int published = 0;
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), "demo-campus", "office-edge", StackTestResource.EDGE_PASSWORD)) {
            for (int minute = 60; minute >= 0; minute--) {
                long ts = now - minute * 60_000L;
                List<Object[]> readings = new ArrayList<>();
                for (PointBinding p : points) {
                    Object value = switch (p.kind()) {
                        case STATE -> minute % 3 != 0;
                        case CUMULATIVE -> 1000.0 + (60 - minute) * 2.5;
                        case INSTANTANEOUS -> 20.0 + (minute % 7);
                    };
                    readings.add(new Object[] { p.pointId(), ts, value });
                }
                edge.publish(edge.batch(ts, readings));
                published += readings.size();
            }
        }
        int expected = published;
        await().atMost(Duration.ofSeconds(30)).until(() -> Metrics.value("fm_ingest_readings_stored_total") - storedBefore >= expected);
    }
}
