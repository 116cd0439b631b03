package org.facilitymonitor.energy.accounting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The meters of one site and carrier and which is a sub-meter of which. The net consumption of a
 * meter is its own minus the sum of its direct sub-meters: for a main meter, "untracked and losses".
 * A missing day ({@code NaN}) of a meter counts as 0 in the nets, and in a net it would otherwise
 * poison: attribution needs finite figures.
 */
public final class MeterTree {

    private final Map<String, Meter> meters = new TreeMap<>();
    private final Map<String, List<String>> subs = new TreeMap<>();

    public MeterTree(Collection<Meter> all) {
        for (Meter m : all) {
            meters.put(m.pointId(), m);
        }
        for (Meter m : meters.values()) {
            if (m.parentPointId() != null && meters.containsKey(m.parentPointId())) {
                subs.computeIfAbsent(m.parentPointId(), p -> new ArrayList<>()).add(m.pointId());
            }
        }
    }

    public Collection<Meter> meters() {
        return meters.values();
    }

    public Optional<Meter> meter(String pointId) {
        return Optional.ofNullable(meters.get(pointId));
    }

    /** The direct sub-meters of a meter, by point id. */
    public List<String> subMeters(String pointId) {
        return subs.getOrDefault(pointId, List.of());
    }

    /** Meters with at least one sub-meter: the ones the balance check watches. */
    public List<Meter> mainsWithSubMeters() {
        return subs.keySet().stream().map(meters::get).toList();
    }

    /** Per meter: its consumption minus its direct sub-meters', day by day. Linear in the input. */
    public Map<String, double[]> net(Map<String, double[]> perMeter) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : perMeter.entrySet()) {
            if (!meters.containsKey(e.getKey())) {
                continue;
            }
            double[] net = finite(e.getValue());
            for (String sub : subMeters(e.getKey())) {
                double[] s = perMeter.get(sub);
                if (s != null) {
                    for (int d = 0; d < net.length; d++) {
                        net[d] -= Double.isNaN(s[d]) ? 0 : s[d];
                    }
                }
            }
            out.put(e.getKey(), net);
        }
        return out;
    }

    static double[] finite(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Double.isNaN(values[i]) ? 0 : values[i];
        }
        return out;
    }
}
