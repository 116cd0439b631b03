package org.facilitymonitor.edge.simulate;

import java.util.Map;
import java.util.SplittableRandom;
import org.facilitymonitor.edge.site.Asset;

/** Water meter: a small night base flow (leaks, cisterns) plus use by occupancy; volume integrated. */
final class WaterModel extends AssetModel {

    private final double baseM3h;
    private final double peakM3h;
    private double volumeM3;

    WaterModel(Asset asset, Profile profile, SplittableRandom random, int index) {
        super(asset, profile, random, index);
        double peak = switch (profile) {
            case OFFICE -> 1.5;
            case DORM -> 3.0;
            case CANTEEN -> 2.5;
        };
        // The campus main meter sees the whole site.
        peakM3h = asset.parent() == null ? peak * 2.5 : peak;
        baseM3h = 0.03 + 0.07 * random.nextDouble();
        volumeM3 = initialRegister(5_000, 60_000);
    }

    @Override
    boolean simulates(FaultType type) {
        return type == FaultType.LEAK;
    }

    @Override
    void step(Conditions c, double dtHours, Map<String, Object> values) {
        double leak = active(FaultType.LEAK) ? param(FaultType.LEAK, "m3h") : 0;
        double flow = Math.max(0, baseM3h + peakM3h * c.occupancy(profile) * (1 + noise(0.1))) + leak;
        volumeM3 += flow * dtHours;
        values.put("flow_m3h", flow);
        values.put("volume_m3", volumeM3);
    }
}
