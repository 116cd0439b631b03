package org.facilitymonitor.edge.simulate;

import java.util.Map;
import java.util.SplittableRandom;
import org.facilitymonitor.edge.site.Asset;

/** Gas meter: the heating load follows the outdoor temperature, plus cooking by occupancy. */
final class GasModel extends AssetModel {

    private final double heatingM3h;
    private double volumeM3;

    GasModel(Asset asset, Profile profile, SplittableRandom random, int index) {
        super(asset, profile, random, index);
        heatingM3h = 45 + 10 * random.nextDouble();
        volumeM3 = initialRegister(20_000, 90_000);
    }

    @Override
    void step(Conditions c, double dtHours, Map<String, Object> values) {
        double cooking = profile == Profile.CANTEEN ? 4 * c.occupancy(profile) : 0;
        double flow = Math.max(0, 0.3 + heatingM3h * c.heatingDemand() + cooking + noise(0.5));
        volumeM3 += flow * dtHours;
        values.put("flow_m3h", flow);
        values.put("volume_m3", volumeM3);
    }
}
