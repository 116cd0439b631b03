package org.facilitymonitor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    static final Path SITE = Path.of(System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml")).toAbsolutePath();

    @TempDir
    Path dir;

    Path write(String yaml) throws IOException {
        Path f = dir.resolve("agent.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    String minimal() {
        return "site: demo-campus\nedge: office-edge\nsimulate:\n  site-file: " + SITE + "\n";
    }

    @Test
    void defaultsFillEverythingNotGiven() throws Exception {
        ResolvedConfig c = ConfigLoader.load(write(minimal()), Map.of());

        assertThat(c.broker().url()).isEqualTo("tcp://127.0.0.1:11883");
        assertThat(c.broker().username()).as("the edge id").isEqualTo("office-edge");
        assertThat(c.broker().maxInflight()).isEqualTo(100);
        assertThat(c.period()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.queue().dir()).isEqualTo(dir.resolve("data/office-edge"));
        assertThat(c.queue().maxBytes()).isEqualTo(256L << 20);
        assertThat(c.queue().fsyncInterval()).isZero();
        assertThat(c.queue().historicalAfter()).as("3 periods, at least 30 s").isEqualTo(Duration.ofSeconds(30));
        assertThat(c.queue().drainRate()).isEqualTo(5_000);
        assertThat(c.queue().receipts().enabled()).isTrue();
        assertThat(c.queue().receipts().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.queue().receipts().timeoutMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.simulate().seed()).isEqualTo(42);
        assertThat(c.simulate().acceleration()).isEqualTo(1);
        assertThat(c.replay()).isEmpty();
        assertThat(c.statusInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyFieldIsReadAndTheEnvironmentWins() throws Exception {
        Path f = write("""
                site: demo-campus
                edge: office-edge
                broker: {url: "ssl://broker.example:8883", username: acct, password: pw, connect-timeout: 1m,
                         keep-alive: 20s, max-inflight: 50}
                sampling:
                  period: 5s
                  points:
                    - {match: "*-energy", period: 1m}
                    - {match: "office-ahu-*", period: "off"}
                simulate:
                  site-file: %s
                  buildings: [office]
                  seed: 7
                  acceleration: 500
                  start: 2026-11-01T00:00:00Z
                  faults:
                    - {asset: office-ahu-1, fault: filter-clogging, after: 2m, params: {pa-per-day: 500}}
                queue: {dir: /var/lib/edge, max-bytes: 64MB, fsync: 1s, checkpoint: 2s, drain-rate: 800,
                        historical-after: 1m}
                status: {interval: 10s}
                """.formatted(SITE));

        ResolvedConfig c = ConfigLoader.load(f, Map.of("FM_AGENT_QUEUE_MAX_BYTES", "2GB", "FM_AGENT_BROKER_PASSWORD",
                "from-env", "FM_AGENT_SIMULATE_BUILDINGS", "office, canteen"));

        assertThat(c.broker().url()).isEqualTo("ssl://broker.example:8883");
        assertThat(c.broker().password()).isEqualTo("from-env");
        assertThat(c.broker().toString()).doesNotContain("from-env");
        assertThat(c.broker().connectTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.broker().maxInflight()).isEqualTo(50);
        assertThat(c.period()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.pointRules()).hasSize(2);
        assertThat(c.pointRules().get(1).period()).as("off").isNull();
        assertThat(c.simulate().buildings()).containsExactly("office", "canteen");
        assertThat(c.simulate().acceleration()).isEqualTo(500);
        assertThat(c.simulate().start()).hasToString("2026-11-01T00:00:00Z");
        assertThat(c.simulate().faults()).singleElement().satisfies(fault -> {
            assertThat(fault.asset()).isEqualTo("office-ahu-1");
            assertThat(fault.after()).isEqualTo(Duration.ofMinutes(2));
            assertThat(fault.params()).containsEntry("pa-per-day", 500.0);
        });
        assertThat(c.queue().dir()).isEqualTo(Path.of("/var/lib/edge"));
        assertThat(c.queue().maxBytes()).isEqualTo(2L << 30);
        assertThat(c.queue().fsyncInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.queue().checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.queue().drainRate()).isEqualTo(800);
        assertThat(c.queue().historicalAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.statusInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aReplaySourceIsReadWithItsDefaults() throws Exception {
        Path csv = dir.resolve("meter.csv");
        Files.writeString(csv, "time,kwh\n2018-01-01T00:00:00Z,1\n2018-01-01T01:00:00Z,2\n");
        ResolvedConfig c = ConfigLoader.load(write("""
                site: demo-campus
                edge: replay-edge
                replay:
                  - {file: meter.csv, value-column: kwh, point: office-elec-main-energy, start-register: 1000.5}
                """), Map.of());

        assertThat(c.simulate()).isNull();
        assertThat(c.replay()).singleElement().satisfies(r -> {
            assertThat(r.file()).as("relative to the config file").isEqualTo(csv);
            assertThat(r.timeColumn()).isEqualTo("time");
            assertThat(r.speed()).isEqualTo(3600);
            assertThat(r.startRegister()).isEqualByComparingTo(new BigDecimal("1000.5"));
            assertThat(r.scale()).isEqualByComparingTo(BigDecimal.ONE);
        });
    }

    @Test
    void receiptSettingsAreReadAndTheEnvironmentWins() throws Exception {
        Path f = write(minimal() + "queue: {receipts: true, receipt-timeout: 10s, receipt-timeout-max: 2m}\n");
        ResolvedConfig c = ConfigLoader.load(f, Map.of());
        assertThat(c.queue().receipts().enabled()).isTrue();
        assertThat(c.queue().receipts().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.queue().receipts().timeoutMax()).isEqualTo(Duration.ofMinutes(2));

        ResolvedConfig off = ConfigLoader.load(f, Map.of("FM_AGENT_QUEUE_RECEIPTS", "false",
                "FM_AGENT_QUEUE_RECEIPT_TIMEOUT", "45s"));
        assertThat(off.queue().receipts().enabled()).isFalse();
        assertThat(off.queue().receipts().timeout()).isEqualTo(Duration.ofSeconds(45));

        ResolvedConfig longWait = ConfigLoader.load(write(minimal() + "queue: {receipt-timeout: 10m}\n"), Map.of());
        assertThat(longWait.queue().receipts().timeoutMax()).as("a timeout above the default maximum is its own maximum")
                .isEqualTo(Duration.ofMinutes(10));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "site: ''                                           | site: required",
            "site: Demo Campus                                  | site: invalid id 'Demo Campus'",
            "edge: dead-letter                                  | edge: 'dead-letter' is reserved",
            "broker: {url: 'http://x'}                          | broker.url: 'http://x' is not a broker URL",
            "broker: {max-inflight: 0}                          | broker.max-inflight: must be 1..65535, was 0",
            "broker: {max-inflight: lots}                       | broker.max-inflight",
            "broker: {colour: blue}                             | broker: unknown field 'colour' (known: ca-file, cert-file, connect-timeout, keep-alive, key-file, max-inflight, password, url, username)",
            "colour: blue                                       | unknown field 'colour'",
            "sampling: {period: 0s}                             | sampling.period: must be positive",
            "sampling: {period: soon}                           | sampling.period: not a duration: 'soon'",
            "sampling: {period: 10s, points: [{match: 'x*', period: 15s}]} | sampling.points[0].period: PT15S is not a positive multiple of sampling.period PT10S",
            "sampling: {period: 10s, points: [{period: 20s}]}   | sampling.points[0].match: required",
            "queue: {max-bytes: 10KB}                           | queue.max-bytes: at least 1MB",
            "queue: {drain-rate: -1}                            | queue.drain-rate: readings per second >= 0",
            "queue: {fsync: sometimes}                          | queue.fsync: not a duration: 'sometimes'",
            "queue: {receipts: maybe}                           | queue.receipts: true or false, was 'maybe'",
            "queue: {receipt-timeout: 0s}                       | queue.receipt-timeout: must be positive",
            "queue: {receipt-timeout: 1m, receipt-timeout-max: 30s} | queue.receipt-timeout-max: must be at least queue.receipt-timeout (1m), was '30s'",
            "status: {interval: -5s}                            | status.interval: must be positive"})
    void aBadFieldIsNamedWithWhatIsWrong(String yaml, String message) throws IOException {
        String base = yaml.startsWith("site:") ? "edge: office-edge\nsimulate: {site-file: " + SITE + "}\n"
                : yaml.startsWith("edge:") ? "site: demo-campus\nsimulate: {site-file: " + SITE + "}\n" : minimal();
        Path f = write(base + yaml + "\n");

        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void sourceErrorsAreNamed() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(write("site: demo-campus\nedge: e\n"), Map.of()))
                .hasMessageContaining("a source is required: a 'simulate' section or a 'replay' list");
        assertThatThrownBy(() -> ConfigLoader.load(write(minimal() + "replay: [{file: x.csv, value-column: v, point: p}]\n"),
                Map.of())).hasMessageContaining("replay[0].file: no such file");
        assertThatThrownBy(() -> ConfigLoader.load(write("site: demo-campus\nedge: e\nsimulate: {site-file: nowhere.yaml}\n"),
                Map.of())).hasMessageContaining("simulate.site-file: no such file");
        assertThatThrownBy(() -> ConfigLoader.load(write(minimal().replace("simulate:\n", "simulate:\n  acceleration: 0.5\n")),
                Map.of())).hasMessageContaining("simulate.acceleration: a factor >= 1");
        assertThatThrownBy(() -> ConfigLoader.load(write(minimal().replace("simulate:\n", "simulate:\n  start: -2d\n")),
                Map.of())).hasMessageContaining("simulate.start: a start in the past needs simulate.acceleration above 1");
        assertThatThrownBy(() -> ConfigLoader.load(write(minimal().replace("simulate:\n",
                "simulate:\n  faults: [{asset: a, fault: leak}]\n")), Map.of()))
                .hasMessageContaining("simulate.faults[0]: give exactly one of 'after'");
        assertThatThrownBy(() -> ConfigLoader.load(write(minimal().replace("simulate:\n",
                "simulate:\n  faults: [{asset: a, fault: leak, at: tomorrow}]\n")), Map.of()))
                .hasMessageContaining("simulate.faults[0].at: not an ISO instant");
    }

    @Test
    void notYamlOrNotAMappingIsSaidSo() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(write("site: [unclosed\n"), Map.of()))
                .hasMessageContaining("not valid YAML at line");
        assertThatThrownBy(() -> ConfigLoader.load(write("- a\n- b\n"), Map.of()))
                .hasMessageContaining("must be a YAML mapping");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of()))
                .hasMessageContaining("config: no such file");
    }

    @Test
    void envNamesFollowThePath() {
        assertThat(ConfigLoader.envName("queue.max-bytes")).isEqualTo("FM_AGENT_QUEUE_MAX_BYTES");
        assertThat(ConfigLoader.envName("edge")).isEqualTo("FM_AGENT_EDGE");
    }

    @Test
    void backfillAndRecordedReplayAreReadAndChecked() throws Exception {
        long before = java.time.Instant.now().minus(Duration.ofDays(400)).toEpochMilli();
        ResolvedConfig c = ConfigLoader.load(write(minimal() + "  backfill: {from: -400d}\n"), Map.of());
        assertThat(c.simulate().backfill().step()).as("default step").isEqualTo(Duration.ofMinutes(15));
        assertThat(c.simulate().backfill().from().toEpochMilli()).isBetween(before, before + 60_000);
        ResolvedConfig env = ConfigLoader.load(write(minimal()), Map.of("FM_AGENT_SIMULATE_BACKFILL_FROM",
                "2025-10-01T00:00:00Z", "FM_AGENT_SIMULATE_BACKFILL_STEP", "1h"));
        assertThat(env.simulate().backfill().from()).isEqualTo(java.time.Instant.parse("2025-10-01T00:00:00Z"));
        assertThat(env.simulate().backfill().step()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> ConfigLoader.load(write(minimal() + "  backfill: {step: 15m}\n"), Map.of()))
                .hasMessageContaining("simulate.backfill.from: required");
        assertThatThrownBy(() -> ConfigLoader.load(write(minimal() + "  backfill: {from: -400d, step: often}\n"), Map.of()))
                .hasMessageContaining("simulate.backfill.step: not a duration: 'often'");

        Path csv = Path.of(System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml")).toAbsolutePath()
                .resolveSibling("reference-data/real-buildings/eload_daily.csv");
        String replay = "site: demo-campus\nedge: office-edge\nreplay:\n  - {file: " + csv
                + ", value-column: eload, point: office-elec-main-energy";
        ResolvedConfig r = ConfigLoader.load(write(replay + ", timestamps: recorded, shift: 3640d}\n"), Map.of());
        assertThat(r.replay().get(0).recorded()).isTrue();
        assertThat(r.replay().get(0).shift()).isEqualTo(Duration.ofDays(3640));
        assertThat(ConfigLoader.load(write(replay + "}\n"), Map.of()).replay().get(0).recorded()).isFalse();
        assertThatThrownBy(() -> ConfigLoader.load(write(replay + ", timestamps: file}\n"), Map.of()))
                .hasMessageContaining("replay[0].timestamps: 'agent'").hasMessageContaining("'recorded'");
        assertThatThrownBy(() -> ConfigLoader.load(write(replay + ", shift: 1d}\n"), Map.of()))
                .hasMessageContaining("replay[0].shift: moves recorded timestamps; needs timestamps: recorded");
    }
}
