package org.facilitymonitor.energy.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.List;
import org.facilitymonitor.energy.reports.EnergyReport.FigureStatus;
import org.facilitymonitor.energy.reports.EnergyReport.QuotaRow;
import org.facilitymonitor.energy.reports.EnergyReport.Quotas;

/** One quota, fixed: administration's electricity, 1500 kWh, enabled by {@link ReportTestProfile}. */
@Alternative
@ApplicationScoped
public class FixedQuotaFigures implements QuotaFigures {

    @Override
    public Quotas quotas(ReportScope scope) {
        List<QuotaRow> rows = scope.includes("administration")
                ? List.of(new QuotaRow("administration", "Administration", "electricity", "kWh", 1500, 1247.75,
                        1247.75 / 1500, 1247.75))
                : List.of();
        return new Quotas(FigureStatus.AVAILABLE, rows);
    }
}
