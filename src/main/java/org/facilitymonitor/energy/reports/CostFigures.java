package org.facilitymonitor.energy.reports;

import org.facilitymonitor.energy.reports.EnergyReport.Costs;

/**
 * Costs of a report's period by tariff component, at site scope (required for the totals) and per
 * building and department (optional rows). Implemented from energy.tariffs; until then
 * {@link UnconfiguredCostFigures} answers {@link Costs#notConfigured()}.
 */
public interface CostFigures {

    Costs costs(ReportScope scope);
}
