package org.facilitymonitor.energy.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.List;
import org.facilitymonitor.energy.reports.EnergyReport.CostComponent;
import org.facilitymonitor.energy.reports.EnergyReport.CostRow;
import org.facilitymonitor.energy.reports.EnergyReport.Costs;
import org.facilitymonitor.energy.reports.EnergyReport.FigureStatus;
import org.facilitymonitor.energy.reports.EnergyReport.Scope;

/** Costs as a tariff would give them, fixed: 450 + 400 + 115.75 EUR of electricity, enabled by {@link ReportTestProfile}. */
@Alternative
@ApplicationScoped
public class FixedCostFigures implements CostFigures {

    static final double ELECTRICITY_TOTAL = 965.75;

    @Override
    public Costs costs(ReportScope scope) {
        return new Costs(FigureStatus.AVAILABLE, "EUR", List.of(
                new CostRow(Scope.SITE, scope.site(), "electricity", CostComponent.PEAK, null, 3000, 450),
                new CostRow(Scope.SITE, scope.site(), "electricity", CostComponent.FLAT, null, 4000, 400),
                new CostRow(Scope.SITE, scope.site(), "electricity", CostComponent.VALLEY, null, 2315.5, 115.75)));
    }
}
