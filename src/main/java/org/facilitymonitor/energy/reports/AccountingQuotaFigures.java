package org.facilitymonitor.energy.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.facilitymonitor.energy.accounting.QuotaService;
import org.facilitymonitor.energy.accounting.QuotaService.QuotaStatusView;
import org.facilitymonitor.energy.reports.EnergyReport.FigureStatus;
import org.facilitymonitor.energy.reports.EnergyReport.QuotaRow;
import org.facilitymonitor.energy.reports.EnergyReport.Quotas;

/**
 * Quotas for a report from energy.accounting: per department and carrier the quotas of the months
 * the period touches, the use and the month-end forecast (a past month's forecast is its use).
 */
@ApplicationScoped
public class AccountingQuotaFigures implements QuotaFigures {

    @Inject
    QuotaService quotas;
    @Inject
    ReportRegistry registry;
    @Inject
    Clock clock;

    @Override
    public Quotas quotas(ReportScope scope) {
        Map<String, String> names = registry.departmentNames(scope.site());
        LocalDate today = LocalDate.now(clock.withZone(scope.zone()));
        Map<List<String>, double[]> sums = new TreeMap<>((a, b) -> String.join("|", a).compareTo(String.join("|", b)));
        Map<List<String>, String> units = new TreeMap<>((a, b) -> String.join("|", a).compareTo(String.join("|", b)));
        for (YearMonth m = YearMonth.from(scope.from()); m.atDay(1).isBefore(scope.to()); m = m.plusMonths(1)) {
            for (QuotaStatusView q : quotas.status(scope.site(), m, today)) {
                if (!scope.includes(q.departmentId())) {
                    continue;
                }
                List<String> key = List.of(q.departmentId(), q.carrier().tag());
                double[] s = sums.computeIfAbsent(key, k -> new double[3]);
                s[0] += q.quota();
                s[1] += q.used();
                s[2] += q.forecast();
                units.put(key, q.unit());
            }
        }
        if (sums.isEmpty()) {
            return Quotas.notConfigured();
        }
        List<QuotaRow> rows = new ArrayList<>();
        sums.forEach((k, s) -> rows.add(new QuotaRow(k.get(0), names.getOrDefault(k.get(0), k.get(0)), k.get(1),
                units.get(k), s[0], s[1], s[0] == 0 ? 0 : s[1] / s[0], s[2])));
        return new Quotas(FigureStatus.AVAILABLE, rows);
    }
}
