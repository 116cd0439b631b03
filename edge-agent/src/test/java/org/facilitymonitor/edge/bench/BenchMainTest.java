package org.facilitymonitor.edge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.facilitymonitor.edge.CommandLine;
import org.facilitymonitor.edge.load.LoadCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line of edge-agent-bench.jar: {@code load} (bin/bench) and {@code drain} (bin/bench-agent). */
class BenchMainTest {

    static final String SITE = System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml");

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchMain.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpNamesBothCommandsAndEveryLoadOptionWithItsEnvironmentVariable() {
        Result help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("load ", "drain ");
        assertThat(run().code()).isEqualTo(BenchMain.USAGE);

        Result load = run("load", "--help");
        assertThat(load.code()).isZero();
        for (CommandLine.Option o : LoadCommand.OPTIONS) {
            assertThat(load.out()).contains("--" + o.name(), o.env());
        }
        Result drain = run("drain", "--help");
        assertThat(drain.code()).isZero();
        assertThat(drain.out()).contains("--dir", "--readings", "--inflight", "--subscriber-counts");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "load                                                         | --site-file",
            "load --site-file /nonexistent/site.yaml                      | no such file: /nonexistent/site.yaml",
            "load --site-file SITE --connections 0                        | --connections",
            "load --site-file SITE --rate -5                              | --rate",
            "load --site-file SITE --rate fast                            | --rate",
            "load --site-file SITE --readings-per-message 5001            | --readings-per-message",
            "load --site-file SITE --inflight 0                           | --inflight",
            "load --site-file SITE --username-prefix Load_                | --username-prefix",
            "load --site-file SITE --duration 3 weeks                     | unexpected argument",
            "load --site-file SITE --next-after DIR/go                    | --next-after needs --next-duration",
            "load --site-file SITE --next-duration 5s                     | need --next-after",
            "load --site-file SITE --next-after DIR/go --next-duration 5s --next-rate -1 | --next-rate",
            "drain                                                        | --dir is required",
            "drain --dir DIR --readings 0                                 | --readings",
            "drain --dir DIR --fsync sometimes                            | --fsync",
            "drain --dir DIR --colour blue                                | unknown option --colour",
            "fly                                                          | unknown command"})
    void badArgumentsExitWithUsageAndNameTheOption(String args, String named, @TempDir Path dir) {
        Result r = run(args.replace("SITE", SITE).replace("DIR", dir.toString()).trim().split("\\s+"));

        assertThat(r.code()).isEqualTo(BenchMain.USAGE);
        assertThat(r.err()).contains(named);
    }
}
