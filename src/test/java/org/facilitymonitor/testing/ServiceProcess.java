package org.facilitymonitor.testing;

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

/** The packaged service (target/quarkus-app) as a separate process on a native stack, for kill and start-up tests. */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    /** The administrator the packaged service creates at start; every request of this class logs in as it. */
    public static final String ADMIN_USERNAME = "it-admin";

    private String authorization;

    private ServiceProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** Starts the jar with the stack's settings; does not wait for readiness. */
    public static ServiceProcess start(NativeStack stack, int httpPort, String clientId, String name) throws IOException {
        return start(stack, httpPort, clientId, name, Map.of());
    }

    /** Starts the jar with the stack's settings plus {@code extraEnv}; does not wait for readiness. */
    public static ServiceProcess start(NativeStack stack, int httpPort, String clientId, String name,
            Map<String, String> extraEnv) throws IOException {
        Path repo = NativeStack.repositoryRoot();
        Path jar = repo.resolve("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("the packaged service (mvn package)").exists();
        Path log = repo.resolve("target/service-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        for (String key : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                "FM_MQTT_URL", "FM_MQTT_USERNAME", "FM_MQTT_PASSWORD", "FM_INFLUX_URL", "FM_INFLUX_TOKEN")) {
            env.put(key, stack.setting(key));
        }
        env.put("FM_HTTP_PORT", String.valueOf(httpPort));
        String adminPassword = adminPassword(stack);
        env.put("FM_ADMIN_USERNAME", ADMIN_USERNAME);
        env.put("FM_ADMIN_PASSWORD", adminPassword);
        env.put("FM_MQTT_CLIENT_ID", clientId);
        env.put("FM_REGISTRY_SEED_FILES", repo.resolve("demo/demo-campus.yaml").toString());
        env.putAll(extraEnv);
        ServiceProcess service = new ServiceProcess(builder.start(), httpPort, log);
        service.authorization = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (ADMIN_USERNAME + ":" + adminPassword).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return service;
    }

    /** Tied to the stack, so that every instance started on it (they share PostgreSQL) agrees on it. */
    public static String adminPassword(NativeStack stack) {
        return "admin-" + stack.setting("QUARKUS_DATASOURCE_PASSWORD");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).header("Authorization", authorization);
    }

    /** HTTP status of a GET, or -1 when the service does not answer. */
    public int status(String path) {
        try {
            return http.send(request(path).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String get(String path) throws IOException, InterruptedException {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Sends {@code json} with {@code method} (PUT, POST …); the response (status and body). */
    public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        return http.send(request(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the process printed so far (stdout and stderr). */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** A sample of the Prometheus endpoint, e.g. fm_ingest_messages_redelivered_total; 0 when absent. */
    public double metric(String sample) throws IOException, InterruptedException {
        for (String line : get("/q/metrics").split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }

    /** The sum of a metric's samples over all its label sets, e.g. fm_telemetry_write_retries_total by reason; 0 when absent. */
    public double metricSum(String name) throws IOException, InterruptedException {
        double sum = 0;
        for (String line : get("/q/metrics").split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
            }
        }
        return sum;
    }

    public ServiceProcess awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(process.isAlive()).as("service alive; log %s:%n%s", log, Files.readString(log)).isTrue();
            assertThat(status("/q/health/ready")).isEqualTo(200);
        });
        return this;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, nothing flushed, nothing acknowledged. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    public static int freePort() {
        return NativeStack.freePort();
    }
}
