package org.facilitymonitor.edge.simulate;

import java.util.Map;
import java.util.SplittableRandom;
import org.facilitymonitor.edge.site.Asset;

/** Air handling unit: the fan runs in occupied hours, supply air held near its setpoint, filter loading up. */
final class AhuModel extends AssetModel {

    private static final double SETPOINT_C = 18.0;
    private static final double FILTER_CLEAN_PA = 120;
    private static final double FILTER_PA_PER_DAY = 3;

    private long filterChangedAt;
    /** Extra loading from a clogging fault, on top of the normal rate. */
    private double cloggingPa;
    private double supplyC = Double.NaN;
    private double returnC = 21;

    AhuModel(Asset asset, Profile profile, SplittableRandom random, int index, long start) {
        super(asset, profile, random, index);
        filterChangedAt = start - (long) (random.nextDouble() * 60 * 86_400_000L);
    }

    @Override
    boolean simulates(FaultType type) {
        return type == FaultType.FILTER_CLOGGING && hasField("filter_dp_pa");
    }

    @Override
    void faultEnded(FaultType type, long ts) {
        if (type == FaultType.FILTER_CLOGGING) {
            filterChangedAt = ts;
            cloggingPa = 0;
        }
    }

    @Override
    void step(Conditions c, double dtHours, Map<String, Object> values) {
        double occupancy = c.occupancy(profile);
        boolean fan = occupancy >= 0.15;
        if (Double.isNaN(supplyC)) {
            supplyC = SETPOINT_C;
        }
        double idleC = 0.5 * c.outdoorC() + 10;
        supplyC = approach(supplyC, fan ? SETPOINT_C : idleC, dtHours, fan ? 0.1 : 0.5);
        returnC = approach(returnC, fan ? 21.5 + occupancy : 20, dtHours, 0.5);
        double days = (c.ts() - filterChangedAt) / 86_400_000.0;
        double cloggingHours = faultHours(FaultType.FILTER_CLOGGING, c, dtHours);
        if (cloggingHours > 0) {
            cloggingPa += param(FaultType.FILTER_CLOGGING, "pa-per-day") * cloggingHours / 24;
        }
        double dp = fan ? FILTER_CLEAN_PA + FILTER_PA_PER_DAY * days + cloggingPa + noise(1.5) : Math.abs(noise(0.5));
        values.put("fan_on", fan);
        values.put("supply_air_setpoint_c", SETPOINT_C);
        values.put("supply_air_temp_c", supplyC + noise(0.2));
        values.put("return_air_temp_c", returnC + noise(0.2));
        values.put("filter_dp_pa", Math.max(0, dp));
    }
}
