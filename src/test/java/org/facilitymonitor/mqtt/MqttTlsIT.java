package org.facilitymonitor.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker with its TLS listener requiring client certificates (bin/stack, FM_MQTT_TLS=client-cert): the
 * packaged service subscribes over TLS with the stack's CA and its client certificate, the real edge agent
 * publishes over TLS with its own, and the readings get stored. A client with another CA, or without a client
 * certificate, is refused by the TLS handshake. Needs the packaged service and the agent jar (bin/test-all).
 */
class MqttTlsIT {

    private static final String SITE = "demo-campus";
    private static final String EDGE = "tls-edge";
    private static final String EDGE_PASSWORD = "tls-edge-password";

    private static NativeStack stack;
    private static ServiceProcess service;
    private static Path agentJar;
    private static Path work;
    private static final CopyOnWriteArrayList<Process> agents = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        Path repo = NativeStack.repositoryRoot();
        agentJar = repo.resolve("edge-agent/target/edge-agent.jar");
        if (!Files.isRegularFile(agentJar)) {
            fail("the edge agent jar " + agentJar + " is missing: build the edge agent first, "
                    + "(cd edge-agent && ./mvnw -B -ntp package -Dmaven.test.skip=true), or run bin/test-all");
        }
        work = Files.createTempDirectory(Files.createDirectories(repo.resolve("target")), "tls-it-");
        stack = NativeStack.start(repo, "tls-it", Map.of("FM_MQTT_TLS", "client-cert"));
        stack.addMqttUser(EDGE, EDGE_PASSWORD);
        service = ServiceProcess.start(stack, ServiceProcess.freePort(), "fm-service-tls-it", "tls-it", Map.of(
                "FM_MQTT_URL", stack.setting("FM_MQTT_TLS_URL"),
                "FM_MQTT_TLS_CA_FILE", stack.setting("FM_MQTT_TLS_CA_FILE"),
                "FM_MQTT_TLS_CERT_FILE", stack.setting("FM_MQTT_TLS_CERT_FILE"),
                "FM_MQTT_TLS_KEY_FILE", stack.setting("FM_MQTT_TLS_KEY_FILE")))
                .awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            for (Process agent : agents) {
                if (agent.isAlive()) {
                    agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            try {
                if (service != null) {
                    service.close();
                }
            } finally {
                if (stack != null) {
                    stack.close();
                }
            }
        }
    }

