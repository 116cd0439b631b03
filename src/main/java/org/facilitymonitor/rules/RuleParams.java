package org.facilitymonitor.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facilitymonitor.platform.ProblemException.FieldError;

/**
 * Reads and checks a rule's parameters (JSON) into the engine's {@link RuleSpec.Condition},
 * collecting every problem with its field path ({@code params.limit}).
 *
 * <pre>
 * THRESHOLD          {"direction": "ABOVE", "limit": 400, "for": "10m", "clearLimit": 380, "clearFor": "5m"}
 * RATE_OF_CHANGE     {"direction": "ABOVE", "perHour": 6, "window": "30m"}
 * STALE              {"after": "15m"}
 * STARTS_PER_WINDOW  {"maxStarts": 6, "window": "1h"}
 * COUNTER_ANOMALY    {"maxPerHour": 500, "clearAfter": 3}
 * NIGHT_FLOW         {"from": "02:00", "to": "04:00", "baseFlow": 0.2}
 * METER_BALANCE      {"tolerance": 0.02, "untrackedLimit": 0.15}   (both optional: fm.energy.balance.*)
 * ENERGY_ANOMALY     {"sigmas": 3}                                 (optional: fm.energy.anomaly.sigmas)
 * AFTER_HOURS_USE    {"tolerance": 0.5}                            (optional: fm.energy.anomaly.after-hours-tolerance)
 * BASE_LOAD_CREEP    {"threshold": 0.1}                            (optional: fm.energy.anomaly.creep-threshold)
 * </pre>
 * Durations: {@code 30s 10m 2h 1d} or ISO {@code PT10M}. Defaults: {@code for}/{@code clearFor} 0,
 * {@code clearLimit} the limit (no hysteresis), {@code clearAfter} 3, {@code maxPerHour} 0 (falls only).
 */
