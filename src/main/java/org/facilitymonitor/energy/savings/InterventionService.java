package org.facilitymonitor.energy.savings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.facilitymonitor.assets.Building;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.assets.Department;
import org.facilitymonitor.assets.Point;
import org.facilitymonitor.assets.Site;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.energy.baseline.BaselineStatistics;
import org.facilitymonitor.energy.baseline.CaltrackFitter;
import org.facilitymonitor.energy.baseline.CandidateModel;
import org.facilitymonitor.energy.baseline.DailyTemperatures;
import org.facilitymonitor.energy.baseline.SavingsAnalysis;
import org.facilitymonitor.energy.baseline.TemperatureUnit;
import org.facilitymonitor.energy.baseline.UsagePeriod;
import org.facilitymonitor.energy.baseline.UsagePeriods;
import org.facilitymonitor.energy.savings.InterventionViews.AdjustmentRequest;
import org.facilitymonitor.energy.savings.InterventionViews.AdjustmentView;
import org.facilitymonitor.energy.savings.InterventionViews.BillView;
import org.facilitymonitor.energy.savings.InterventionViews.CandidateView;
import org.facilitymonitor.energy.savings.InterventionViews.DayView;
import org.facilitymonitor.energy.savings.InterventionViews.FindingView;
import org.facilitymonitor.energy.savings.InterventionViews.InterventionRequest;
import org.facilitymonitor.energy.savings.InterventionViews.InterventionView;
import org.facilitymonitor.energy.savings.InterventionViews.ModelView;
import org.facilitymonitor.energy.savings.InterventionViews.MoneyView;
import org.facilitymonitor.energy.savings.InterventionViews.QualityView;
import org.facilitymonitor.energy.savings.InterventionViews.SavingsView;
import org.facilitymonitor.energy.savings.InterventionViews.SufficiencyView;
import org.facilitymonitor.energy.costs.EnergyPrices;
import org.facilitymonitor.energy.weather.TypicalYear;
import org.facilitymonitor.energy.weather.WeatherService;
import org.facilitymonitor.energy.weather.WeatherService.DayBoundary;
import org.facilitymonitor.maintenance.WorkOrder;
import org.facilitymonitor.maintenance.WorkOrderState;
import org.facilitymonitor.maintenance.plans.MaintenancePlan;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;

/**
 * Energy interventions and their savings against a CalTRACK daily baseline of the 365 days before
 * each (see {@link SavingsAnalysis}).
 */
@ApplicationScoped
public class InterventionService {

    /** Longest reporting period one savings request computes. */
    static final int MAX_REPORTING_DAYS = 3 * 366;

    @Inject
    EnergyAccess access;
    @Inject
    ScopeUse use;
    @Inject
    WeatherService weather;
    @Inject
    EnergyPrices prices;
    @Inject
    TypicalYear typicalYear;
    @Inject
    Clock clock;

    @Transactional
    public InterventionView create(InterventionRequest r, String actor) {
        return create(r, actor, access::maySee);
    }

