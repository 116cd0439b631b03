package org.facilitymonitor.assets;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a meter (a cumulative point) measures, for energy accounting: the canonical unit its
 * consumption is reported in and the register units it converts from. Gas is accounted in m³ and
 * also in kWh through an effective-dated calorific value.
 */
public enum Carrier {
    ELECTRICITY("kWh", Map.of("Wh", 0.001, "kWh", 1.0, "MWh", 1000.0)),
    WATER("m3", Map.of("L", 0.001, "l", 0.001, "m3", 1.0, "m³", 1.0)),
    GAS("m3", Map.of("L", 0.001, "l", 0.001, "m3", 1.0, "m³", 1.0)),
    HEAT("kWh", Map.of("Wh", 0.001, "kWh", 1.0, "MWh", 1000.0, "GJ", 1000.0 / 3.6));

    private final String canonicalUnit;
    private final Map<String, Double> unitFactors;

    Carrier(String canonicalUnit, Map<String, Double> unitFactors) {
        this.canonicalUnit = canonicalUnit;
        this.unitFactors = unitFactors;
    }

    public String canonicalUnit() {
        return canonicalUnit;
    }

    /** The lower-case name used in tags, URLs and site description files. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The factor from a register unit to the canonical unit, when this carrier can be read in it. */
    public Optional<Double> factorFrom(String unit) {
        return Optional.ofNullable(unitFactors.get(unit));
    }

    public String acceptedUnits() {
        return String.join(", ", unitFactors.keySet().stream().sorted().toList());
    }

    public static Optional<Carrier> fromTag(String tag) {
        return Arrays.stream(values()).filter(c -> c.tag().equals(tag)).findFirst();
    }

    /**
     * The carrier a cumulative point gets when its description names none: its measurement when that
     * is a carrier's name and its unit converts; otherwise none (a run-hour counter is no meter).
     */
    public static Optional<Carrier> inferred(String measurement, String unit) {
        return fromTag(measurement).filter(c -> c.factorFrom(unit).isPresent());
    }
}
