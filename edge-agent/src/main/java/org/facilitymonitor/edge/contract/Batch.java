package org.facilitymonitor.edge.contract;

import java.util.List;

/** A data message of contract v1: a batch of readings from one edge. */
public record Batch(int v, String site, String edge, long seq, boolean historical, List<Reading> readings) {

    public Batch {
        readings = readings == null ? null : List.copyOf(readings);
    }

    public static Batch live(String site, String edge, long seq, List<Reading> readings) {
        return new Batch(ContractV1.VERSION, site, edge, seq, false, readings);
    }

    public static Batch historical(String site, String edge, long seq, List<Reading> readings) {
        return new Batch(ContractV1.VERSION, site, edge, seq, true, readings);
    }
}
