package org.facilitymonitor.edge.simulate;

import java.util.Map;
import java.util.SplittableRandom;
import org.facilitymonitor.edge.site.Asset;

/** Electricity meter: power follows the building's occupancy; energy is its integral. */
final class ElectricityModel extends AssetModel {

    private final double baseKw;
    private final double peakKw;
    private double energyKwh;

    ElectricityModel(Asset asset, Profile profile, SplittableRandom random, int index) {
        super(asset, profile, random, index);
        double scale = asset.parent() == null ? 1.0 : 0.2 + 0.25 * random.nextDouble();
        double[] basePeak = switch (profile) {
            case OFFICE -> new double[] {25, 120};
            case DORM -> new double[] {30, 90};
            case CANTEEN -> new double[] {10, 140};
        };
        baseKw = basePeak[0] * scale;
        peakKw = basePeak[1] * scale;
        energyKwh = initialRegister(50_000, 450_000) * scale;
    }

    @Override
    void step(Conditions c, double dtHours, Map<String, Object> values) {
        double kw = Math.max(0, baseKw + (peakKw - baseKw) * c.occupancy(profile) + noise(0.02 * peakKw));
        energyKwh += kw * dtHours;
        values.put("power_kw", kw);
        values.put("energy_kwh", energyKwh);
    }
}
