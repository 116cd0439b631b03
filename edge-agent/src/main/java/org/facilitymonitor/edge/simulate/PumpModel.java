package org.facilitymonitor.edge.simulate;

import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.facilitymonitor.edge.site.Asset;

/**
 * Circulation pump. Heating pumps run in the heating season as duty/standby pairs that swap
 * weekly; chilled-water pumps run with the chiller.
 */
final class PumpModel extends AssetModel {

    private final boolean chilledWater;
    /** Extra vibration from a worn bearing. */
    private double wearMmS;

    PumpModel(Asset asset, Profile profile, SplittableRandom random, int index) {
        super(asset, profile, random, index);
        chilledWater = asset.kind() != null && asset.kind().toLowerCase(Locale.ROOT).contains("chilled")
                || asset.hasTag("chilledWater");
    }

    @Override
    boolean simulates(FaultType type) {
        return type == FaultType.BEARING_WEAR && hasField("vibration_mm_s");
    }

    @Override
    void faultEnded(FaultType type, long ts) {
        if (type == FaultType.BEARING_WEAR) {
            wearMmS = 0;
        }
    }

    @Override
    void step(Conditions c, double dtHours, Map<String, Object> values) {
        double wearHours = faultHours(FaultType.BEARING_WEAR, c, dtHours);
        if (wearHours > 0) {
            wearMmS += param(FaultType.BEARING_WEAR, "mm-s-per-day") * wearHours / 24;
        }
        boolean running;
        if (chilledWater) {
            running = c.coolingOn(profile);
        } else {
            long week = c.ts() / (7 * 86_400_000L);
            running = c.heatingDemand() > 0.05 && (week + index) % 2 == 0;
        }
        values.put("running", running);
        values.put("current_a", running ? Math.max(0, 8 + noise(0.15)) : 0.0);
        values.put("vibration_mm_s", running ? Math.max(0, 2 + wearMmS + noise(0.15)) : Math.abs(noise(0.03)));
    }
}
