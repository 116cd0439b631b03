package org.facilitymonitor.energy.reports;

/**
 * One meter point's consumption over a period, summed from {@code consumption_1d}, with where it
 * sits in the registry: its asset's building, department and parent asset (a sub-meter's main).
 * {@code intervals} days had a figure, {@code estimated} of them estimated; {@code coverageSum} is
 * the sum of their coverage.
 */
public record MeterFigure(String point, String asset, String assetName, String building, String department,
        String parentAsset, String carrier, double consumption, long intervals, long estimated, double coverageSum) {
}
