package org.facilitymonitor.edge.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: a private Mosquitto (auth + the project's ACL) started through the
 * project's {@code bin/stack} in a stack dir under {@code target/}, on free loopback ports.
 * One broker serves every test class of a run; it is stopped and its dir removed at the end.
 * Test methods and constructors get it as a {@link Broker} parameter.
 */
public final class MosquittoStack implements ParameterResolver {

    private static final Logger LOG = Logger.getLogger(MosquittoStack.class.getName());

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Broker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(MosquittoStack.class))
                .getOrComputeIfAbsent(Broker.class, k -> Broker.launch(), Broker.class);
    }

    /** A running broker of the test stack. */
    public static final class Broker implements ExtensionContext.Store.CloseableResource {

        private static final List<String> PORT_VARS = List.of("FM_MQTT_PORT", "FM_PG_PORT", "FM_INFLUX_PORT",
                "FM_INFLUXD_PORT", "FM_INFLUXD_BIND_PORT");

        private final Path script;
        private final Map<String, String> env = new HashMap<>();
        private final String url;
        private final String serviceUser;
        private final String servicePassword;

        private Broker(Path script, Path dir) {
            this.script = script;
            env.put("FM_STACK_DIR", dir.toString());
            env.putAll(freePorts());
            run("start", "mosquitto");
            Map<String, String> settings = new HashMap<>();
            for (String line : run("env").split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    settings.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            url = settings.get("FM_MQTT_URL");
            serviceUser = settings.get("FM_MQTT_USERNAME");
            servicePassword = settings.get("FM_MQTT_PASSWORD");
            if (url == null || serviceUser == null || servicePassword == null) {
                throw new IllegalStateException("bin/stack env printed no FM_MQTT_URL/USERNAME/PASSWORD: " + settings.keySet());
            }
            LOG.info(() -> "test broker " + url + " in " + dir);
        }

        static Broker launch() {
            Path script = Path.of(System.getProperty("fm.stack.script", "../bin/stack")).toAbsolutePath().normalize();
            if (!Files.isRegularFile(script)) {
                throw new IllegalStateException("integration tests need " + script + " to start Mosquitto");
            }
            Path base = Path.of(System.getProperty("fm.stack.dir", "target/it-stack")).toAbsolutePath().normalize();
            return new Broker(script, Path.of(base + "-" + ProcessHandle.current().pid()));
        }

        public String url() {
            return url;
        }

        public String serviceUser() {
            return serviceUser;
        }

        public String servicePassword() {
            return servicePassword;
        }

        /** Creates or updates an account; edge accounts are named after the edge id (see the ACL). */
        public void addUser(String name, String password) {
            run("mqtt-user", name, password);
        }

        public void stop() {
            run("stop", "mosquitto");
        }

        public void start() {
            run("start", "mosquitto");
        }

        public void restart() {
            run("restart", "mosquitto");
        }

        /**
         * Freezes (SIGSTOP) or thaws (SIGCONT) the broker: a broker that accepts bytes but
         * answers nothing, like one behind a dead network path.
         */
        public void freeze(boolean frozen) {
            String pid = run("pid", "mosquitto").trim();
            try {
                Process p = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", pid).inheritIO().start();
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("kill " + (frozen ? "-STOP " : "-CONT ") + pid + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /**
         * SIGKILLs the broker, deletes its persistence file and starts it again: a broker that lost
         * what it acknowledged since its last autosave, and every session (a power cut, a lost disk).
         */
        public void killLosingPersistence() {
            long pid = Long.parseLong(run("pid", "mosquitto").trim());
            ProcessHandle broker = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no broker pid " + pid));
            broker.destroyForcibly(); // SIGKILL
            try {
                broker.onExit().get(30, TimeUnit.SECONDS);
                Files.deleteIfExists(Path.of(env.get("FM_STACK_DIR"), "mosquitto", "data", "mosquitto.db"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("the broker (pid " + pid + ") did not die of SIGKILL", e);
            }
            start();
        }

        @Override
        public void close() {
            run("reset");
        }

        private String run(String... args) {
            List<String> command = new ArrayList<>(List.of("bash", script.toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(env);
            try {
                Process p = pb.start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("bin/stack " + String.join(" ", args) + " timed out");
                }
                String text = new String(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("bin/stack " + String.join(" ", args) + " exited with "
                            + p.exitValue() + ":\n" + text);
                }
                return text;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static Map<String, String> freePorts() {
            Map<String, String> ports = new HashMap<>();
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (String var : PORT_VARS) {
                    ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    held.add(s);
                    ports.put(var, Integer.toString(s.getLocalPort()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                for (ServerSocket s : held) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
            }
            return ports;
        }
    }
}
