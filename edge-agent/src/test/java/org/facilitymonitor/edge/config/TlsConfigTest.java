package org.facilitymonitor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.facilitymonitor.edge.mqtt.TlsFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** broker.ca-file, cert-file and key-file: read, resolved against the config's directory, checked; PEM files of bin/stack load. */
class TlsConfigTest {

    @TempDir
    Path dir;

    private String config(String broker) {
        return "site: demo-campus\nedge: office-edge\nbroker: " + broker + "\nsimulate:\n  site-file: " + ConfigLoaderTest.SITE + "\n";
    }

    private ResolvedConfig load(String broker, Map<String, String> env) throws Exception {
        Path f = dir.resolve("agent.yaml");
        Files.writeString(f, config(broker));
        return ConfigLoader.load(f, env);
    }

    /** A CA and a client certificate made by the project's bin/stack (openssl), as an operator would make them. */
    private Path certificates() throws IOException, InterruptedException {
        Path stack = dir.resolve("stack");
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("../bin/stack").toAbsolutePath().normalize().toString(),
                "mqtt-client-cert", "office-edge").redirectErrorStream(true);
        pb.environment().put("FM_STACK_DIR", stack.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return stack.resolve("tls");
    }

    @Test
    void tlsFilesAreResolvedAndLoad() throws Exception {
        Path tls = certificates();
        Files.copy(tls.resolve("ca.crt"), dir.resolve("ca.crt"));
        ResolvedConfig c = load("{url: \"ssl://localhost:8883\", ca-file: ca.crt}", Map.of(
                "FM_AGENT_BROKER_CERT_FILE", tls.resolve("clients/office-edge.crt").toString(),
                "FM_AGENT_BROKER_KEY_FILE", tls.resolve("clients/office-edge.key").toString()));
        TlsFiles files = c.broker().tls();
        assertThat(files.caFile()).as("relative to the config file").isEqualTo(dir.resolve("ca.crt"));
        assertThat(files.certFile()).isEqualTo(tls.resolve("clients/office-edge.crt"));
        assertThat(files.keyFile()).isEqualTo(tls.resolve("clients/office-edge.key"));
        assertThat(files.socketFactory()).as("the EC key and certificates of openssl load").isNotNull();
        assertThat(load("{url: \"ssl://localhost:8883\"}", Map.of()).broker().tls()).isNull();
    }

    @Test
    void badTlsSettingsAreNamed() throws Exception {
        Path tls = certificates();
        assertThatThrownBy(() -> load("{url: \"tcp://localhost:1883\", ca-file: " + tls.resolve("ca.crt") + "}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ssl:// broker.url, not tcp://localhost:1883");
        assertThatThrownBy(() -> load("{url: \"ssl://localhost:8883\", ca-file: nowhere.crt}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("broker.ca-file: no readable file")
                .hasMessageContaining("nowhere.crt");
        assertThatThrownBy(() -> load("{url: \"ssl://localhost:8883\", cert-file: " + tls.resolve("clients/office-edge.crt")
                + "}", Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("go together");
        assertThatThrownBy(() -> new TlsFiles(tls.resolve("clients/office-edge.key"), null, null).socketFactory())
                .hasMessageContaining("broker.ca-file").hasMessageContaining("not a PEM certificate");
        assertThatThrownBy(() -> new TlsFiles(null, tls.resolve("clients/office-edge.crt"), tls.resolve("ca.crt")).socketFactory())
                .hasMessageContaining("broker.key-file").hasMessageContaining("PKCS#8");
    }
}
