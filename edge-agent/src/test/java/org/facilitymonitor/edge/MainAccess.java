package org.facilitymonitor.edge;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Lets tests in other packages run the command line in this JVM. */
public final class MainAccess {
    private MainAccess() {
    }

    public static int run(Map<String, String> env, OutputStream out, OutputStream err, String... args) {
        return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
