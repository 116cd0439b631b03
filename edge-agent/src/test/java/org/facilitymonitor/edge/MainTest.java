package org.facilitymonitor.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.edge.simulate.Simulator;
import org.facilitymonitor.edge.site.SiteFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    static final String SITE = System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml");

    record Result(int code, String out, String err) {
    }

    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryOptionWithItsEnvironmentVariable() {
        Result r = run(Map.of(), "--help");

        assertThat(r.code()).isZero();
        for (CommandLine.Option o : Main.RUN) {
            assertThat(r.out()).contains("--" + o.name());
            if (o.env() != null) {
                assertThat(r.out()).contains(o.env());
            }
        }
        assertThat(r.out()).contains("FM_AGENT_QUEUE_MAX_BYTES");
        assertThat(r.out()).as("the benchmark tools are not in the agent").doesNotContain("--site-file")
                .contains("edge-agent-bench.jar");
        assertThat(run(Map.of()).code()).isEqualTo(Main.USAGE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "run                                                          | --config",
            "run --config /nonexistent/agent.yaml                         | no such file: /nonexistent/agent.yaml",
            "run --config CONFIG --duration soon                          | --duration",
            "run --config CONFIG --until-done maybe                       | --until-done",
            "run --config CONFIG --colour blue                            | --colour",
            "load --site-file SITE                                        | edge-agent-bench.jar",
            "fly                                                          | unknown command"})
    void badArgumentsExitWithUsageAndNameTheOption(String args, String named) {
        Result r = run(Map.of(), args.replace("SITE", SITE).replace("CONFIG", config(Map.of())).trim().split("\\s+"));

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains(named);
    }

    @TempDir
    static Path dir;

    /** A valid configuration (an unreachable broker) with {@code extra} top-level YAML lines. */
    static String config(Map<String, String> extra) {
        StringBuilder yaml = new StringBuilder("""
                site: demo-campus
                edge: main-test-edge
                broker: {url: "tcp://127.0.0.1:1", connect-timeout: 1s}
                sampling: {period: 200ms}
                simulate: {site-file: %s, buildings: [canteen]}
                queue: {dir: %s}
                """.formatted(Path.of(SITE).toAbsolutePath(), dir.resolve("data-" + extra.hashCode())));
        extra.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        try {
            Path file = Files.createTempFile(dir, "agent", ".yaml");
            Files.writeString(file, yaml);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"office-edge", "dorm-edge", "canteen-edge"})
    void theDemoAgentsConfigurationsAndTheirFaultsAreValid(String edge) {
        Path config = Path.of(SITE).toAbsolutePath().getParent().resolve("agents/" + edge + ".yaml");
        Result r = run(Map.of("FM_AGENT_QUEUE_DIR", dir.resolve("check-" + edge).toString()), "run", "--config",
                config.toString(), "--check", "true");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("configuration OK: simulating").contains("faults scheduled");
    }

    @Test
    void aFaultThatDoesNotFitItsAssetStopsTheAgentNamingTheEntry() {
        String bad = config(Map.of()); // canteen only
        assertThat(run(Map.of(), "run", "--config", bad, "--check", "true").code()).as("valid before the edit").isZero();
        try {
            Files.writeString(Path.of(bad), Files.readString(Path.of(bad)).replace("buildings: [canteen]}",
                    "buildings: [canteen], faults: [{asset: canteen-boiler-1, fault: leak, after: 1m}]}"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Result refused = run(Map.of(), "run", "--config", bad, "--check", "true");
        assertThat(refused.code()).isEqualTo(Main.USAGE);
        assertThat(refused.err()).contains("simulate.faults[0]: ").contains("leak").contains("canteen-boiler-1");
    }

    @Test
    void aBadFieldStopsTheAgentNamingIt() {
        Result r = run(Map.of(), "run", "--config", config(Map.of("status", "{interval: often}")));

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("status.interval: not a duration: 'often'");
    }

    @Test
    void environmentOverridesAFieldAndIsCheckedToo() {
        Result r = run(Map.of("FM_AGENT_QUEUE_MAX_BYTES", "lots"), "run", "--config", config(Map.of()));

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("queue.max-bytes: not a size: 'lots'");
    }

    @Test
    void withTheBrokerUnreachableTheAgentKeepsSamplingIntoItsQueue() throws IOException {
        Result r = run(Map.of(), "run", "--config", config(Map.of()), "--duration", "2s");

        assertThat(r.code()).as(r.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "run: (\\d+) samples, (\\d+) readings queued, 0 readings acknowledged .* queue holds (\\d+) readings,"
                        + " dropped 0 readings").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        // counts, not timing: samples were taken, each with every canteen point, and all of them are still queued
        int canteenPoints = new Simulator(SiteFiles.load(Path.of(SITE)), List.of("canteen"), 42, 0).pointCount();
        assertThat(Long.parseLong(m.group(1))).as("samples").isPositive();
        assertThat(Long.parseLong(m.group(2))).as("every point in every sample")
                .isEqualTo(Long.parseLong(m.group(1)) * canteenPoints);
        assertThat(m.group(3)).as("everything sampled is still queued").isEqualTo(m.group(2));
    }
}
