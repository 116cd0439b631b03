package org.facilitymonitor.edge.site;

import java.util.List;

public record Building(String id, String name, List<Zone> zones) {

    public Building {
        zones = zones == null ? List.of() : List.copyOf(zones);
    }
}
