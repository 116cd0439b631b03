package org.facilitymonitor.energy.reports;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The meter tree of one carrier as far as it shows in a period's figures: a meter whose asset's
 * parent asset has a meter of the same carrier is that meter's sub-meter. Main meters (no parent
 * meter) add up to the site and building totals without counting a sub-meter twice; a meter's net
 * consumption (its own minus its direct sub-meters') is what it alone measured, and the nets add
 * up to the same totals. Pure.
 */
final class MeterTree {

    private final List<MeterFigure> meters;
    private final Set<String> meteredAssets;
    private final Map<String, Double> subMeterSums = new HashMap<>();

    MeterTree(List<MeterFigure> meters) {
        this.meters = List.copyOf(meters);
        this.meteredAssets = meters.stream().map(m -> key(m.asset(), m.carrier())).collect(Collectors.toSet());
        for (MeterFigure m : meters) {
            if (isSubMeter(m)) {
                subMeterSums.merge(key(m.parentAsset(), m.carrier()), m.consumption(), Double::sum);
            }
        }
    }

    List<MeterFigure> meters() {
        return meters;
    }

    boolean isSubMeter(MeterFigure m) {
        return m.parentAsset() != null && meteredAssets.contains(key(m.parentAsset(), m.carrier()));
    }

    /** The meter's consumption minus its direct sub-meters' (negative when they add up to more than it). */
    double net(MeterFigure m) {
        return m.consumption() - subMeterSums.getOrDefault(key(m.asset(), m.carrier()), 0.0);
    }

    List<MeterFigure> mains() {
        return meters.stream().filter(m -> !isSubMeter(m)).toList();
    }

    private static String key(String asset, String carrier) {
        return asset + "\u0000" + carrier;
    }
}
