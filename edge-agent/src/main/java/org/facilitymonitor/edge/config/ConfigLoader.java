package org.facilitymonitor.edge.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.facilitymonitor.edge.agent.PointSchedule;
import org.facilitymonitor.edge.agent.Receipts;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.mqtt.TlsFiles;

/**
 * Reads the agent's YAML configuration, applies environment overrides and checks every field.
 *
 * <p>Overrides: each field in {@link #OVERRIDABLE} can be set by {@code FM_AGENT_} + its path in
 * upper case with dots and dashes as underscores, e.g. {@code FM_AGENT_QUEUE_MAX_BYTES} for
 * {@code queue.max-bytes}; the environment wins over the file.
 */
public final class ConfigLoader {

    public static final List<String> OVERRIDABLE = List.of("site", "edge", "broker.url", "broker.username",
            "broker.password", "broker.connect-timeout", "broker.keep-alive", "broker.max-inflight", "broker.ca-file",
            "broker.cert-file", "broker.key-file", "sampling.period",
            "simulate.site-file", "simulate.buildings", "simulate.seed", "simulate.acceleration", "simulate.start",
            "simulate.backfill.from", "simulate.backfill.step",
            "queue.dir", "queue.max-bytes", "queue.fsync", "queue.checkpoint", "queue.drain-rate",
            "queue.historical-after", "queue.receipts", "queue.receipt-timeout", "queue.receipt-timeout-max",
            "status.interval");

    static final String DEFAULT_BROKER = "tcp://127.0.0.1:11883";
    static final long DEFAULT_MAX_BYTES = 256L << 20;
    static final double DEFAULT_DRAIN_RATE = 5_000;

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ConfigLoader() {
    }

