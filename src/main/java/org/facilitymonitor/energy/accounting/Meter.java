package org.facilitymonitor.energy.accounting;

import org.facilitymonitor.assets.Carrier;

/**
 * A meter: a cumulative point with a carrier. {@code parentPointId}: the point of the same carrier on
 * the asset's parent asset (the main meter of a sub-meter), or null. {@code departmentId}: the
 * department of the meter's asset, its default department.
 */
public record Meter(String pointId, String assetId, Carrier carrier, String parentPointId, String departmentId) {
}
