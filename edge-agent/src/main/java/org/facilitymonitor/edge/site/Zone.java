package org.facilitymonitor.edge.site;

public record Zone(String id, String name) {
}