    /** Creates one for a caller who sees the sites {@code granted} accepts (every site for a background job). */
    @Transactional
    InterventionView create(InterventionRequest r, String actor, java.util.function.Predicate<String> granted) {
        if (r == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        List<FieldError> errors = new ArrayList<>();
        Site site = r.siteId() == null ? null : Site.findById(r.siteId());
        if (site == null || !granted.test(r.siteId())) {
            errors.add(new FieldError("siteId", r.siteId() == null ? "is required" : "site '" + r.siteId() + "' does not exist"));
        }
        WorkOrder wo = null;
        if (r.workOrderId() != null) {
            wo = WorkOrder.findById(r.workOrderId());
            if (wo == null || site == null || !site.id.equals(wo.siteId)) {
                errors.add(new FieldError("workOrderId", "work order " + r.workOrderId() + " does not exist on this site"));
                wo = null;
            } else if (wo.completedAt == null || wo.state == WorkOrderState.CANCELLED || wo.state == WorkOrderState.REOPENED) {
                errors.add(new FieldError("workOrderId", "work order " + wo.id + " is " + wo.state
                        + ": an energy measure counts from its completion"));
                wo = null;
            }
        }
        if (r.planId() != null) {
            MaintenancePlan plan = MaintenancePlan.findById(r.planId());
            if (plan == null || site == null || !site.id.equals(plan.siteId)) {
                errors.add(new FieldError("planId", "maintenance plan " + r.planId() + " does not exist on this site"));
            }
        }
        Intervention.Scope scope = parse(Intervention.Scope.class, r.scope());
        Carrier carrier = r.carrier() == null ? null : parse(Carrier.class, r.carrier());
        if (scope == null) {
            errors.add(new FieldError("scope", "METER, BUILDING or DEPARTMENT, was '" + r.scope() + "'"));
        } else if (site != null) {
            carrier = scopeCarrier(scope, r.scopeId(), site.id, carrier, r.carrier(), errors);
        }
        String name = r.name() != null ? r.name().strip() : wo != null ? wo.title : null;
        if (name == null || name.isEmpty() || name.length() > 200) {
            errors.add(new FieldError("name", "required, at most 200 characters"));
        }
        LocalDate effective = r.effectiveOn();
        if (effective == null && wo != null && site != null) {
            effective = wo.completedAt.atZone(ZoneId.of(site.timezone)).toLocalDate().plusDays(1);
        }
        if (effective == null) {
            errors.add(new FieldError("effectiveOn", "required: the first local day after the measure (the reporting period's start)"));
        }
        checkMoney(r.cost(), r.currency(), r.expectedSavingsKwh(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the intervention is invalid", errors);
        }
        Intervention i = new Intervention();
        i.siteId = site.id;
        i.scope = scope;
        i.scopeId = r.scopeId();
        i.carrier = carrier;
        i.name = name;
        i.description = r.description() != null ? r.description() : wo != null ? wo.description : null;
        i.effectiveOn = effective;
        i.cost = r.cost();
        i.currency = r.cost() == null ? null : r.currency();
        i.expectedSavingsKwh = r.expectedSavingsKwh();
        i.workOrderId = wo == null ? null : wo.id;
        i.planId = r.planId();
        i.createdBy = actor;
        i.createdAt = clock.instant();
        i.updatedAt = i.createdAt;
        try {
            i.persistAndFlush();
        } catch (PersistenceException e) {
            throw ProblemException.conflict("work order " + r.workOrderId() + " already has an intervention");
        }
        return view(i);
    }

    /** What an intervention and an energy measure say of money and expected savings. */
    static void checkMoney(BigDecimal cost, String currency, Double expectedSavingsKwh, List<FieldError> errors) {
        if (cost != null && cost.signum() < 0) {
            errors.add(new FieldError("cost", "must not be negative"));
        }
        if (cost != null && (currency == null || !currency.matches("[A-Z]{3}"))) {
            errors.add(new FieldError("currency", "an ISO 4217 code like EUR is required with a cost"));
        }
        if (expectedSavingsKwh != null && !(expectedSavingsKwh >= 0)) {
            errors.add(new FieldError("expectedSavingsKwh", "must be zero or more (kWh per year)"));
        }
    }

    static Carrier scopeCarrier(Intervention.Scope scope, String scopeId, String siteId, Carrier carrier,
                                        String carrierText, List<FieldError> errors) {
        if (scopeId == null) {
            errors.add(new FieldError("scopeId", "required: the meter point, building or department id"));
            return carrier;
        }
        switch (scope) {
            case METER -> {
                Point p = Point.findById(scopeId);
                if (p == null || !siteId.equals(p.siteId) || p.carrier == null) {
                    errors.add(new FieldError("scopeId", "'" + scopeId + "' is not a meter point of this site"));
                    return carrier;
                }
                if (carrier != null && carrier != p.carrier) {
                    errors.add(new FieldError("carrier", "meter '" + scopeId + "' meters " + p.carrier + ", not " + carrier));
                }
                carrier = p.carrier;
            }
            case BUILDING -> {
                Building b = Building.findById(scopeId);
                if (b == null || !siteId.equals(b.siteId)) {
                    errors.add(new FieldError("scopeId", "building '" + scopeId + "' does not exist on this site"));
                }
            }
            case DEPARTMENT -> {
                Department d = Department.findById(scopeId);
                if (d == null || !siteId.equals(d.siteId)) {
                    errors.add(new FieldError("scopeId", "department '" + scopeId + "' does not exist on this site"));
                }
            }
        }
        if (carrier == null) {
            errors.add(new FieldError("carrier", carrierText == null ? "required: ELECTRICITY, GAS or HEAT"
                    : "ELECTRICITY, GAS or HEAT, was '" + carrierText + "'"));
        } else if (carrier == Carrier.WATER) {
            errors.add(new FieldError("carrier", "water has no energy figure: ELECTRICITY, GAS or HEAT"));
        }
        return carrier;
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Transactional
    public List<InterventionView> list(String siteId) {
        access.site(siteId);
        return Intervention.<Intervention>list("siteId = ?1 order by effectiveOn, id", siteId).stream().map(this::view).toList();
    }

    @Transactional
    public InterventionView get(long id) {
        return view(find(id));
    }

    @Transactional
    public void delete(long id) {
        find(id).delete();
    }

    @Transactional
    public AdjustmentView addAdjustment(long id, AdjustmentRequest r, String actor) {
        Intervention i = find(id);
        List<FieldError> errors = new ArrayList<>();
        if (r == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        if (r.from() == null) {
            errors.add(new FieldError("from", "required: the first local day"));
        } else if (r.from().isBefore(i.effectiveOn)) {
            errors.add(new FieldError("from", "must not be before the reporting period (" + i.effectiveOn + ")"));
        }
        if (r.to() == null || (r.from() != null && !r.to().isAfter(r.from()))) {
            errors.add(new FieldError("to", "required: a local day after 'from' (exclusive)"));
        }
        if (r.kwhPerDay() == null || !Double.isFinite(r.kwhPerDay()) || r.kwhPerDay() == 0) {
            errors.add(new FieldError("kwhPerDay", "required: kWh per day added to the modelled use (negative to remove)"));
        }
        if (r.reason() == null || r.reason().isBlank() || r.reason().length() > 500) {
            errors.add(new FieldError("reason", "required: why (a new floor opened, a lab added), at most 500 characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the adjustment is invalid", errors);
        }
        Adjustment a = new Adjustment();
        a.interventionId = i.id;
        a.fromDay = r.from();
        a.toDay = r.to();
        a.kwhPerDay = r.kwhPerDay();
        a.reason = r.reason().strip();
        a.createdBy = actor;
        a.createdAt = clock.instant();
        a.persist();
        return AdjustmentView.of(a);
    }

    @Transactional
    public void deleteAdjustment(long id, long adjustmentId) {
        find(id);
        if (Adjustment.delete("id = ?1 and interventionId = ?2", adjustmentId, id) == 0) {
            throw ProblemException.notFound("adjustment", Long.toString(adjustmentId));
        }
    }

    private Intervention find(long id) {
        Intervention i = Intervention.findById(id);
        if (i == null || !access.maySee(i.siteId)) {
            throw ProblemException.notFound("intervention", Long.toString(id));
        }
        return i;
    }

    private InterventionView view(Intervention i) {
        List<AdjustmentView> adjustments = Adjustment.<Adjustment>list("interventionId = ?1 order by fromDay, id", i.id)
                .stream().map(AdjustmentView::of).toList();
        return new InterventionView(i.id, i.siteId, i.scope.name(), i.scopeId, i.carrier.name(), i.name, i.description,
                i.effectiveOn, i.effectiveOn.minusDays(SavingsAnalysis.BASELINE_DAYS), i.cost, i.currency,
                i.expectedSavingsKwh, i.workOrderId, i.planId, i.createdBy, i.createdAt, adjustments);
    }

    /**
     * The savings of an intervention over its reporting period up to {@code to} (exclusive; default:
     * today, i.e. up to yesterday), by local days (default) or UTC days.
     */
    @Transactional
    public SavingsView savings(long id, LocalDate toParam, DayBoundary days, boolean withCandidates) {
        return savings(find(id), toParam, days, withCandidates, Method.DAILY);
    }

    /** How the baseline is fitted and avoided energy counted: on days, or on monthly bills (CalTRACK's billing method). */
    public enum Method {
        DAILY, BILLING;

        public static Method parse(String text) {
            if (text == null || text.equalsIgnoreCase("daily")) {
                return DAILY;
            }
            if (text.equalsIgnoreCase("billing")) {
                return BILLING;
            }
            throw ProblemException.invalid("bad method", List.of(new FieldError("method", "daily or billing, was '" + text + "'")));
        }
    }

    /** {@link #savings(long, LocalDate, DayBoundary, boolean)} by a method. */
    @Transactional
    public SavingsView savings(long id, LocalDate toParam, DayBoundary days, boolean withCandidates, Method method) {
        return savings(find(id), toParam, days, withCandidates, method);
    }

    /** Every intervention of every site, by id: for background jobs, which see every site ({@link SavingsSeries}). */
    @Transactional
    List<Intervention> all() {
        return Intervention.<Intervention>list("order by id");
    }

    /**
     * The savings of an intervention already found, without the caller's site check: for the public
     * method above (which checks it), background jobs (no user) and the energy report (whose caller
     * checked the site).
     */
    @Transactional
    public SavingsView savings(Intervention i, LocalDate toParam, DayBoundary days, boolean withCandidates) {
        return savings(i, toParam, days, withCandidates, Method.DAILY);
    }

    /**
     * By {@code method}: with {@link Method#BILLING}, the use of calendar-month bills aligned on the
     * effective day (the 12 bills before it; the complete bills after it), fitted with days per bill
     * as weights.
     */
    @Transactional
    public SavingsView savings(Intervention i, LocalDate toParam, DayBoundary days, boolean withCandidates, Method method) {
        Site site = Site.findById(i.siteId);
        ZoneId zone = ZoneId.of(site.timezone);
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        LocalDate to = toParam == null ? today : toParam;
        LocalDate reportingTo = to.isBefore(i.effectiveOn) ? i.effectiveOn : to;
        if (ChronoUnit.DAYS.between(i.effectiveOn, reportingTo) > MAX_REPORTING_DAYS) {
            throw ProblemException.invalid("reporting period too long", List.of(new FieldError("to",
                    "at most " + MAX_REPORTING_DAYS + " days after the intervention (" + i.effectiveOn + ")")));
        }
        boolean billing = method == Method.BILLING;
        LocalDate baselineFrom = billing ? i.effectiveOn.minusMonths(12) : i.effectiveOn.minusDays(SavingsAnalysis.BASELINE_DAYS);
        DailyTemperatures t = weather.dailyF(i.siteId, baselineFrom, reportingTo, days);
        double[] kwh = use.dailyKwh(i, baselineFrom, reportingTo);
        List<UsagePeriod> baseline;
        List<UsagePeriod> reporting;
        if (billing) {
            baseline = UsagePeriods.billing(monthlyBills(baselineFrom, i.effectiveOn, baselineFrom, kwh), t);
            reporting = UsagePeriods.billing(monthlyBills(i.effectiveOn, reportingTo, baselineFrom, kwh), t);
        } else {
            List<UsagePeriod> all = UsagePeriods.daily(baselineFrom, kwh, t);
            baseline = all.subList(0, SavingsAnalysis.BASELINE_DAYS);
            reporting = all.subList(SavingsAnalysis.BASELINE_DAYS, all.size());
        }
        List<SavingsAnalysis.Adjustment> adjustments = Adjustment.<Adjustment>list("interventionId = ?1", i.id).stream()
                .map(a -> new SavingsAnalysis.Adjustment(a.fromDay, a.toDay, a.kwhPerDay, a.reason)).toList();
        CaltrackFitter.Settings base = billing ? CaltrackFitter.Settings.billing() : CaltrackFitter.Settings.daily();
        CaltrackFitter.Settings settings = i.carrier == Carrier.GAS || i.carrier == Carrier.HEAT ? base.withoutCooling() : base;
        TypicalYear.Year normal = typicalYear.forSite(i.siteId);
        SavingsAnalysis a = SavingsAnalysis.of(baseline, reporting, adjustments, normal.dailyF(), settings);
        return view(i, a, baselineFrom, reportingTo, days, withCandidates, normal.source(), method);
    }

    /**
     * Complete calendar-month bills from {@code from} while they end by {@code to}; a bill's use is
     * the sum of its days, unknown (NaN) when a day is.
     */
    static List<UsagePeriods.Bill> monthlyBills(LocalDate from, LocalDate to, LocalDate kwhFrom, double[] kwh) {
        List<UsagePeriods.Bill> bills = new ArrayList<>();
        for (LocalDate start = from; !start.plusMonths(1).isAfter(to); start = start.plusMonths(1)) {
            LocalDate end = start.plusMonths(1);
            double use = 0;
            for (LocalDate d = start; d.isBefore(end); d = d.plusDays(1)) {
                use += kwh[(int) ChronoUnit.DAYS.between(kwhFrom, d)];
            }
            bills.add(new UsagePeriods.Bill(start, end, use));
        }
        return bills;
    }

    private SavingsView view(Intervention i, SavingsAnalysis a, LocalDate baselineFrom, LocalDate reportingTo,
                             DayBoundary days, boolean withCandidates, String typicalYearSource, Method method) {
        var s = a.sufficiency();
        SufficiencyView sufficiency = new SufficiencyView(s.status().name(), s.days(), s.daysWithUse(), s.daysWithTemperature(),
                s.validDays(), s.findings().stream().map(f -> new FindingView(f.code(), f.critical(), f.detail())).toList());
        ModelView model = null;
        QualityView quality = null;
        if (a.hasModel()) {
            CandidateModel m = a.model();
            model = new ModelView(m.name(), m.type().label(), m.heatingBalancePointF(), m.coolingBalancePointF(),
                    m.heatingBalancePointF() == null ? null : round(TemperatureUnit.C.fromFahrenheit(m.heatingBalancePointF()), 2),
                    m.coolingBalancePointF() == null ? null : round(TemperatureUnit.C.fromFahrenheit(m.coolingBalancePointF()), 2),
                    m.intercept(), m.heatingSlope(), m.coolingSlope(), m.rSquared(), m.adjustedRSquared(),
                    m.heatingSlopePValue(), m.coolingSlopePValue());
            BaselineStatistics st = a.statistics();
            quality = new QualityView(s.validDays(), st.n(), st.observedMean(), st.cvRmse(), st.nmbe(), st.meetsGuideline14(method == Method.BILLING),
                    st.cvRmseOverN(), st.cvRmseAdjusted(), st.autocorrelation(),
                    "cvRmse, nmbe: ASHRAE Guideline 14 (n − p, p coefficients incl. intercept; nmbe = Σ(metered − modelled)"
                            + " / ((n − p)·mean)); cvRmseOverN, cvRmseAdjusted: OpenEEmeter's (n; n − slopes)");
        }
        List<DayView> daily = a.days().stream().map(d -> new DayView(d.day(), d.metered(), d.modelled(), d.adjustment(),
                d.avoided(), d.cumulative(), d.cumulativeLow(), d.cumulativeHigh())).toList();
        List<BillView> bills = method == Method.BILLING
                ? a.days().stream().map(d -> new BillView(d.day(), d.day().plusDays(d.days()), d.days())).toList() : null;
        List<CandidateView> candidates = withCandidates && a.fit() != null ? a.fit().candidates().stream()
                .map(c -> new CandidateView(c.name(), c.type().label(), c.heatingBalancePointF(), c.coolingBalancePointF(),
                        finite(c.intercept()), finite(c.heatingSlope()), finite(c.coolingSlope()),
                        finite(c.adjustedRSquared()), c.status().name(), c.reason())).toList() : null;
        Double uncertainty = finite(a.uncertainty());
        Double fraction = a.modelled() + a.adjustments() == 0 ? null : a.avoided() / (a.modelled() + a.adjustments());
        Double fsu = uncertainty == null || a.avoided() == 0 ? null : Math.abs(uncertainty / a.avoided());
        return new SavingsView(i.id, i.scope.name(), i.scopeId, i.carrier.name(), "kWh", days.name().toLowerCase(Locale.ROOT),
                method.name().toLowerCase(Locale.ROOT),
                baselineFrom, i.effectiveOn, i.effectiveOn, reportingTo, sufficiency, model, quality, a.reportingDays(),
                a.metered(), a.modelled(), a.adjustments(), a.avoided(), fraction, uncertainty, fsu, a.normalYearBaseline(),
                a.normalYearSavings(), a.normalYearNote(), typicalYearSource, i.expectedSavingsKwh, money(i, a), daily, bills, candidates);
    }

    /**
     * The avoided energy priced at the site's tariff, day by day with an even profile over each day
     * (gas by the calorific value of the day; a gas day without one is left unpriced and counted).
     */
    private MoneyView money(Intervention i, SavingsAnalysis a) {
        if (!a.hasModel() || a.reportingDays() == 0) {
            return null;
        }
        EnergyPrices.KwhPrice price = prices.forSite(i.siteId, i.carrier).orElse(null);
        if (price == null) {
            return new MoneyView(i.currency, null, null, i.cost, null, null, "no " + i.carrier + " tariff on this site");
        }
        BigDecimal amount = BigDecimal.ZERO;
        int pricedDays = 0;
        int unpricedDays = 0;
        for (SavingsAnalysis.Day d : a.days()) {
            if (d.avoided() == null) {
                continue;
            }
            for (int k = 0; k < d.days(); k++) {
                BigDecimal day = price.ofDay(d.day().plusDays(k), d.avoided() / d.days());
                if (day == null) {
                    unpricedDays++;
                } else {
                    amount = amount.add(day);
                    pricedDays++;
                }
            }
        }
        if (pricedDays == 0) {
            return new MoneyView(price.currency(), null, null, i.cost, null, null,
                    "no calorific value for the reporting days: gas kWh cannot be priced in m³");
        }
        BigDecimal yearly = amount.multiply(BigDecimal.valueOf(365.0 / pricedDays)).setScale(2, RoundingMode.HALF_UP);
        String note = price.note() + " on the avoided kWh, spread evenly over each day"
                + (unpricedDays == 0 ? "" : "; " + unpricedDays + " days without a calorific value are not priced"
                        + " (the yearly figure scales the " + pricedDays + " priced days)");
        if (i.cost == null) {
            return new MoneyView(price.currency(), amount.setScale(2, RoundingMode.HALF_UP), yearly, null, null, null, note);
        }
        if (i.currency != null && !i.currency.equals(price.currency())) {
            return new MoneyView(price.currency(), amount.setScale(2, RoundingMode.HALF_UP), yearly, i.cost, null, null,
                    note + "; the cost is in " + i.currency + ", the tariff in " + price.currency() + ": no payback");
        }
        Double payback = yearly.signum() > 0 ? i.cost.doubleValue() / yearly.doubleValue() : null;
        Double yearlyReturn = i.cost.signum() > 0 ? yearly.doubleValue() / i.cost.doubleValue() : null;
        return new MoneyView(price.currency(), amount.setScale(2, RoundingMode.HALF_UP), yearly, i.cost, payback, yearlyReturn,
                note + (payback == null ? "; no payback: nothing saved so far" : ""));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
