package org.facilitymonitor.edge.simulate;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Faults the simulator can inject into one asset, switched on and off at run time
 * ({@link Simulator#startFault}, {@link Simulator#stopFault}). Effects start at the first sample
 * after the fault is started and follow simulated time, so a run stays deterministic.
 *
 * <ul>
 * <li>{@link #FILTER_CLOGGING}: the AHU filter loads {@code pa-per-day} faster than the normal
 *     3 Pa/day (in calendar time, whether the fan runs or not); the extra ΔP shows while the fan
 *     runs. Stopping it means the filter was changed: ΔP drops to the clean 120 Pa and ages
 *     normally from there.
 * <li>{@link #BEARING_WEAR}: pump vibration while running rises by {@code mm-s-per-day} per
 *     calendar day on top of the normal 2 mm/s; a stopped pump does not vibrate. Stopping it
 *     means the bearing was replaced: vibration is back to normal.
 * <li>{@link #LEAK}: a constant extra water flow of {@code m3h} day and night, so the night flow
 *     stays high; the meter's volume register counts it. The parent meter does not see it (each
 *     asset is simulated on its own).
 * <li>{@link #SHORT_CYCLING}: the burner's on/off cycle lasts {@code cycle-minutes} instead of
 *     20, at the same duty: 4 minutes gives about 15 burner starts an hour instead of 3, with
 *     shorter, cooler flue-gas peaks.
 * <li>{@link #METER_RESET}: every cumulative register of the asset reads exactly 0 at the first
 *     sample with the fault active and counts on from there, as after a meter exchange. It
 *     happens once per start; stopping the fault changes nothing, the register keeps counting.
 * <li>{@link #METER_ROLLOVER}: every cumulative register of the asset wraps to 0 when it reaches
 *     {@code modulus}. At the first sample with the fault active the register is set to exactly
 *     {@code modulus - headroom}, so the wrap comes after {@code headroom} more units of
 *     consumption (1 kWh, m³ or run hour by default). On stop the register keeps counting from
 *     where it is and no longer wraps.
 * <li>{@link #STUCK_SENSOR}: every non-state point of the asset repeats exactly the value of the
 *     first sample with the fault active; state points and the asset itself carry on. Stopping
 *     it brings live values back.
 * <li>{@link #OFFLINE}: the asset sends no readings at all while active. It keeps running:
 *     after the stop its registers include what it consumed while offline.
 * </ul>
 */
public enum FaultType {
    FILTER_CLOGGING("filter-clogging", "air handling units with a filter_dp_pa point",
            new Param("pa-per-day", 40, "Pa/day", false, "filter ΔP rise on top of the normal 3 Pa/day")),
    BEARING_WEAR("bearing-wear", "pumps with a vibration_mm_s point",
            new Param("mm-s-per-day", 0.5, "mm/s per day", false, "rise of the vibration velocity while running")),
    LEAK("leak", "water meters",
            new Param("m3h", 0.4, "m3/h", false, "constant extra water flow")),
    SHORT_CYCLING("short-cycling", "boilers with a burner_on point",
            new Param("cycle-minutes", 4, "min", true, "burner on/off cycle length (normally 20)")),
    METER_RESET("meter-reset", "assets with a cumulative point (meters, run-hour counters)"),
    METER_ROLLOVER("meter-rollover", "assets with a cumulative point (meters, run-hour counters)",
            new Param("modulus", 100_000, "register unit", true, "the register wraps to 0 at this value"),
            new Param("headroom", 1, "register unit", false,
                    "on start the register is set to modulus - headroom; must be below modulus")),
    STUCK_SENSOR("stuck-sensor", "assets with a non-state point"),
    OFFLINE("offline", "any asset");

    /** A numeric parameter: {@code positive} ones must be above 0, the others at least 0. */
    public record Param(String name, double defaultValue, String unit, boolean positive, String description) {
    }

    private final String id;
    private final String appliesTo;
    private final List<Param> params;

    FaultType(String id, String appliesTo, Param... params) {
        this.id = id;
        this.appliesTo = appliesTo;
        this.params = List.of(params);
    }

    public String id() {
        return id;
    }

    /** The kinds of asset this fault can be injected into, for error messages and docs. */
    public String appliesTo() {
        return appliesTo;
    }

    public List<Param> params() {
        return params;
    }

    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public static FaultType parse(String id) {
        for (FaultType t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown fault " + (id == null ? "null" : "'" + id + "'") + " (valid: "
                + Arrays.stream(values()).map(FaultType::id).collect(Collectors.joining(", ")) + ")");
    }
}
