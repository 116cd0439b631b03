package org.facilitymonitor.energy.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.facilitymonitor.energy.reports.EnergyReport.Opportunity;
import org.facilitymonitor.energy.reports.EnergyReport.SavingsRow;
import org.facilitymonitor.energy.savings.Intervention;
import org.facilitymonitor.energy.savings.InterventionService;
import org.facilitymonitor.energy.savings.InterventionViews.DayView;
import org.facilitymonitor.energy.savings.InterventionViews.FindingView;
import org.facilitymonitor.energy.savings.InterventionViews.MoneyView;
import org.facilitymonitor.energy.savings.InterventionViews.SavingsView;
import org.facilitymonitor.energy.waste.WasteService;
import org.facilitymonitor.energy.waste.WasteService.OpportunityView;
import org.facilitymonitor.energy.weather.WeatherService.DayBoundary;
import org.facilitymonitor.platform.ProblemException;

/**
 * The report's savings and waste sections, from the services behind the REST endpoints (no
 * figure is computed differently here): {@link InterventionService#savings(Intervention, LocalDate,
 * DayBoundary, boolean)} with {@code to} = the report's end (local days), and
 * {@link WasteService#findUnchecked} up to the report's end. The report's caller has checked the
 * site (a request) or sees every site (the report job); both methods activate a request context
 * when the calling thread has none.
 */
@ApplicationScoped
public class SavingsFigures {

    @Inject
    ReportRegistry registry;
    @Inject
    InterventionService interventions;
    @Inject
    WasteService waste;

    /**
     * Every intervention of the report's scope whose reporting period overlaps it: of the site, or
     * with a department filter, those on one of the departments or on a meter of one of them
     * (a building is no part of a department).
     */
    @ActivateRequestContext
    public List<SavingsRow> savings(ReportScope scope) {
        Map<String, ReportRegistry.Meter> meters = scope.departments().isEmpty() ? Map.of() : registry.meters(scope.site());
        Map<String, String> buildings = registry.buildingNames(scope.site());
        Map<String, String> departments = registry.departmentNames(scope.site());
        List<SavingsRow> rows = new ArrayList<>();
        for (Intervention i : registry.interventionsBefore(scope.site(), scope.to())) {
            if (!inScope(i, scope, meters)) {
                continue;
            }
            String scopeName = switch (i.scope) {
                case METER -> i.scopeId;
                case BUILDING -> buildings.getOrDefault(i.scopeId, i.scopeId);
                case DEPARTMENT -> departments.getOrDefault(i.scopeId, i.scopeId);
            };
            SavingsView end;
            try {
                end = interventions.savings(i, scope.to(), DayBoundary.LOCAL, false);
            } catch (ProblemException e) {
                // e.g. a reporting period longer than the service computes
                rows.add(noModel(i, scopeName, e.getMessage()));
                continue;
            }
            SavingsView start = null;
            if (end.model() != null && i.effectiveOn.isBefore(scope.from()) && end.money() != null
                    && end.money().avoidedCost() != null) {
                start = interventions.savings(i, scope.from(), DayBoundary.LOCAL, false);
            }
            rows.add(row(i, scopeName, scope.from(), scope.to(), end, start));
        }
        return rows;
    }

    static boolean inScope(Intervention i, ReportScope scope, Map<String, ReportRegistry.Meter> meters) {
        if (scope.departments().isEmpty()) {
            return true;
        }
        return switch (i.scope) {
            case DEPARTMENT -> scope.includes(i.scopeId);
            case METER -> meters.containsKey(i.scopeId) && scope.includes(meters.get(i.scopeId).department());
            case BUILDING -> false;
        };
    }

    /**
     * The report's row of one intervention: {@code end} its savings up to the report's end,
     * {@code start} (null when the intervention starts within the report's period) up to the
     * report's start, for the money of the period: the one cumulative avoided cost less the other.
     */
    static SavingsRow row(Intervention i, String scopeName, LocalDate from, LocalDate to, SavingsView end, SavingsView start) {
        if (end.model() == null) {
            var s = end.sufficiency();
            String critical = String.join("; ", s.findings().stream().filter(FindingView::critical).map(FindingView::detail).toList());
            return noModel(i, scopeName, s.status() + (critical.isEmpty() ? "" : ": " + critical));
        }
        double avoided = 0;
        DayView last = null;
        for (DayView d : end.daily()) {
            if (!d.day().isBefore(from) && d.day().isBefore(to) && d.avoided() != null) {
                avoided += d.avoided();
            }
            last = d;
        }
        Double cost = null;
        String currency = null;
        MoneyView money = end.money();
        if (money != null && money.avoidedCost() != null) {
            BigDecimal before = start == null || start.money() == null || start.money().avoidedCost() == null ? BigDecimal.ZERO
                    : start.money().avoidedCost();
            cost = money.avoidedCost().subtract(before).doubleValue();
            currency = money.currency();
        }
        return new SavingsRow(i.id, i.name, i.scope.name(), i.scopeId, scopeName, carrier(i), i.effectiveOn, avoided,
                last == null ? 0.0 : last.cumulative(), last == null ? null : last.cumulativeLow(),
                last == null ? null : last.cumulativeHigh(), cost, currency, end.model().adjustedRSquared(),
                end.quality() == null ? null : end.quality().cvRmse(), end.fractionalSavingsUncertainty(), null);
    }

    private static SavingsRow noModel(Intervention i, String scopeName, String reason) {
        return new SavingsRow(i.id, i.name, i.scope.name(), i.scopeId, scopeName, carrier(i), i.effectiveOn, null, null, null,
                null, null, null, null, null, null, reason);
    }

    private static String carrier(Intervention i) {
        return i.carrier.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The site's opportunities as of the report's end, in the service's rank. The waste service reads
     * the registry outside a transaction: a thread without a request context (a report job run
     * outside the scheduler) gets one here.
     */
    @ActivateRequestContext
    public List<Opportunity> opportunities(ReportScope scope) {
        Map<String, String> buildings = registry.buildingNames(scope.site());
        return opportunities(waste.findUnchecked(scope.site(), scope.to()).opportunities(), buildings);
    }

    static List<Opportunity> opportunities(List<OpportunityView> found, Map<String, String> buildingNames) {
        return found.stream().map(o -> new Opportunity(o.rank(), o.kind(), o.pointId(), o.assetName(), o.buildingId(),
                o.buildingId() == null ? null : buildingNames.getOrDefault(o.buildingId(), o.buildingId()),
                o.carrier() == null ? null : o.carrier().toLowerCase(Locale.ROOT), o.yearlyKwh(),
                o.yearlyCost() == null ? null : o.yearlyCost().doubleValue(),
                o.currency(), o.evidence())).toList();
    }
}
