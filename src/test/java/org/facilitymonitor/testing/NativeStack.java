package org.facilitymonitor.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A private set of real servers (PostgreSQL, Mosquitto, InfluxDB behind its write mapping) started
 * by the project's own {@code bin/stack} in a temporary directory on free loopback ports. Tests
 * stop, restart and signal them to inject faults.
 */
public final class NativeStack implements AutoCloseable {

    /** InfluxDB URL -> the service's token of the stack serving it, for {@link InfluxProbe}. */
    private static final Map<String, String> INFLUX_TOKENS = new ConcurrentHashMap<>();

    private final Path repo;
    private final Path dir;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Map<String, String> settings = Map.of();

    private NativeStack(Path repo, Path dir) {
        this.repo = repo;
        this.dir = dir;
        environment.put("FM_STACK_DIR", dir.toString());
        // The OS may hand out a just-released port again: keep asking until the six differ (bin/stack refuses duplicates).
        java.util.Set<Integer> ports = new java.util.LinkedHashSet<>();
        while (ports.size() < 6) {
            ports.add(freePort());
        }
        java.util.Iterator<Integer> port = ports.iterator();
        for (String name : List.of("FM_PG_PORT", "FM_MQTT_PORT", "FM_INFLUX_PORT", "FM_INFLUXD_PORT", "FM_INFLUXD_BIND_PORT",
                "FM_MQTT_TLS_PORT")) {
            environment.put(name, String.valueOf(port.next()));
        }
    }

    /** Starts every server; {@code repo} is the repository root holding bin/stack. */
    public static NativeStack start(Path repo, String name) {
        return start(repo, name, Map.of());
    }

    /**
     * Starts every server with extra bin/stack settings, e.g. {@code FM_MQTT_TLS=client-cert} for a broker with a
     * TLS listener (docs/tls.md).
     */
    public static NativeStack start(Path repo, String name, Map<String, String> stackSettings) {
        Path dir;
        try {
            Path parent = repo.resolve("target");
            Files.createDirectories(parent);
            dir = Files.createTempDirectory(parent, "stack-" + name + "-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a stack directory under " + repo.resolve("target"), e);
        }
        NativeStack stack = new NativeStack(repo, dir);
        stack.environment.putAll(stackSettings);
        stack.run("start");
        stack.settings = stack.parseEnv(stack.run("env"));
        INFLUX_TOKENS.put(stack.influxUrl(), stack.influxToken());
        return stack;
    }

    /** Finds the repository root from the working directory of a Maven module. */
    public static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/stack"))) {
                return p;
            }
        }
        throw new IllegalStateException("bin/stack not found above " + here);
    }

    public String setting(String name) {
        String value = settings.get(name);
        if (value == null) {
            throw new IllegalStateException("bin/stack env printed no " + name + "; it printed " + settings.keySet());
        }
        return value;
    }

    public String mqttUrl() {
        return setting("FM_MQTT_URL");
    }

    public String influxUrl() {
        return setting("FM_INFLUX_URL");
    }

    /** The service's InfluxDB credential, {@code fm-service:<password>} (read and write on its database only). */
    public String influxToken() {
        return setting("FM_INFLUX_TOKEN");
    }

    /** The token of the stack whose InfluxDB is at {@code url}; null for a URL no stack of this JVM serves. */
    static String influxTokenFor(String url) {
        return INFLUX_TOKENS.get(url);
    }

    public Path directory() {
        return dir;
    }

    public void addMqttUser(String name, String password) {
        run("mqtt-user", name, password);
    }

    public void stop(String component) {
        run("stop", component);
    }

    public void startComponent(String component) {
        run("start", component);
    }

    public void restart(String component) {
        run("restart", component);
    }

    public long pid(String component) {
        return Long.parseLong(run("pid", component).trim());
    }

    /** Sends a signal (STOP, CONT, KILL, TERM) to a component's main process. */
    public void signal(String component, String signal) {
        exec(List.of("kill", "-" + signal, String.valueOf(pid(component))), Map.of());
    }

    public String run(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(repo.resolve("bin/stack").toString());
        command.addAll(List.of(arguments));
        return exec(command, environment);
    }

    @Override
    public void close() {
        String influx = settings.get("FM_INFLUX_URL");
        if (influx != null) {
            INFLUX_TOKENS.remove(influx);
        }
        try {
            run("reset");
        } catch (RuntimeException e) {
            System.err.println("stack reset failed: " + e.getMessage());
        }
    }

    private Map<String, String> parseEnv(String output) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                String value = line.substring(eq + 1).trim();
                if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                        || value.startsWith("\"") && value.endsWith("\""))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(line.substring(0, eq).replaceFirst("^export ", "").trim(), value);
            }
        }
        return values;
    }

    private static String exec(List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
