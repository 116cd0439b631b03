package org.facilitymonitor.edge.simulate;

import java.util.Map;
import java.util.SplittableRandom;
import org.facilitymonitor.edge.site.Asset;

/**
 * Gas boiler: the burner cycles on and off with a duty that follows the heating demand; supply
 * and flue temperatures follow the burner with thermal lag.
 */
final class BoilerModel extends AssetModel {

    private static final double CYCLE_HOURS = 20 / 60.0;

    private final double phase;
    private double supplyC = 70;
    private double flueC = 60;
    private double runHours;

    BoilerModel(Asset asset, Profile profile, SplittableRandom random, int index) {
        super(asset, profile, random, index);
        phase = index * 0.5 + random.nextDouble() * 0.1;
        runHours = initialRegister(1_000, 25_000);
    }

    @Override
    boolean simulates(FaultType type) {
        return type == FaultType.SHORT_CYCLING && hasField("burner_on");
    }

    @Override
    void step(Conditions c, double dtHours, Map<String, Object> values) {
        // Hot water for the kitchen keeps some load in summer.
        double duty = Conditions.clamp(0.1 + c.heatingDemand(), 0.1, 0.95);
        double cycleHours = active(FaultType.SHORT_CYCLING) ? param(FaultType.SHORT_CYCLING, "cycle-minutes") / 60
                : CYCLE_HOURS;
        double cyclePos = (c.ts() / 3_600_000.0 / cycleHours + phase) % 1.0;
        boolean burner = cyclePos < duty;
        if (burner) {
            runHours += dtHours;
        }
        supplyC = approach(supplyC, burner ? 74 : 66, dtHours, 5 / 60.0);
        flueC = approach(flueC, burner ? 140 : 45, dtHours, burner ? 2 / 60.0 : 6 / 60.0);
        double supply = supplyC + noise(0.3);
        values.put("burner_on", burner);
        values.put("supply_temp_c", supply);
        values.put("return_temp_c", supply - 16 - 6 * c.heatingDemand() + noise(0.3));
        values.put("flue_temp_c", flueC + noise(1.0));
        values.put("pressure_bar", 1.8 + 0.005 * (supplyC - 70) + noise(0.01));
        values.put("run_hours", runHours);
    }
}
