package org.facilitymonitor.edge.site;

/** A measured point; {@code measurement}/{@code field} say where InfluxDB stores it. */
public record Point(String id, String name, String quantity, String unit, PointKind kind,
                    String measurement, String field) {
}
