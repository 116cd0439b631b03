package org.facilitymonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facilitymonitor.testing.NativeStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * compose.yaml without a Docker engine: what it publishes, who gets which InfluxDB credential, TLS between the
 * containers, and its preflight check run for real (its shell script, with compose's $$ unescaped) against
 * .env.example's change-me values, missing certificates and certificates from bin/compose-tls.
 */
class ComposeFileTest {

    private static final Path REPO = NativeStack.repositoryRoot();
    private static JsonNode services;

    @BeforeAll
    static void parse() throws IOException {
        // SnakeYAML applies the merge keys (<<: *edge) that Jackson's YAML reader leaves as a key of their own.
        Object yaml = new Yaml().load(Files.readString(REPO.resolve("compose.yaml")));
        JsonNode compose = new ObjectMapper().valueToTree(yaml);
        services = compose.path("services");
        assertThat(services.size()).as("services in compose.yaml").isGreaterThan(5);
    }

    @Test
    void publishesOnlyTheTlsProxyAndTheBrokersTlsListener() {
        Map<String, List<String>> published = new TreeMap<>();
        services.fields().forEachRemaining(e -> {
            List<String> ports = new ArrayList<>();
            e.getValue().path("ports").forEach(p -> ports.add(p.asText()));
            if (!ports.isEmpty()) {
                published.put(e.getKey(), ports);
            }
            assertThat(e.getValue().path("network_mode").asText()).as("%s shares the host's network", e.getKey())
                    .isNotEqualTo("host");
        });
        assertThat(published).isEqualTo(Map.of(
                "proxy", List.of("8443:8443", "3000:3000"),
                "mosquitto", List.of("8883:8883")));
        String proxy = read("compose.d/proxy.conf");
        assertThat(listens(proxy)).as("the proxy's listeners, all TLS").containsExactlyInAnyOrder("8443 ssl", "3000 ssl");
        assertThat(proxy).contains("proxy_pass http://service:8080;").contains("proxy_pass http://grafana:3000;");
    }

    @Test
    void brokerPublishesTlsOnlyAndEveryClientVerifiesIt() {
        String conf = read("mosquitto/mosquitto.conf");
        List<String> listeners = new ArrayList<>();
        for (String line : conf.split("\n")) {
            if (line.startsWith("listener ")) {
                listeners.add(line.trim());
            }
        }
        assertThat(listeners).containsExactly("listener 1883 127.0.0.1", "listener 8883");
        assertThat(conf).contains("certfile /mosquitto/config/tls/server.crt", "keyfile /mosquitto/config/tls/server.key",
                "cafile /mosquitto/config/tls/ca.crt");
        assertThat(env("service").get("FM_MQTT_URL")).isEqualTo("ssl://mosquitto:8883");
        assertThat(env("service").get("FM_MQTT_TLS_CA_FILE")).isEqualTo("/tls/ca.crt");
        for (String edge : List.of("edge-office", "edge-dorm", "edge-canteen")) {
            assertThat(env(edge).get("FM_AGENT_BROKER_URL")).as(edge).isEqualTo("ssl://mosquitto:8883");
            assertThat(env(edge).get("FM_AGENT_BROKER_CA_FILE")).as(edge).isEqualTo("/tls/ca.crt");
        }
    }

    @Test
    void onlyTheTokenServiceHoldsTheInfluxOperatorTokenAndTheServiceGetsABucketToken() {
        Set<String> holders = new HashSet<>();
        services.fields().forEachRemaining(e -> {
            for (String value : env(e.getKey()).values()) {
                if (value.contains("INFLUXDB_ADMIN_TOKEN")) {
                    holders.add(e.getKey());
                }
            }
        });
        assertThat(holders).as("containers given the operator token").containsExactlyInAnyOrder("preflight", "influxdb",
                "influx-tokens");
        assertThat(env("service")).doesNotContainKey("FM_INFLUX_TOKEN")
                .containsEntry("QUARKUS_CONFIG_LOCATIONS", "/fm-tokens/service.properties");
        assertThat(env("grafana")).doesNotContainKey("FM_INFLUX_TOKEN").containsEntry("FM_PG_GRAFANA_USER", "grafana_reader");
        assertThat(volumes("service")).contains("influx-token-service:/fm-tokens:ro").noneMatch(v -> v.contains("grafana"));
        assertThat(volumes("grafana")).contains("influx-token-grafana:/fm-tokens:ro").noneMatch(v -> v.contains("token-service"));
        String tokens = read("compose.d/influxdb-tokens.sh");
        assertThat(tokens).contains("ensure /out/service/service.properties fm.influx.token fm-service \\\n"
                + "  --read-bucket \"$bucket_id\" --write-bucket \"$bucket_id\"");
        assertThat(tokens).contains("ensure /out/grafana/grafana.env FM_INFLUX_TOKEN fm-grafana --read-bucket \"$bucket_id\"\n");
        String grants = read("compose.d/postgres-grafana.sh");
        assertThat(grants).contains("GRANT SELECT ON ALL TABLES IN SCHEMA public TO grafana_reader")
                .contains("ARRAY['app_user', 'app_user_site', 'api_token', 'audit_log', 'flyway_schema_history']")
                .doesNotContain("GRANT ALL").doesNotContain("INSERT");
        assertThat(env("postgres-grants")).containsKeys("POSTGRES_PASSWORD", "POSTGRES_GRAFANA_PASSWORD");
    }

    @Test
    void everyOtherContainerWaitsForThePreflight() {
        services.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("preflight")) {
                assertThat(waitsForPreflight(e.getKey(), new HashSet<>())).as("%s starts only after the preflight", e.getKey())
                        .isTrue();
            }
        });
    }

    @Test
    void preflightRefusesChangeMeSecretsAndMissingCertificates(@TempDir Path tmp) throws Exception {
        Map<String, String> example = dotEnv(read(".env.example"));
        Set<String> placeholders = new HashSet<>();
        example.forEach((k, v) -> {
            if (v.contains("change-me")) {
                placeholders.add(k);
            }
        });
        assertThat(placeholders).as("change-me values in .env.example").hasSizeGreaterThan(5);
        Path tls = Files.createDirectories(tmp.resolve("tls"));

        Result asShipped = preflight(example, tls);
        assertThat(asShipped.exit).as(asShipped.output).isEqualTo(1);
        assertThat(asShipped.output).contains("refusing to start");
        for (String name : placeholders) {
            assertThat(asShipped.output).as("the preflight names %s", name).containsPattern("\\b" + name + "\\b");
        }

        Map<String, String> changed = new HashMap<>(example);
        placeholders.forEach(k -> changed.put(k, "s3cret-" + k.hashCode()));
        Result noCertificates = preflight(changed, tls);
        assertThat(noCertificates.exit).as(noCertificates.output).isEqualTo(1);
        assertThat(noCertificates.output).contains("tls/ca.crt", "tls/mosquitto/server.key", "tls/proxy/server.crt",
                "bin/compose-tls").doesNotContain("change-me or are empty");

        Result onePlaceholderLeft = preflight(withValue(changed, "POSTGRES_GRAFANA_PASSWORD", "change-me-too"), tls);
        assertThat(onePlaceholderLeft.exit).isEqualTo(1);
        assertThat(onePlaceholderLeft.output).contains("empty: POSTGRES_GRAFANA_PASSWORD (");

        ProcessBuilder certs = new ProcessBuilder(REPO.resolve("bin/compose-tls").toString(), "facility.example.org")
                .redirectErrorStream(true);
        certs.environment().put("FM_TLS_DIR", tls.toString());
        Process p = certs.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        Result ready = preflight(changed, tls);
        assertThat(ready.exit).as(ready.output).isZero();
        assertThat(ready.output).contains("preflight: secrets changed, certificates present");
        assertThat(preflight(withValue(changed, "GRAFANA_ADMIN_PASSWORD", ""), tls).exit).as("an empty secret").isEqualTo(1);
    }

    private record Result(int exit, String output) {
    }

    private static Result preflight(Map<String, String> env, Path tls) throws Exception {
        JsonNode command = services.path("preflight").path("command");
        assertThat(command.get(0).asText() + " " + command.get(1).asText()).isEqualTo("sh -c");
        String script = command.get(2).asText().replace("$$", "$").replace("/tls/", tls + "/");
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> !k.equals("PATH"));
        builder.environment().putAll(env);
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }

    private static Map<String, String> withValue(Map<String, String> env, String key, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put(key, value);
        return copy;
    }

    private static boolean waitsForPreflight(String service, Set<String> seen) {
        if (!seen.add(service)) {
            return false;
        }
        JsonNode depends = services.path(service).path("depends_on");
        if (depends.has("preflight")) {
            return depends.path("preflight").path("condition").asText().equals("service_completed_successfully");
        }
        List<String> names = new ArrayList<>();
        depends.fieldNames().forEachRemaining(names::add);
        return names.stream().anyMatch(d -> waitsForPreflight(d, seen));
    }

    private static Map<String, String> env(String service) {
        Map<String, String> values = new LinkedHashMap<>();
        services.path(service).path("environment").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private static List<String> volumes(String service) {
        List<String> values = new ArrayList<>();
        services.path(service).path("volumes").forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> listens(String nginx) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*listen\\s+([^;]+);").matcher(nginx);
        while (m.find()) {
            values.add(m.group(1).trim());
        }
        return values;
    }

    private static Map<String, String> dotEnv(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }

    private static String read(String file) {
        try {
            return Files.readString(REPO.resolve(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