    public static String envName(String path) {
        return "FM_AGENT_" + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static ResolvedConfig load(Path file, Map<String, String> env) throws ConfigException {
        JsonNode tree;
        try {
            tree = YAML.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("config: no such file: " + file);
        } catch (JacksonException e) {
            throw new ConfigException(file + ": not valid YAML" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("config: cannot read " + file + ": " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = YAML.createObjectNode();
        }
        if (!(tree instanceof ObjectNode root)) {
            throw new ConfigException(file + ": must be a YAML mapping of fields (site, edge, broker, ...)");
        }
        applyOverrides(root, env);
        AgentConfig raw;
        try {
            raw = YAML.treeToValue(root, AgentConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String where = path(e);
            String parent = where.contains(".") ? where.substring(0, where.lastIndexOf('.')) : "";
            TreeSet<String> known = new TreeSet<>();
            e.getKnownPropertyIds().forEach(k -> known.add(PropertyNamingStrategies.KebabCaseStrategy.INSTANCE
                    .translate(String.valueOf(k))));
            throw new ConfigException(file + ": " + (parent.isEmpty() ? "" : parent + ": ") + "unknown field '"
                    + e.getPropertyName() + "' (known: " + String.join(", ", known) + ")");
        } catch (JsonMappingException e) {
            throw new ConfigException(file + ": " + path(e) + ": " + e.getOriginalMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(file + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
        try {
            return resolve(file, raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    private static void applyOverrides(ObjectNode root, Map<String, String> env) {
        for (String path : OVERRIDABLE) {
            String value = env.get(envName(path));
            if (value == null) {
                continue;
            }
            String[] parts = path.split("\\.");
            ObjectNode node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = node.get(parts[i]);
                node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
            }
            String leaf = parts[parts.length - 1];
            if (path.equals("simulate.buildings")) {
                ArrayNode list = node.putArray(leaf);
                for (String b : value.split(",")) {
                    if (!b.isBlank()) {
                        list.add(b.trim());
                    }
                }
            } else {
                node.put(leaf, value);
            }
        }
    }

    static ResolvedConfig resolve(Path file, AgentConfig c) {
        Path base = file.toAbsolutePath().getParent();
        String site = ContractV1.requireId("site", required("site", c.site()));
        String edge = ContractV1.requireEdgeId("edge", required("edge", c.edge()));

        AgentConfig.Broker b = c.broker() == null ? new AgentConfig.Broker(null, null, null, null, null, null, null, null, null) : c.broker();
        String url = b.url() == null ? DEFAULT_BROKER : b.url();
        if (!url.matches("(tcp|ssl|ws|wss)://[^/]+(:\\d+)?(/.*)?")) {
            throw new IllegalArgumentException("broker.url: '" + url + "' is not a broker URL like tcp://host:1883 or ssl://host:8883");
        }
        int maxInflight = b.maxInflight() == null ? 100 : b.maxInflight();
        if (maxInflight < 1 || maxInflight > 65_535) {
            throw new IllegalArgumentException("broker.max-inflight: must be 1..65535, was " + maxInflight);
        }
        TlsFiles tls = null;
        if (b.caFile() != null || b.certFile() != null || b.keyFile() != null) {
            if (!url.startsWith("ssl://")) {
                throw new IllegalArgumentException("broker.ca-file, cert-file and key-file are for an ssl:// broker.url, not " + url);
            }
            tls = new TlsFiles(existing(base, "broker.ca-file", b.caFile()), existing(base, "broker.cert-file", b.certFile()),
                    existing(base, "broker.key-file", b.keyFile()));
        }
        ResolvedConfig.Broker broker = new ResolvedConfig.Broker(url, b.username() == null ? edge : b.username(),
                b.password(), positive("broker.connect-timeout", b.connectTimeout(), Duration.ofSeconds(30)),
                positive("broker.keep-alive", b.keepAlive(), Duration.ofSeconds(30)), maxInflight, tls);

        AgentConfig.Sampling s = c.sampling() == null ? new AgentConfig.Sampling(null, null) : c.sampling();
        Duration period = positive("sampling.period", s.period(), Duration.ofSeconds(10));
        List<PointSchedule.Rule> rules = new ArrayList<>();
        if (s.points() != null) {
            for (int i = 0; i < s.points().size(); i++) {
                AgentConfig.PointRule r = s.points().get(i);
                String where = "sampling.points[" + i + "]";
                if (r == null) {
                    throw new IllegalArgumentException(where + ": empty entry");
                }
                String p = required(where + ".period", r.period());
                rules.add(new PointSchedule.Rule(r.match(), p.trim().equalsIgnoreCase("off") ? null
                        : positive(where + ".period", p, null)));
            }
        }
        new PointSchedule(period, rules); // checks the rules against the period

        ResolvedConfig.Simulate simulate = c.simulate() == null ? null : simulate(base, c.simulate());
        List<ResolvedConfig.Replay> replay = new ArrayList<>();
        if (c.replay() != null) {
            for (int i = 0; i < c.replay().size(); i++) {
                replay.add(replay(base, "replay[" + i + "]", c.replay().get(i)));
            }
        }
        if ((simulate == null) == replay.isEmpty()) {
            throw new IllegalArgumentException(simulate == null
                    ? "a source is required: a 'simulate' section or a 'replay' list"
                    : "'simulate' and 'replay' cannot both be set: one agent, one source");
        }

        AgentConfig.Queue q = c.queue() == null ? new AgentConfig.Queue(null, null, null, null, null, null, null, null, null) : c.queue();
        Path dir = base.resolve(q.dir() == null ? "data/" + edge : q.dir()).normalize();
        long maxBytes = DEFAULT_MAX_BYTES;
        if (q.maxBytes() != null) {
            maxBytes = Units.parseBytes(q.maxBytes());
            if (maxBytes < 0) {
                throw new IllegalArgumentException("queue.max-bytes: not a size: '" + q.maxBytes() + "' (e.g. 64MB, 2GB)");
            }
            if (maxBytes < 1L << 20) {
                throw new IllegalArgumentException("queue.max-bytes: at least 1MB, was '" + q.maxBytes() + "'");
            }
        }
        double drainRate = q.drainRate() == null ? DEFAULT_DRAIN_RATE : q.drainRate();
        if (!(drainRate >= 0) || Double.isInfinite(drainRate)) {
            throw new IllegalArgumentException("queue.drain-rate: readings per second >= 0 (0 = unlimited), was " + drainRate);
        }
        Duration defaultHistorical = period.multipliedBy(3).compareTo(Duration.ofSeconds(30)) > 0
                ? period.multipliedBy(3) : Duration.ofSeconds(30);
        ResolvedConfig.Queue queue = new ResolvedConfig.Queue(dir, maxBytes, always("queue.fsync", q.fsync()),
                always("queue.checkpoint", q.checkpoint()), drainRate,
                positive("queue.historical-after", q.historicalAfter(), defaultHistorical), receipts(q));

        Duration statusInterval = positive("status.interval", c.status() == null ? null : c.status().interval(),
                Duration.ofSeconds(30));
        return new ResolvedConfig(file, site, edge, broker, period, List.copyOf(rules), simulate, List.copyOf(replay),
                queue, statusInterval);
    }

    private static ResolvedConfig.Simulate simulate(Path base, AgentConfig.Simulate s) {
        Path siteFile = base.resolve(required("simulate.site-file", s.siteFile())).normalize();
        if (!Files.isRegularFile(siteFile)) {
            throw new IllegalArgumentException("simulate.site-file: no such file: " + siteFile);
        }
        double acceleration = s.acceleration() == null ? 1 : s.acceleration();
        if (!(acceleration >= 1) || Double.isInfinite(acceleration)) {
            throw new IllegalArgumentException("simulate.acceleration: a factor >= 1 (1 = real time), was " + acceleration);
        }
        Instant start = null;
        if (s.start() != null && !s.start().equalsIgnoreCase("now")) {
            start = startOf("simulate.start", s.start());
        }
        if (start != null && acceleration == 1) {
            throw new IllegalArgumentException("simulate.start: a start in the past needs simulate.acceleration above 1"
                    + " (simulated time catches up with real time)");
        }
        List<ResolvedConfig.Fault> faults = new ArrayList<>();
        if (s.faults() != null) {
            for (int i = 0; i < s.faults().size(); i++) {
                AgentConfig.Fault f = s.faults().get(i);
                String where = "simulate.faults[" + i + "]";
                if (f == null) {
                    throw new IllegalArgumentException(where + ": empty entry");
                }
                required(where + ".asset", f.asset());
                required(where + ".fault", f.fault());
                if ((f.after() == null) == (f.at() == null)) {
                    throw new IllegalArgumentException(where + ": give exactly one of 'after' (e.g. 2m after the start)"
                            + " and 'at' (an ISO instant)");
                }
                Duration after = null;
                Instant at = null;
                if (f.after() != null) {
                    after = Units.parseDuration(f.after());
                    if (after == null || after.isNegative()) {
                        throw new IllegalArgumentException(where + ".after: not a duration >= 0: '" + f.after() + "'");
                    }
                } else {
                    at = instant(where + ".at", f.at());
                }
                Map<String, Double> params = f.params() == null ? Map.of() : new LinkedHashMap<>(f.params());
                faults.add(new ResolvedConfig.Fault(where, f.asset(), f.fault(), after, at, params));
            }
        }
        ResolvedConfig.Backfill backfill = null;
        if (s.backfill() != null) {
            Instant from = s.backfill().from() == null ? null : startOf("simulate.backfill.from", s.backfill().from());
            if (from == null) {
                throw new IllegalArgumentException("simulate.backfill.from: required, e.g. -400d (that long ago) or an ISO instant");
            }
            backfill = new ResolvedConfig.Backfill(from, positive("simulate.backfill.step", s.backfill().step(),
                    Duration.ofMinutes(15)));
        }
        return new ResolvedConfig.Simulate(siteFile, s.buildings() == null ? List.of() : List.copyOf(s.buildings()),
                s.seed() == null ? 42 : s.seed(), acceleration, start, List.copyOf(faults), backfill);
    }

    private static ResolvedConfig.Replay replay(Path base, String where, AgentConfig.Replay r) {
        if (r == null) {
            throw new IllegalArgumentException(where + ": empty entry");
        }
        Path f = base.resolve(required(where + ".file", r.file())).normalize();
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(where + ".file: no such file: " + f);
        }
        double speed = r.speed() == null ? 3600 : r.speed();
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException(where + ".speed: recorded seconds per second, > 0, was " + speed);
        }
        return new ResolvedConfig.Replay(where, f, r.timeColumn() == null ? "time" : r.timeColumn(),
                required(where + ".value-column", r.valueColumn()),
                ContractV1.requireId(where + ".point", required(where + ".point", r.point())), speed,
                r.startRegister() == null ? BigDecimal.ZERO : r.startRegister(),
                r.scale() == null ? BigDecimal.ONE : r.scale(), recorded(where, r.timestamps()), shift(where, r));
    }

    private static boolean recorded(String where, String timestamps) {
        if (timestamps == null || timestamps.trim().equals("agent")) {
            return false;
        }
        if (timestamps.trim().equals("recorded")) {
            return true;
        }
        throw new IllegalArgumentException(where + ".timestamps: 'agent' (the agent's sample time, the default) or"
                + " 'recorded' (the recording's own, as history), was '" + timestamps + "'");
    }

    /** {@code 3650d} or {@code -1d}; only with recorded timestamps. */
    private static Duration shift(String where, AgentConfig.Replay r) {
        if (r.shift() == null) {
            return Duration.ZERO;
        }
        if (!recorded(where, r.timestamps())) {
            throw new IllegalArgumentException(where + ".shift: moves recorded timestamps; needs timestamps: recorded");
        }
        String t = r.shift().trim();
        boolean back = t.startsWith("-");
        Duration d = Units.parseDuration(back ? t.substring(1) : t);
        if (d == null) {
            throw new IllegalArgumentException(where + ".shift: not a duration like 2920d or -1h: '" + r.shift() + "'");
        }
        return back ? d.negated() : d;
    }

    /** {@code -7d} (now minus) or an ISO instant. */
    private static Instant startOf(String field, String v) {
        String t = v.trim();
        if (t.startsWith("-")) {
            Duration ago = Units.parseDuration(t.substring(1));
            if (ago == null) {
                throw new IllegalArgumentException(field + ": not 'now', '-7d' (that long ago) or an ISO instant: '" + v + "'");
            }
            return Instant.now().minus(ago);
        }
        return instant(field, t);
    }

    private static Instant instant(String field, String v) {
        try {
            return Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": not an ISO instant like 2026-11-21T08:00:00Z: '" + v + "'");
        }
    }

    private static Receipts receipts(AgentConfig.Queue q) {
        boolean enabled = true;
        if (q.receipts() != null) {
            String v = q.receipts().trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("queue.receipts: true or false, was '" + q.receipts() + "'");
            }
            enabled = v.equals("true");
        }
        Duration timeout = positive("queue.receipt-timeout", q.receiptTimeout(), Receipts.DEFAULT_TIMEOUT);
        Duration max = positive("queue.receipt-timeout-max", q.receiptTimeoutMax(),
                q.receiptTimeoutMax() == null && timeout.compareTo(Receipts.DEFAULT_TIMEOUT_MAX) > 0
                        ? timeout : Receipts.DEFAULT_TIMEOUT_MAX);
        if (max.compareTo(timeout) < 0) {
            throw new IllegalArgumentException("queue.receipt-timeout-max: must be at least queue.receipt-timeout ("
                    + q.receiptTimeout() + "), was '" + q.receiptTimeoutMax() + "'");
        }
        return new Receipts(enabled, timeout, max);
    }

    /** {@code always} (or absent) is zero: on every operation; otherwise a positive interval. */
    private static Duration always(String field, String v) {
        if (v == null || v.trim().equalsIgnoreCase("always")) {
            return Duration.ZERO;
        }
        return positive(field, v, null);
    }

    private static Duration positive(String field, String v, Duration fallback) {
        if (v == null) {
            return fallback;
        }
        Duration d = Units.parseDuration(v);
        if (d == null) {
            throw new IllegalArgumentException(field + ": not a duration: '" + v + "' (e.g. 500ms, 10s, 2m, 1h, 7d)");
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + ": must be positive, was '" + v + "'");
        }
        return d;
    }

    private static String required(String field, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + ": required");
        }
        return v;
    }

    /** A file the config names, resolved against the config's directory; null when not configured. */
    private static Path existing(Path base, String field, String value) {
        if (value == null) {
            return null;
        }
        Path file = base.resolve(value).normalize();
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(field + ": no readable file " + file);
        }
        return file;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            }
        }
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    private static String at(JsonLocation l) {
        return l == null || l.getLineNr() < 0 ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
    }
}
