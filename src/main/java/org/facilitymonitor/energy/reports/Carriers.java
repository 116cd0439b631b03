package org.facilitymonitor.energy.reports;

import java.util.Comparator;
import java.util.List;

/** The carriers as InfluxDB tags them (lower case), in report order, with their canonical units. */
final class Carriers {

    static final List<String> ORDER = List.of("electricity", "heat", "gas", "water");

    private Carriers() {
    }

    static String unit(String carrier) {
        return switch (carrier) {
            case "electricity", "heat" -> "kWh";
            case "water", "gas" -> "m³";
            default -> "";
        };
    }

    static int rank(String carrier) {
        int i = ORDER.indexOf(carrier);
        return i < 0 ? ORDER.size() : i;
    }

    static final Comparator<String> COMPARATOR = Comparator.comparingInt(Carriers::rank)
            .thenComparing(Comparator.naturalOrder());
}
