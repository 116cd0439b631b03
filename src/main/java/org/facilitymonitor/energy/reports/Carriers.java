package org.facilitymonitor.energy.reports;

import java.util.Comparator;
import org.facilitymonitor.assets.Carrier;
import java.util.List;

/** The carriers as InfluxDB tags them ({@link Carrier#tag()}), in report order, with their canonical units. */
final class Carriers {

    static final List<String> ORDER = List.of("electricity", "heat", "gas", "water");

    private Carriers() {
    }

    /** The canonical unit of {@link Carrier}, as printed in reports (m³, not m3). */
    static String unit(String carrier) {
        return Carrier.fromTag(carrier).map(c -> c.canonicalUnit().replace("m3", "m³")).orElse("");
    }

    static int rank(String carrier) {
        int i = ORDER.indexOf(carrier);
        return i < 0 ? ORDER.size() : i;
    }

    static final Comparator<String> COMPARATOR = Comparator.comparingInt(Carriers::rank)
            .thenComparing(Comparator.naturalOrder());
}