    @Test
    void agentPublishesOverTlsWithClientCertificateAndTheServiceStoresIt() throws Exception {
        assertThat(stack.setting("FM_MQTT_TLS_URL")).startsWith("ssl://127.0.0.1:");
        assertThat(service.log()).as("the service connected over TLS").contains("MQTT connected to ssl://127.0.0.1:");
        Map<String, String> cert = certificate(EDGE);
        Path config = writeConfig("agent.yaml", stack.setting("FM_MQTT_TLS_URL").replace("127.0.0.1", "localhost"),
                cert.get("FM_MQTT_TLS_CA_FILE"), cert.get("FM_MQTT_TLS_CERT_FILE"), cert.get("FM_MQTT_TLS_KEY_FILE"), "60s");
        Process agent = startAgent(config, "agent");
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(agent.isAlive()).as("agent alive; stderr:%n%s", read("agent.err")).isTrue();
            assertThat(influx.countWhere("\"site\" = '" + SITE + "' AND \"building\" = 'office'"))
                    .as("readings of %s stored (published over TLS to localhost, received by the service over TLS)", EDGE)
                    .isGreaterThanOrEqualTo(3 * 10);
        });
        agent.destroy();
        assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void agentWithAnotherCaIsRefusedByTheHandshake() throws Exception {
        Path otherCa = otherCa();
        Map<String, String> cert = certificate(EDGE + "-wrong-ca");
        Path config = writeConfig("wrong-ca.yaml", stack.setting("FM_MQTT_TLS_URL"), otherCa.toString(),
                cert.get("FM_MQTT_TLS_CERT_FILE"), cert.get("FM_MQTT_TLS_KEY_FILE"), "2s");
        Process agent = startAgent(config, "wrong-ca");
        // The agent keeps sampling into its queue and retrying; its status line, published only after a refused
        // handshake has been logged, says that nothing of what it queued was acknowledged.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(agent.isAlive()).as("agent alive; stderr:%n%s", read("wrong-ca.err")).isTrue();
            String err = read("wrong-ca.err");
            assertThat(err).as("the agent says why").contains("SSLHandshakeException: PKIX path building failed");
            assertThat(err.substring(err.indexOf("PKIX path building failed")))
                    .as("a status line after the refusal").containsPattern("NOT connected, queue [1-9]\\d* batches")
                    .contains("0 readings acknowledged since start");
        });
        assertThat(read("wrong-ca.err")).doesNotContain("connected to ssl://");
        agent.destroy();
        assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void serviceTlsRefusesAnotherCaAndTheListenerRefusesClientsWithoutCertificate() throws Exception {
        String url = stack.setting("FM_MQTT_TLS_URL");
        Path ca = Path.of(stack.setting("FM_MQTT_TLS_CA_FILE"));
        Path cert = Path.of(stack.setting("FM_MQTT_TLS_CERT_FILE"));
        Path key = Path.of(stack.setting("FM_MQTT_TLS_KEY_FILE"));

        // The control: the service's own files connect, so the refusals below are about what they change.
        connect(url, Optional.of(ca), Optional.of(cert), Optional.of(key));

        assertThatThrownBy(() -> connect(url, Optional.of(otherCa()), Optional.of(cert), Optional.of(key)))
                .as("the broker's certificate is not signed by the configured CA")
                .isInstanceOf(MqttException.class)
                .cause().isInstanceOf(SSLHandshakeException.class).hasMessageContaining("PKIX path building failed");
        assertThatThrownBy(() -> connect(url, Optional.of(ca), Optional.empty(), Optional.empty()))
                .as("no client certificate on a require_certificate listener")
                .isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> MqttTls.socketFactory(Optional.of(ca), Optional.of(cert), Optional.empty()))
                .hasMessageContaining("cert-file and key-file go together");
        assertThatThrownBy(() -> MqttTls.socketFactory(Optional.of(cert.resolveSibling("missing.crt")), Optional.empty(),
                Optional.empty())).hasMessageContaining("fm.mqtt.tls.ca-file").hasMessageContaining("missing.crt");
    }

    @Test
    void aCertificateOfTheRightCaForAnotherHostIsRefused() throws Exception {
        // A TLS server on 127.0.0.1 with a certificate of the stack's own CA, issued for other.example only.
        Path tls = stack.directory().resolve("tls");
        Path wrongName = work.resolve("wrong-name");
        ProcessBuilder issue = new ProcessBuilder("bash", "-c", "die() { echo \"$*\" >&2; exit 1; }; . \"$0\"; "
                + "tls_issue \"$1\" \"$2\" other.example serverAuth DNS:other.example",
                NativeStack.repositoryRoot().resolve("bin/stack.d/tls.sh").toString(), tls.toString(), wrongName.toString())
                .redirectErrorStream(true);
        Process p = issue.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        javax.net.ssl.SSLServerSocketFactory server = MqttTls.context(Optional.empty(),
                Optional.of(Path.of(wrongName + ".crt")), Optional.of(Path.of(wrongName + ".key"))).getServerSocketFactory();
        try (javax.net.ssl.SSLServerSocket socket = (javax.net.ssl.SSLServerSocket) server.createServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (java.net.Socket s = socket.accept()) {
                    ((javax.net.ssl.SSLSocket) s).startHandshake();
                } catch (IOException e) {
                    // the client refuses the certificate
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            assertThatThrownBy(() -> connect("ssl://127.0.0.1:" + socket.getLocalPort(),
                    Optional.of(tls.resolve("ca.crt")), Optional.empty(), Optional.empty()))
                    .as("right CA, wrong name: hostname verification refuses it")
                    .isInstanceOf(MqttException.class)
                    .cause().isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
            acceptor.join(10_000);
        }
    }

    private static void connect(String url, Optional<Path> ca, Optional<Path> cert, Optional<Path> key) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(MqttTls.socketFactory(ca, cert, key));
        options.setHttpsHostnameVerificationEnabled(true);
        options.setUserName(stack.setting("FM_MQTT_USERNAME"));
        options.setPassword(stack.setting("FM_MQTT_PASSWORD").getBytes(StandardCharsets.UTF_8));
        options.setConnectionTimeout(10);
        MqttClient client = new MqttClient(url, "tls-it-" + System.nanoTime(), new MemoryPersistence());
        try {
            client.connect(options);
            assertThat(client.isConnected()).isTrue();
            client.disconnect();
        } finally {
            client.close(true);
        }
    }

    /** A client certificate of the stack's CA (bin/stack mqtt-client-cert). */
    private static Map<String, String> certificate(String name) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String line : stack.run("mqtt-client-cert", name).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        return values;
    }

    /** The CA of another stack dir: a CA the broker's certificate does not chain to. */
    private static Path otherCa() throws IOException, InterruptedException {
        Path dir = work.resolve("other-stack");
        if (!Files.exists(dir.resolve("tls/ca.crt"))) {
            ProcessBuilder builder = new ProcessBuilder(NativeStack.repositoryRoot().resolve("bin/stack").toString(),
                    "mqtt-client-cert", "other").redirectErrorStream(true);
            builder.environment().put("FM_STACK_DIR", dir.toString());
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }
        return dir.resolve("tls/ca.crt");
    }

    private static Path writeConfig(String name, String url, String ca, String cert, String key, String connectTimeout)
            throws IOException {
        Path repo = NativeStack.repositoryRoot();
        String yaml = "site: " + SITE + "\n"
                + "edge: " + EDGE + "\n"
                + "broker: {url: \"" + url + "\", ca-file: \"" + ca + "\", cert-file: \"" + cert + "\", key-file: \"" + key
                + "\", connect-timeout: " + connectTimeout + "}\n"
                + "sampling: {period: 1s}\n"
                + "simulate: {site-file: \"" + repo.resolve("demo/demo-campus.yaml") + "\", buildings: [office], seed: 7}\n"
                + "queue: {dir: \"" + work.resolve(name + "-data") + "\"}\n"
                + "status: {interval: 5s}\n";
        Path config = work.resolve(name);
        Files.writeString(config, yaml);
        return config;
    }

    private static Process startAgent(Path config, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-jar", agentJar.toString(), "run", "--config",
                config.toString())
                .directory(work.toFile())
                .redirectOutput(work.resolve(name + ".out").toFile())
                .redirectError(work.resolve(name + ".err").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("FM_AGENT_"));
        builder.environment().put("FM_AGENT_BROKER_PASSWORD", EDGE_PASSWORD);
        Process process = builder.start();
        agents.add(process);
        return process;
    }

    private static String read(String name) {
        try {
            Path file = work.resolve(name);
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(cannot read " + name + ": " + e.getMessage() + ")";
        }
    }
}
