package org.facilitymonitor.edge;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of one command: {@code --name value} or {@code --name=value}, else an environment variable, else a default.
 * Public for the benchmark tools (src/bench), which parse their commands the same way.
 */
public final class CommandLine {

    /** One option; {@code defaultValue} null means "not set" (or required when {@code required}). */
    public record Option(String name, String env, String defaultValue, boolean required, String valueName, String help) {
    }

    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new LinkedHashMap<>();

    private CommandLine() {
    }

    public static CommandLine parse(List<String> args, List<Option> options, Map<String, String> env) throws UsageException {
        Map<String, Option> byName = new LinkedHashMap<>();
        options.forEach(o -> byName.put(o.name(), o));
        CommandLine cl = new CommandLine();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!byName.containsKey(name)) {
                throw new UsageException("unknown option --" + name);
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("--" + name + ": missing value");
                }
                value = args.get(++i);
            }
            cl.values.put(name, value);
        }
        for (Option o : options) {
            if (!cl.values.containsKey(o.name())) {
                String fromEnv = o.env() == null ? null : env.get(o.env());
                if (fromEnv != null && !fromEnv.isEmpty()) {
                    cl.values.put(o.name(), fromEnv);
                } else if (o.defaultValue() != null) {
                    cl.values.put(o.name(), o.defaultValue());
                } else if (o.required()) {
                    throw new UsageException("--" + o.name() + " (or " + o.env() + ") is required");
                }
            }
        }
        return cl;
    }

    public String get(String name) {
        return values.get(name);
    }

    public int intValue(String name, int min, int max) throws UsageException {
        String v = values.get(name);
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw new UsageException("--" + name + ": must be " + min + ".." + max + ", was " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": not an integer: '" + v + "'");
        }
    }

    public double nonNegativeDouble(String name) throws UsageException {
        String v = values.get(name);
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new UsageException("--" + name + ": must be a number >= 0, was " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": not a number: '" + v + "'");
        }
    }

    /** A positive duration like {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 30} (seconds) or ISO {@code PT10S}. */
    public Duration duration(String name) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        Duration d = parseDuration(v.trim());
        if (d == null) {
            throw new UsageException("--" + name + ": not a duration: '" + v + "' (e.g. 500ms, 10s, 2m, 1h)");
        }
        if (d.isZero() || d.isNegative()) {
            throw new UsageException("--" + name + ": must be positive, was '" + v + "'");
        }
        return d;
    }

    static Duration parseDuration(String v) {
        return org.facilitymonitor.edge.config.Units.parseDuration(v);
    }

    public static String help(List<Option> options) {
        StringBuilder sb = new StringBuilder();
        for (Option o : options) {
            String left = "  --" + o.name() + " " + o.valueName();
            String def = o.required() ? " (required)" : o.defaultValue() != null ? " (default " + o.defaultValue() + ")" : "";
            sb.append(String.format("%-30s %-30s %s%s%n", left, o.env() == null ? "" : o.env(), o.help(), def));
        }
        return sb.toString();
    }
}
