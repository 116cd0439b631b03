package org.facilitymonitor.energy.reports;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import org.facilitymonitor.energy.reports.EnergyReport.Costs;

/** No tariffs known to reports yet: every report says costs are not configured. Any other {@link CostFigures} bean replaces it. */
@DefaultBean
@ApplicationScoped
public class UnconfiguredCostFigures implements CostFigures {

    @Override
    public Costs costs(ReportScope scope) {
        return Costs.notConfigured();
    }
}
