package org.facilitymonitor.energy;

import java.util.Locale;
import java.util.Optional;

/** What a meter measures, with its canonical unit; the InfluxDB tag is the lower-case name. */
public enum Carrier {
    ELECTRICITY("kWh"), WATER("m3"), GAS("m3"), HEAT("kWh");

    private final String unit;

    Carrier(String unit) {
        this.unit = unit;
    }

    public String unit() {
        return unit;
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The carrier a point's measurement name implies when the point names none (electricity, water, gas, heat). */
    public static Optional<Carrier> fromMeasurement(String measurement) {
        if (measurement == null) {
            return Optional.empty();
        }
        return switch (measurement.toLowerCase(Locale.ROOT)) {
            case "electricity" -> Optional.of(ELECTRICITY);
            case "water" -> Optional.of(WATER);
            case "gas" -> Optional.of(GAS);
            case "heat" -> Optional.of(HEAT);
            default -> Optional.empty();
        };
    }

    public static Optional<Carrier> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Carrier c : values()) {
            if (c.name().equalsIgnoreCase(value.trim())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
