package org.facilitymonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.SteadyPublisher;
import org.facilitymonitor.testing.TestEdge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as a real process, killed with SIGKILL mid-stream and started again: every
 * reading the broker acknowledged to the edge is stored exactly once. Runs in the integration-test
 * phase, after the jar is built.
 */
class ServiceKillIT {

    private static final String EDGE_PASSWORD = "it-edge-password";
    private static NativeStack stack;
    private static Path repo;

    @BeforeAll
    static void startStack() {
        repo = NativeStack.repositoryRoot();
        stack = NativeStack.start(repo, "kill-it");
        stack.addMqttUser("office-edge", EDGE_PASSWORD);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void killedServiceLosesNothing() throws Exception {
        int httpPort = freePort();
        Process service = startService(httpPort, "first");
        long seqBase = System.currentTimeMillis() * 1000;
        long acked;
        try (SteadyPublisher publisher = new SteadyPublisher(
                new TestEdge(stack.mqttUrl(), "demo-campus", "office-edge", EDGE_PASSWORD),
                List.of("office-elec-main-power", "office-ahu-1-supply-temp", "office-pump-chw-1-current"), seqBase, 50, 10)) {
            for (int kill = 1; kill <= 3; kill++) {
                long before = publisher.acknowledgedReadings();
                await().atMost(Duration.ofSeconds(30)).until(() -> publisher.acknowledgedReadings() > before + 1500);
                service.destroyForcibly().waitFor();
                Thread.sleep(1_000);
                service = startService(httpPort, "restart-" + kill);
            }
            Thread.sleep(2_000);
            acked = publisher.stop();
        } finally {
            service.destroy();
        }
        service = startService(httpPort, "final");
        try {
            InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
            String range = "\"seq\" >= " + seqBase + " AND \"seq\" < " + (seqBase + 1_000_000);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(IngestPipelineTest.countWhere(influx, range)).isGreaterThanOrEqualTo(acked));
            assertThat(IngestPipelineTest.countWhere(influx, range)).as("lost = acked - stored").isEqualTo(acked);
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    private static Process startService(int httpPort, String name) throws IOException {
        Path jar = repo.resolve("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("the packaged service (mvn package)").exists();
        Path log = repo.resolve("target/kill-it-service-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        for (String key : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                "FM_MQTT_URL", "FM_MQTT_USERNAME", "FM_MQTT_PASSWORD", "FM_INFLUX_URL")) {
            env.put(key, stack.setting(key));
        }
        env.put("FM_HTTP_PORT", String.valueOf(httpPort));
        env.put("FM_MQTT_CLIENT_ID", "fm-service-kill-it");
        env.put("FM_REGISTRY_SEED_FILES", repo.resolve("demo/demo-campus.yaml").toString());
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            assertThat(process.isAlive()).as("service process alive; log %s:%n%s", log, Files.readString(log)).isTrue();
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
        return process;
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
