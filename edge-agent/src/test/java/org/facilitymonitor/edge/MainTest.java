package org.facilitymonitor.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

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
        for (CommandLine.Option o : Main.SIMULATE) {
            assertThat(r.out()).contains("--" + o.name(), o.env());
        }
        for (CommandLine.Option o : Main.LOAD) {
            assertThat(r.out()).contains("--" + o.name(), o.env());
        }
        assertThat(run(Map.of(), "load", "--help").code()).isZero();
        assertThat(run(Map.of()).code()).isEqualTo(Main.USAGE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "simulate --edge office-edge                                  | --site-file",
            "simulate --site-file SITE                                    | --edge",
            "simulate --site-file SITE --edge Office                      | --edge",
            "simulate --site-file SITE --edge e --period soon             | --period",
            "simulate --site-file SITE --edge e --period 0s               | --period",
            "simulate --site-file SITE --edge e --seed x                  | --seed",
            "simulate --site-file SITE --edge e --buildings office,gym    | --buildings",
            "simulate --site-file SITE --edge e --colour blue             | --colour",
            "simulate --site-file SITE --edge                             | --edge",
            "simulate --site-file /nonexistent.yaml --edge e              | --site-file",
            "load --site-file SITE --connections 0                        | --connections",
            "load --site-file SITE --rate -5                              | --rate",
            "load --site-file SITE --rate fast                            | --rate",
            "load --site-file SITE --readings-per-message 5001            | --readings-per-message",
            "load --site-file SITE --inflight 0                           | --inflight",
            "load --site-file SITE --username-prefix Load_                | --username-prefix",
            "load --site-file SITE --duration 3 weeks                     | unexpected argument",
            "fly                                                          | unknown command"})
    void badArgumentsExitWithUsageAndNameTheOption(String args, String named) {
        Result r = run(Map.of(), args.replace("SITE", SITE).trim().split("\\s+"));

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains(named);
    }

    @Test
    void environmentFillsOptionsAndIsCheckedToo() {
        Result r = run(Map.of("FM_SITE_FILE", SITE, "FM_EDGE_ID", "e", "FM_SIM_PERIOD", "often"), "simulate");

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("--period");
    }

    @Test
    void unreachableBrokerFailsAfterTheConnectTimeout() {
        Result r = run(Map.of(), "simulate", "--site-file", SITE, "--edge", "e", "--broker", "tcp://127.0.0.1:1",
                "--connect-timeout", "1s", "--duration", "1s");

        assertThat(r.code()).isEqualTo(Main.FAILED);
        assertThat(r.err()).contains("could not connect to tcp://127.0.0.1:1");
    }
}
