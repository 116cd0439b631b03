package org.facilitymonitor.energy.reports;

import org.facilitymonitor.energy.reports.EnergyReport.Quotas;

/**
 * Each department's quota, use and month-end forecast per carrier for a report's period (only the
 * scope's departments). Implemented from energy.accounting; until then
 * {@link UnconfiguredQuotaFigures} answers {@link Quotas#notConfigured()}.
 */
public interface QuotaFigures {

    Quotas quotas(ReportScope scope);
}
