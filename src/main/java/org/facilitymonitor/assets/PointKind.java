package org.facilitymonitor.assets;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a point's values behave; decides the value type accepted on ingest and the InfluxDB field type. */
public enum PointKind {
    /** A register that only grows (kWh, m³, run hours): consumption is the difference of two readings. */
    CUMULATIVE,
    /** A sampled value (kW, °C, Pa). */
    INSTANTANEOUS,
    /** On/off or a state code; stored as an integer field so mean() gives a duty cycle. */
    STATE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PointKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
    }

    /** InfluxDB field type: all numeric kinds are floats so a 5 and a 5.0 never conflict. */
    public String fieldType() {
        return this == STATE ? "integer" : "float";
    }
}
