package org.facilitymonitor.energy.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One site's energy report for the local dates [from, to): an immutable tree that every format
 * renders. Figures are in each carrier's canonical unit ({@link Carriers}); figures another part
 * of the energy package has not configured (costs, quotas) say so in {@link FigureStatus} instead
 * of showing numbers.
 */
public record EnergyReport(Header header, List<ConsumptionRow> totals, List<ConsumptionRow> buildings,
        List<ConsumptionRow> departments, Costs costs, Quotas quotas, List<Change> changes,
        List<TopConsumer> topConsumers, List<Quality> quality, List<SavingsRow> savings,
        List<Opportunity> opportunities) {

    public EnergyReport {
        savings = List.copyOf(savings);
        opportunities = List.copyOf(opportunities);
        totals = List.copyOf(totals);
        buildings = List.copyOf(buildings);
        departments = List.copyOf(departments);
        changes = List.copyOf(changes);
        topConsumers = List.copyOf(topConsumers);
        quality = List.copyOf(quality);
    }

    /** A report without the savings and opportunity sections (nothing in them). */
    public EnergyReport(Header header, List<ConsumptionRow> totals, List<ConsumptionRow> buildings,
            List<ConsumptionRow> departments, Costs costs, Quotas quotas, List<Change> changes,
            List<TopConsumer> topConsumers, List<Quality> quality) {
        this(header, totals, buildings, departments, costs, quotas, changes, topConsumers, quality, List.of(), List.of());
    }

    /** Whose report, for which period (local dates of the site's time zone, {@code to} exclusive), in which language. */
    public record Header(String site, String siteName, String timezone, LocalDate from, LocalDate to,
            ReportLanguage language, Instant generatedAt, List<String> departmentFilter) {
        public Header {
            departmentFilter = List.copyOf(departmentFilter);
        }
    }

    /** Whether a section's figures exist, or the site has not configured what they come from. */
    public enum FigureStatus {
        AVAILABLE, NOT_CONFIGURED
    }

    /** Consumption of one scope (the site, a building, a department) and carrier. */
    public record ConsumptionRow(String id, String name, String carrier, String unit, double consumption) {
    }

    /** Where a cost belongs. */
    public enum Scope {
        SITE, BUILDING, DEPARTMENT
    }

    /** What a cost is for: a time-of-use period, a tier of a block tariff, a fixed charge, the demand charge. */
    public enum CostComponent {
        PEAK, FLAT, VALLEY, CRITICAL_PEAK, TIER, FIXED, DEMAND
    }

    /**
     * One cost figure; {@code detail} names the tier (e.g. "2") for {@link CostComponent#TIER},
     * {@code quantity} is the consumption (or the demand in kW) priced.
     */
    public record CostRow(Scope scope, String scopeId, String carrier, CostComponent component, String detail,
            double quantity, double amount) {
    }

    public record Costs(FigureStatus status, String currency, List<CostRow> rows) {
        public Costs {
            rows = List.copyOf(rows);
        }

        public static Costs notConfigured() {
            return new Costs(FigureStatus.NOT_CONFIGURED, null, List.of());
        }

        /** Total per carrier at site scope. */
        public double siteTotal(String carrier) {
            return rows.stream().filter(r -> r.scope() == Scope.SITE && r.carrier().equals(carrier))
                    .mapToDouble(CostRow::amount).sum();
        }
    }

    /** A department's use against its quota for the period; {@code share} = used / quota. */
    public record QuotaRow(String department, String departmentName, String carrier, String unit, double quota,
            double used, double share, double forecast) {
    }

    public record Quotas(FigureStatus status, List<QuotaRow> rows) {
        public Quotas {
            rows = List.copyOf(rows);
        }

        public static Quotas notConfigured() {
            return new Quotas(FigureStatus.NOT_CONFIGURED, List.of());
        }
    }

    /** A comparison period's figure and the change to it; {@code percent} is null when the earlier figure is 0. */
    public record Comparison(LocalDate from, LocalDate to, double previous, double delta, Double percent) {
        public static Comparison of(LocalDate from, LocalDate to, double previous, double current) {
            return new Comparison(from, to, previous, current - previous,
                    previous == 0 ? null : (current - previous) / previous * 100);
        }
    }

    /** The change of a scope's consumption against the previous period and the same period a year earlier. */
    public record Change(Scope scope, String id, String name, String carrier, String unit, double current,
            Comparison previousPeriod, Comparison previousYear) {
    }

    /** A meter among the largest of its carrier, by its consumption net of its sub-meters. */
    public record TopConsumer(int rank, String point, String asset, String assetName, String building, String carrier,
            String unit, double consumption) {
    }

    /**
     * Data quality per carrier: of the meters' daily intervals in the period, how many were
     * estimated (gaps or resets), and the mean share of time covered by readings.
     */
    public record Quality(String carrier, int meters, long intervals, long estimated, double estimatedShare,
            double coverage) {
    }

    /**
     * An intervention whose reporting period overlaps the report's, with its savings as
     * {@code GET /api/energy/interventions/{id}/savings?to=<report end>} computes them: {@code avoided}
     * (kWh) of the report's days; {@code cumulative} since the intervention's day up to the report's
     * end with its 90 % band; {@code avoidedCost} of the report's days when priced (in
     * {@code currency}); the baseline model's adjusted R², CV(RMSE) and the fractional savings
     * uncertainty of the cumulative figure. Without a model every figure is null and
     * {@code noModel} says why.
     */
    public record SavingsRow(long intervention, String name, String scope, String scopeId, String scopeName,
            String carrier, LocalDate effectiveOn, Double avoided, Double cumulative, Double cumulativeLow,
            Double cumulativeHigh, Double avoidedCost, String currency, Double adjustedRSquared, Double cvRmse,
            Double fsu, String noModel) {
    }

    /**
     * One of the site's ranked opportunities as {@code GET /api/energy/sites/{site}/opportunities?to=<report end>}
     * finds them; {@code kind} is the finder's name (e.g. AFTER_HOURS), {@code evidence} its sentence.
     */
    public record Opportunity(int rank, String kind, String point, String assetName, String building,
            String buildingName, String carrier, double yearlyKwh, Double yearlyCost, String currency, String evidence) {
    }
}
