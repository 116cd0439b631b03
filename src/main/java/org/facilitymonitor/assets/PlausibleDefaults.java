package org.facilitymonitor.assets;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The plausible range of a point: its own (plausibleMin/plausibleMax in the registry) or, for an
 * instantaneous point without one, the default of its quantity and unit. Pure; the table is in
 * docs/configuration.md ("Plausible ranges") and settings override or remove entries.
 */
public final class PlausibleDefaults {

    /** Key {@code quantity:unit} → {min, max}; null: no bound on that side. */
    static final Map<String, Double[]> BUILT_IN = builtIn();

    private final Map<String, Double[]> table;
    private final boolean enabled;

    private PlausibleDefaults(Map<String, Double[]> table, boolean enabled) {
        this.table = table;
        this.enabled = enabled;
    }

    public static PlausibleDefaults builtIn(boolean enabled) {
        return new PlausibleDefaults(BUILT_IN, enabled);
    }

    /**
     * @param overrides {@code quantity:unit} → {@code min..max}, {@code ..max}, {@code min..} or {@code none}
     * @throws IllegalArgumentException naming the setting that cannot be read
     */
    public static PlausibleDefaults of(boolean enabled, Map<String, String> overrides, String settingPrefix) {
        Map<String, Double[]> table = new HashMap<>(BUILT_IN);
        overrides.forEach((key, text) -> {
            String setting = settingPrefix + ".\"" + key + "\"";
            int colon = key.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(setting + ": the key must be quantity:unit, e.g. temperature:degC");
            }
            String value = text.trim();
            if (value.equals("none")) {
                table.remove(key);
                return;
            }
            table.put(key, parse(setting, value));
        });
        return new PlausibleDefaults(Map.copyOf(table), enabled);
    }

    private static Double[] parse(String setting, String value) {
        int dots = value.indexOf("..");
        if (dots < 0) {
            throw new IllegalArgumentException(setting + "='" + value + "': expected min..max, ..max, min.. or none");
        }
        Double min = bound(setting, value.substring(0, dots));
        Double max = bound(setting, value.substring(dots + 2));
        if (min == null && max == null) {
            throw new IllegalArgumentException(setting + "='" + value + "': give a min or a max (or none to remove it)");
        }
        if (min != null && max != null && !(min < max)) {
            throw new IllegalArgumentException(setting + "='" + value + "': min must be below max");
        }
        return new Double[] { min, max };
    }

    private static Double bound(String setting, String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(setting + ": '" + text.trim() + "' is not a finite number");
    }

    /** The range ingest applies to a point; empty when it has none. */
    public Optional<PlausibleRange> rangeOf(PointKind kind, String quantity, String unit, Double pointMin, Double pointMax) {
        if (kind == PointKind.STATE) {
            return Optional.empty();
        }
        if (pointMin != null || pointMax != null) {
            return Optional.of(new PlausibleRange(pointMin, pointMax, PlausibleRange.Source.POINT, quantity, unit));
        }
        // A register only grows and negative-counter already covers its minimum: no default for it.
        if (!enabled || kind != PointKind.INSTANTANEOUS) {
            return Optional.empty();
        }
        Double[] bounds = table.get(quantity + ":" + unit);
        return bounds == null ? Optional.empty()
                : Optional.of(new PlausibleRange(bounds[0], bounds[1], PlausibleRange.Source.DEFAULT, quantity, unit));
    }

    /** The effective table, for the docs test. */
    public Map<String, Double[]> table() {
        return enabled ? table : Map.of();
    }

    private static Map<String, Double[]> builtIn() {
        Map<String, Double[]> t = new LinkedHashMap<>();
        // Air, water, flue gas below 200 °C; hotter points (steam, flue gas of old boilers) declare their own range.
        put(t, "temperature", -60.0, 200.0, "degC", "°C");
        put(t, "temperature", 213.15, 473.15, "K");
        put(t, "temperature", -76.0, 392.0, "degF", "°F");
        // Gauge or absolute, from full vacuum to high-pressure hydraulics.
        put(t, "pressure", -1.0, 400.0, "bar");
        put(t, "pressure", -100.0, 40_000.0, "kPa");
        put(t, "pressure", -100_000.0, 40_000_000.0, "Pa");
        put(t, "pressure", -14.7, 5_800.0, "psi");
        put(t, "differential_pressure", -100_000.0, 100_000.0, "Pa");
        put(t, "differential_pressure", -100.0, 100.0, "kPa");
        put(t, "differential_pressure", -1.0, 1.0, "bar");
        // Signed: bidirectional meters report reverse flow and export as negative.
        put(t, "flow_rate", -100_000.0, 100_000.0, "m3/h");
        put(t, "flow_rate", -30_000.0, 30_000.0, "l/s");
        put(t, "flow_rate", -1_700_000.0, 1_700_000.0, "l/min");
        put(t, "active_power", -100_000.0, 100_000.0, "kW");
        put(t, "active_power", -100_000_000.0, 100_000_000.0, "W");
        put(t, "active_power", -100.0, 100.0, "MW");
        put(t, "electric_current", -100_000.0, 100_000.0, "A");
        put(t, "voltage", -1_000_000.0, 1_000_000.0, "V");
        put(t, "voltage", -1_000.0, 1_000.0, "kV");
        put(t, "frequency", 0.0, 1_000.0, "Hz");
        // Capacitive sensors read a little above 100 % near saturation.
        put(t, "relative_humidity", 0.0, 105.0, "%");
        put(t, "humidity", 0.0, 105.0, "%");
        put(t, "vibration", 0.0, 1_000.0, "mm/s");
        put(t, "power_factor", -1.0, 1.0, "");
        return Map.copyOf(t);
    }

    private static void put(Map<String, Double[]> table, String quantity, Double min, Double max, String... units) {
        for (String unit : units) {
            table.put(quantity + ":" + unit, new Double[] { min, max });
        }
    }
}
