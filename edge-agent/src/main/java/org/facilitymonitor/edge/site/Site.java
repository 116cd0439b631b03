package org.facilitymonitor.edge.site;

public record Site(String id, String name, String timezone) {
}
