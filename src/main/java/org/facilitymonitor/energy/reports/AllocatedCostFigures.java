package org.facilitymonitor.energy.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.accounting.DayRange;
import org.facilitymonitor.energy.accounting.DepartmentAccounting;
import org.facilitymonitor.energy.reports.EnergyReport.CostComponent;
import org.facilitymonitor.energy.reports.EnergyReport.CostRow;
import org.facilitymonitor.energy.reports.EnergyReport.Costs;
import org.facilitymonitor.energy.reports.EnergyReport.FigureStatus;
import org.facilitymonitor.energy.reports.EnergyReport.Scope;
import org.facilitymonitor.telemetry.InfluxQl;
import org.facilitymonitor.telemetry.InfluxQlReader;

/**
 * A report's costs from the utility accounts' bills ({@code energy.costs}): energy by tariff period
 * or tier from the daily amounts ({@code cost_1d}) of the period's days, fixed and demand charges
 * from the monthly bills, a month only partly in the period getting its share of days. Departments
 * are charged back by consumption: each carrier's cost components are shared out in proportion to
 * the departments' net consumption (effective-dated, with shares), so they add up to the site.
 */
@ApplicationScoped
public class AllocatedCostFigures implements CostFigures {

    @Inject
    EntityManager em;
    @Inject
    InfluxQlReader influx;
    @Inject
    DepartmentAccounting departments;
    @Inject
    ObjectMapper json;

    @Override
    @Transactional
    public Costs costs(ReportScope scope) {
        @SuppressWarnings("unchecked")
        List<Object[]> tariffs = em.createNativeQuery("select carrier, currency from tariff where site_id = ?1")
                .setParameter(1, scope.site()).getResultList();
        if (tariffs.isEmpty()) {
            return Costs.notConfigured();
        }
        List<CostRow> site = new ArrayList<>(energyRows(scope));
        site.addAll(monthlyRows(scope));
        List<CostRow> rows = new ArrayList<>(site);
        rows.addAll(departmentRows(scope, site));
        return new Costs(FigureStatus.AVAILABLE, (String) tariffs.get(0)[1], rows);
    }

    private List<CostRow> energyRows(ReportScope scope) {
        List<CostRow> rows = new ArrayList<>();
        for (InfluxQlReader.SeriesRow r : influx.seriesRows("SELECT sum(\"quantity\") AS quantity, sum(\"amount\") AS"
                + " amount FROM \"cost_1d\" WHERE \"site\" = " + InfluxQl.string(scope.site()) + " AND time >= "
                + InfluxQl.time(scope.start()) + " AND time < " + InfluxQl.time(scope.end())
                + " GROUP BY \"carrier\", \"item\"")) {
            String item = r.tags().get("item");
            boolean tier = item.toLowerCase(Locale.ROOT).startsWith("tier");
            rows.add(new CostRow(Scope.SITE, scope.site(), r.tags().get("carrier"),
                    tier ? CostComponent.TIER : CostComponent.valueOf(item), tier ? item.replaceAll("\\D", "") : null,
                    r.number("quantity"), r.number("amount")));
        }
        return rows;
    }

    private List<CostRow> monthlyRows(ReportScope scope) {
        @SuppressWarnings("unchecked")
        List<Object[]> bills = em.createNativeQuery("""
                select month, carrier, bill from energy_bill where site_id = ?1 and month >= ?2 and month < ?3
                """).setParameter(1, scope.site()).setParameter(2, YearMonth.from(scope.from()).atDay(1))
                .setParameter(3, scope.to()).getResultList();
        Map<List<String>, double[]> sums = new TreeMap<>((a, b) -> String.join("|", a).compareTo(String.join("|", b)));
        for (Object[] b : bills) {
            LocalDate monthStart = b[0] instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) b[0];
            YearMonth month = YearMonth.from(monthStart);
            LocalDate from = scope.from().isAfter(monthStart) ? scope.from() : monthStart;
            LocalDate to = scope.to().isBefore(month.plusMonths(1).atDay(1)) ? scope.to() : month.plusMonths(1).atDay(1);
            double share = (double) ChronoUnit.DAYS.between(from, to) / month.lengthOfMonth();
            for (JsonNode line : read((String) b[2]).path("lines")) {
                String kind = line.path("kind").asText();
                if ("FIXED".equals(kind) || "DEMAND".equals(kind)) {
                    sums.computeIfAbsent(List.of(((String) b[1]).toLowerCase(Locale.ROOT), kind), k -> new double[2]);
                    double[] s = sums.get(List.of(((String) b[1]).toLowerCase(Locale.ROOT), kind));
                    s[0] += line.path("quantity").asDouble() * share;
                    s[1] += line.path("amount").asDouble() * share;
                }
            }
        }
        List<CostRow> rows = new ArrayList<>();
        sums.forEach((k, v) -> rows.add(new CostRow(Scope.SITE, scope.site(), k.get(0), CostComponent.valueOf(k.get(1)),
                null, v[0], v[1])));
        return rows;
    }

    private List<CostRow> departmentRows(ReportScope scope, List<CostRow> site) {
        List<CostRow> rows = new ArrayList<>();
        DayRange range = new DayRange(scope.from(), scope.to());
        for (Carrier carrier : Carrier.values()) {
            List<CostRow> carrierRows = site.stream().filter(r -> r.carrier().equals(carrier.tag())).toList();
            if (carrierRows.isEmpty()) {
                continue;
            }
            Map<String, Double> own = new TreeMap<>();
            departments.figures(scope.site(), carrier, range).own()
                    .forEach((dept, days) -> own.put(dept, java.util.Arrays.stream(days).filter(d -> !Double.isNaN(d)).sum()));
            double total = own.values().stream().mapToDouble(Double::doubleValue).sum();
            if (total <= 0) {
                continue;
            }
            own.forEach((dept, used) -> {
                if (scope.includes(dept) || (scope.departments().isEmpty() && dept.startsWith("_"))) {
                    for (CostRow r : carrierRows) {
                        rows.add(new CostRow(Scope.DEPARTMENT, dept, r.carrier(), r.component(), r.detail(),
                                r.quantity() * used / total, r.amount() * used / total));
                    }
                }
            });
        }
        return rows;
    }

    private JsonNode read(String bill) {
        try {
            return json.readTree(bill);
        } catch (IOException e) {
            throw new IllegalStateException("stored bill is no JSON", e);
        }
    }
}