public final class RuleParams {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)");

    private RuleParams() {
    }

    /** The parameters each kind takes; any other is refused. */
    private static final Map<RuleKind, Set<String>> KNOWN = Map.of(
            RuleKind.THRESHOLD, Set.of("direction", "limit", "for", "clearLimit", "clearFor"),
            RuleKind.RATE_OF_CHANGE, Set.of("direction", "perHour", "window"),
            RuleKind.STALE, Set.of("after"),
            RuleKind.STARTS_PER_WINDOW, Set.of("maxStarts", "window"),
            RuleKind.COUNTER_ANOMALY, Set.of("maxPerHour", "clearAfter"),
            RuleKind.NIGHT_FLOW, Set.of("from", "to", "baseFlow"),
            RuleKind.METER_BALANCE, Set.of("tolerance", "untrackedLimit"),
            RuleKind.ENERGY_ANOMALY, Set.of("sigmas"),
            RuleKind.AFTER_HOURS_USE, Set.of("tolerance"),
            RuleKind.BASE_LOAD_CREEP, Set.of("threshold"));

    public static RuleSpec.Condition parse(RuleKind kind, JsonNode p, ZoneId zone, List<FieldError> errors) {
        if (kind == null) {
            return null;
        }
        if (p == null || !p.isObject()) {
            errors.add(new FieldError("params", "must be an object with the parameters of " + kind));
            return null;
        }
        int before = errors.size();
        RuleSpec.Condition c = switch (kind) {
            case THRESHOLD -> threshold(p, errors);
            case RATE_OF_CHANGE -> new RuleSpec.RateOfChange(direction(p, errors), positive(p, "perHour", errors),
                    requiredDuration(p, "window", errors));
            case STALE -> new RuleSpec.Stale(requiredDuration(p, "after", errors));
            case STARTS_PER_WINDOW -> startsPerWindow(p, errors);
            case COUNTER_ANOMALY -> counterAnomaly(p, errors);
            case NIGHT_FLOW -> nightFlow(p, zone, errors);
            case METER_BALANCE -> meterBalance(p, errors);
            case ENERGY_ANOMALY -> energyAnomaly(p, errors);
            case AFTER_HOURS_USE -> new RuleSpec.AfterHoursUse(share(p, "tolerance", 0, 10, errors));
            case BASE_LOAD_CREEP -> new RuleSpec.BaseLoadCreep(share(p, "threshold", 0, 10, errors));
        };
        refuseUnknown(kind, p, errors);
        return errors.size() == before ? c : null;
    }

    private static RuleSpec.Condition threshold(JsonNode p, List<FieldError> errors) {
        int before = errors.size();
        RuleSpec.Direction d = direction(p, errors);
        double limit = number(p, "limit", null, errors);
        double clear = p.has("clearLimit") ? number(p, "clearLimit", null, errors) : limit;
        if (d != null && errors.size() == before && (d == RuleSpec.Direction.ABOVE ? clear > limit : clear < limit)) {
            errors.add(new FieldError("params.clearLimit", "must be on the normal side of the limit ("
                    + (d == RuleSpec.Direction.ABOVE ? "<= " : ">= ") + limit + ")"));
        }
        return new RuleSpec.Threshold(d, limit, duration(p, "for", Duration.ZERO, errors), clear,
                duration(p, "clearFor", Duration.ZERO, errors));
    }

    private static RuleSpec.Condition startsPerWindow(JsonNode p, List<FieldError> errors) {
        int before = errors.size();
        double max = number(p, "maxStarts", null, errors);
        if (errors.size() == before && (max < 1 || max != Math.rint(max))) {
            errors.add(new FieldError("params.maxStarts", "must be a whole number >= 1"));
        }
        return new RuleSpec.StartsPerWindow((int) max, requiredDuration(p, "window", errors));
    }

    private static RuleSpec.Condition counterAnomaly(JsonNode p, List<FieldError> errors) {
        double max = p.has("maxPerHour") ? number(p, "maxPerHour", null, errors) : 0;
        double clearAfter = p.has("clearAfter") ? number(p, "clearAfter", null, errors) : 3;
        if (max < 0) {
            errors.add(new FieldError("params.maxPerHour", "must be >= 0 (0: only a falling register)"));
        }
        if (clearAfter < 1 || clearAfter != Math.rint(clearAfter)) {
            errors.add(new FieldError("params.clearAfter", "must be a whole number >= 1"));
        }
        return new RuleSpec.CounterAnomaly(max, (int) clearAfter);
    }

    private static RuleSpec.Condition nightFlow(JsonNode p, ZoneId zone, List<FieldError> errors) {
        LocalTime from = time(p, "from", errors);
        LocalTime to = time(p, "to", errors);
        if (from != null && from.equals(to)) {
            errors.add(new FieldError("params.to", "must differ from 'from'"));
        }
        double base = number(p, "baseFlow", null, errors);
        if (base < 0) {
            errors.add(new FieldError("params.baseFlow", "must be >= 0"));
        }
        return new RuleSpec.NightFlow(from, to, base, zone);
    }

    private static RuleSpec.Condition meterBalance(JsonNode p, List<FieldError> errors) {
        Double tolerance = p.has("tolerance") ? number(p, "tolerance", null, errors) : null;
        Double untracked = p.has("untrackedLimit") ? number(p, "untrackedLimit", null, errors) : null;
        if (tolerance != null && tolerance < 0) {
            errors.add(new FieldError("params.tolerance", "must be >= 0 (a share: 0.02 = 2 %)"));
        }
        if (untracked != null && (untracked < 0 || untracked > 1)) {
            errors.add(new FieldError("params.untrackedLimit", "must be a share between 0 and 1 (0.15 = 15 %)"));
        }
        return new RuleSpec.MeterBalance(tolerance, untracked);
    }

    private static RuleSpec.Condition energyAnomaly(JsonNode p, List<FieldError> errors) {
        Double sigmas = p.has("sigmas") ? number(p, "sigmas", null, errors) : null;
        if (sigmas != null && !(sigmas >= 1 && sigmas <= 10)) {
            errors.add(new FieldError("params.sigmas", "must lie between 1 and 10 (standard errors of the prediction)"));
        }
        return new RuleSpec.EnergyAnomaly(sigmas);
    }

    private static Double share(JsonNode p, String name, double min, double max, List<FieldError> errors) {
        Double v = p.has(name) ? number(p, name, null, errors) : null;
        if (v != null && !(v > min && v <= max)) {
            errors.add(new FieldError("params." + name, "must be a share above " + min + " and at most " + max + " (0.5 = 50 %)"));
        }
        return v;
    }

    private static void refuseUnknown(RuleKind kind, JsonNode p, List<FieldError> errors) {
        Set<String> known = KNOWN.get(kind);
        List<String> unknown = new ArrayList<>();
        p.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                unknown.add(f);
            }
        });
        for (String f : unknown) {
            errors.add(new FieldError("params." + f, "unknown parameter of " + kind + " (known: "
                    + String.join(", ", new TreeSet<>(known)) + ")"));
        }
    }

    private static RuleSpec.Direction direction(JsonNode p, List<FieldError> errors) {
        JsonNode d = p.get("direction");
        if (d == null || !d.isTextual()) {
            errors.add(new FieldError("params.direction", "required: ABOVE or BELOW"));
            return null;
        }
        try {
            return RuleSpec.Direction.valueOf(d.textValue().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("params.direction", "ABOVE or BELOW, was '" + d.textValue() + "'"));
            return null;
        }
    }

    private static double number(JsonNode p, String name, Double fallback, List<FieldError> errors) {
        JsonNode n = p.get(name);
        if (n == null || n.isNull()) {
            if (fallback == null) {
                errors.add(new FieldError("params." + name, "required"));
                return 0;
            }
            return fallback;
        }
        if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
            errors.add(new FieldError("params." + name, "must be a finite number"));
            return 0;
        }
        return n.doubleValue();
    }

    private static double positive(JsonNode p, String name, List<FieldError> errors) {
        int before = errors.size();
        double v = number(p, name, null, errors);
        if (errors.size() == before && v <= 0) {
            errors.add(new FieldError("params." + name, "must be > 0"));
        }
        return v;
    }

    private static Duration requiredDuration(JsonNode p, String name, List<FieldError> errors) {
        Duration d = duration(p, name, null, errors);
        if (d != null && d.isZero()) {
            errors.add(new FieldError("params." + name, "must be positive"));
        }
        return d;
    }

    private static Duration duration(JsonNode p, String name, Duration fallback, List<FieldError> errors) {
        JsonNode n = p.get(name);
        if (n == null || n.isNull()) {
            if (fallback == null) {
                errors.add(new FieldError("params." + name, "required (a duration like 30s, 10m, 2h)"));
            }
            return fallback;
        }
        Duration d = parseDuration(n.asText());
        if (d == null || d.isNegative()) {
            errors.add(new FieldError("params." + name, "not a duration: '" + n.asText() + "' (e.g. 30s, 10m, 2h, 1d)"));
            return fallback;
        }
        return d;
    }

    static Duration parseDuration(String v) {
        Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static LocalTime time(JsonNode p, String name, List<FieldError> errors) {
        JsonNode n = p.get(name);
        if (n == null || !n.isTextual()) {
            errors.add(new FieldError("params." + name, "required: a local time like 02:00"));
            return null;
        }
        try {
            return LocalTime.parse(n.textValue());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("params." + name, "not a local time like 02:00: '" + n.textValue() + "'"));
            return null;
        }
    }
}
