package org.facilitymonitor.edge.site;

public record Department(String id, String name, String parent) {
}
