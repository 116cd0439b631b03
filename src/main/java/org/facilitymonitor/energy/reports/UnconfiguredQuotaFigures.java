package org.facilitymonitor.energy.reports;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import org.facilitymonitor.energy.reports.EnergyReport.Quotas;

/** No quotas known to reports yet: every report says quotas are not configured. Any other {@link QuotaFigures} bean replaces it. */
@DefaultBean
@ApplicationScoped
public class UnconfiguredQuotaFigures implements QuotaFigures {

    @Override
    public Quotas quotas(ReportScope scope) {
        return Quotas.notConfigured();
    }
}
