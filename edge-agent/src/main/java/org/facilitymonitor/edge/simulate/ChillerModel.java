package org.facilitymonitor.edge.simulate;

import java.util.Map;
import java.util.SplittableRandom;
import org.facilitymonitor.edge.site.Asset;

/** Chiller: runs when free cooling is not enough; COP falls as it gets warmer outside. */
final class ChillerModel extends AssetModel {

    private static final double CAPACITY_KW = 150;

    private double chwSupplyC = 12;

    ChillerModel(Asset asset, Profile profile, SplittableRandom random, int index) {
        super(asset, profile, random, index);
    }

    @Override
    void step(Conditions c, double dtHours, Map<String, Object> values) {
        boolean running = c.coolingOn(profile);
        double cop = 0;
        double powerKw = 0;
        if (running) {
            cop = Conditions.clamp(5.0 - 1.5 * (c.outdoorC() - 12) / 20 + noise(0.05), 3, 5);
            powerKw = CAPACITY_KW * c.coolingLoad() / cop;
        }
        chwSupplyC = approach(chwSupplyC, running ? 6.5 : 14, dtHours, running ? 0.15 : 1.0);
        values.put("chiller_on", running);
        values.put("cop", cop);
        values.put("chiller_power_kw", powerKw);
        values.put("chw_supply_temp_c", chwSupplyC + noise(0.1));
    }
}
