package org.facilitymonitor.edge.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.edge.history.HistoryCommand;
import org.facilitymonitor.edge.load.LoadCommand;

/**
 * Command line of the benchmark tools, {@code java -jar edge-agent-bench.jar COMMAND} (the jar's
 * manifest puts {@code edge-agent.jar}, next to it, on the class path). Not part of the agent.
 */
public final class BenchMain {

    static final int OK = 0;
    static final int USAGE = 2;

    private BenchMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0 || List.of("help", "--help", "-h").contains(args[0])) {
            out.print(usage());
            return args.length == 0 ? USAGE : OK;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        return switch (args[0]) {
            case "load" -> LoadCommand.run(rest, env, out, err);
            case "drain" -> DrainBenchmark.run(rest.toArray(String[]::new), out, err);
            case "history" -> HistoryCommand.run(rest, env, out, err);
            default -> {
                err.println("edge-agent-bench: unknown command '" + args[0] + "' (load, drain, history or help)");
                yield USAGE;
            }
        };
    }

    static String usage() {
        return """
                Usage: java -jar edge-agent-bench.jar COMMAND [OPTIONS]   (edge-agent.jar must be in the same folder)

                Commands:
                  load       the ingest benchmark's publisher (bin/bench): N edges at a paced rate, JSON report
                  drain      the agent's drain benchmark (bin/bench-agent): fill a disk queue, let the real agent drain it
                  history    the energy benchmark's loader (bin/bench-energy): a meter history as historical batches
                  help       this text

                'COMMAND --help' lists a command's options.
                """;
    }
}
