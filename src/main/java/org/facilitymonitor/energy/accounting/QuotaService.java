package org.facilitymonitor.energy.accounting;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.assets.Department;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.notify.Notification;
import org.facilitymonitor.notify.NotificationService;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.rules.Severity;

/**
 * Monthly quotas per department (its figures rolled up the tree) and carrier, effective from a
 * month until the next version; their status with the month-end forecast of {@link QuotaForecast};
 * notifications through the outbox when a department crosses its quota or is forecast to, each once
 * per department, carrier and month (the event key); the monthly scorecard.
 */
@ApplicationScoped
public class QuotaService {

    @Inject
    EntityManager em;
    @Inject
    AccountingRegistry registry;
    @Inject
    DepartmentAccounting accounting;
    @Inject
    NotificationService notifications;
    @Inject
    Clock clock;
    @Inject
    org.facilitymonitor.energy.EnergyAccess access;
    @Inject
    org.facilitymonitor.telemetry.TelemetryWriter writer;

    public record QuotaRequest(String departmentId, String carrier, String validFrom, Double amount, List<String> notifyPersons,
                               List<String> notifyTeams) {
    }

    public record Quota(String departmentId, Carrier carrier, YearMonth validFrom, double amount, List<String> notifyPersons,
                        List<String> notifyTeams) {
    }

    public record QuotaStatusView(String departmentId, Carrier carrier, String unit, String month, double quota, double used,
                                  int completeDays, double forecast, double usedShare, boolean crossed, boolean forecastToCross) {
    }

    @Transactional
    public Quota put(QuotaRequest r) {
        List<FieldError> errors = new ArrayList<>();
        if (r == null) {
            throw ProblemException.badRequest("a quota is required as the JSON body");
        }
        Department department = r.departmentId() == null ? null : Department.findById(r.departmentId());
        if (department == null || !access.maySee(department.siteId)) {
            errors.add(new FieldError("departmentId", "no department '" + r.departmentId() + "'"));
        }
        Carrier carrier = AccountingRegistry.carrier(r.carrier()).orElse(null);
        if (carrier == null) {
            errors.add(new FieldError("carrier", "ELECTRICITY, WATER, GAS or HEAT, was '" + r.carrier() + "'"));
        }
        YearMonth from = null;
        try {
            from = YearMonth.parse(r.validFrom() == null ? "" : r.validFrom().trim());
        } catch (java.time.format.DateTimeParseException e) {
            errors.add(new FieldError("validFrom", "required: the first month, like 2026-03, was '" + r.validFrom() + "'"));
        }
        if (r.amount() == null || !(r.amount() > 0) || !Double.isFinite(r.amount())) {
            errors.add(new FieldError("amount", "required: > 0, in the carrier's unit (kWh, m3)"));
        }
        AttributionData.fail(errors);
        List<String> persons = r.notifyPersons() == null ? List.of() : r.notifyPersons();
        List<String> teams = r.notifyTeams() == null ? List.of() : r.notifyTeams();
        em.createNativeQuery("""
                insert into department_quota (department_id, carrier, valid_from, amount, notify_persons, notify_teams)
                values (?1, ?2, ?3, ?4, cast(?5 as varchar(64)[]), cast(?6 as varchar(64)[]))
                on conflict (department_id, carrier, valid_from) do update set amount = excluded.amount,
                    notify_persons = excluded.notify_persons, notify_teams = excluded.notify_teams
                """).setParameter(1, r.departmentId()).setParameter(2, carrier.name()).setParameter(3, from.atDay(1))
                .setParameter(4, r.amount()).setParameter(5, array(persons)).setParameter(6, array(teams)).executeUpdate();
        return new Quota(r.departmentId(), carrier, from, r.amount(), persons, teams);
    }

    @Transactional
    public void delete(String departmentId, String carrier, String month) {
        Carrier c = AccountingRegistry.carrier(carrier).orElseThrow(() -> ProblemException.notFound("carrier", carrier));
        YearMonth m = DayRange.month("validFrom", month);
        if (em.createNativeQuery("delete from department_quota where department_id = ?1 and carrier = ?2 and valid_from = ?3")
                .setParameter(1, departmentId).setParameter(2, c.name()).setParameter(3, m.atDay(1)).executeUpdate() == 0) {
            throw ProblemException.notFound("quota", departmentId + "/" + c + "/" + m);
        }
    }

    /** Every quota version of a site's departments. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Quota> list(String site) {
        List<Quota> out = new ArrayList<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery("""
                select q.department_id, q.carrier, q.valid_from, q.amount, array_to_string(q.notify_persons, ','),
                       array_to_string(q.notify_teams, ',')
                from department_quota q join department d on d.id = q.department_id
                where d.site_id = ?1 order by q.department_id, q.carrier, q.valid_from
                """).setParameter(1, site).getResultList()) {
            out.add(new Quota((String) r[0], Carrier.valueOf((String) r[1]), YearMonth.from(AccountingRegistry.date(r[2])),
                    ((Number) r[3]).doubleValue(), split((String) r[4]), split((String) r[5])));
        }
        return out;
    }

    /** The quota in effect for a month per (department, carrier): the latest version from that month or before. */
    public Map<String, Quota> effective(String site, YearMonth month) {
        Map<String, Quota> out = new LinkedHashMap<>();
        for (Quota q : list(site)) {
            if (!q.validFrom().isAfter(month)) {
                out.put(q.departmentId() + "/" + q.carrier(), q); // ordered by valid_from: the latest wins
            }
        }
        return out;
    }

    /** Status of every quota of the site in a month, judged on {@code today} (complete days only). */
    public List<QuotaStatusView> status(String site, YearMonth month, LocalDate today) {
        Map<String, Quota> quotas = effective(site, month);
        List<QuotaStatusView> out = new ArrayList<>();
        SiteModel model = registry.site(site);
        DayRange range = new DayRange(month.atDay(1), month.plusMonths(1).atDay(1));
        Map<Carrier, DepartmentAccounting.Figures> figures = new LinkedHashMap<>();
        for (Quota q : quotas.values()) {
            DepartmentAccounting.Figures f = figures.computeIfAbsent(q.carrier(), c -> accounting.figures(model, c, range, false));
            double[] daily = f.rolled().getOrDefault(q.departmentId(), new double[range.days()]);
            QuotaForecast.Status s = QuotaForecast.status(month, q.amount(), daily, today);
            out.add(new QuotaStatusView(q.departmentId(), q.carrier(), q.carrier().canonicalUnit(), month.toString(), q.amount(), s.used(),
                    s.completeDays(), s.forecast(), s.usedShare(), s.crossed(), s.forecastToCross()));
        }
        return out;
    }

    @Scheduled(every = "${fm.energy.accounting.quota-every:1h}", delayed = "50s", concurrentExecution = ConcurrentExecution.SKIP)
    void scheduled() {
        for (String site : registry.siteIds()) {
            try {
                notifyCrossings(site, clock.instant().atZone(registry.site(site).zone()).toLocalDate());
            } catch (RuntimeException e) {
                Log.warnf("energy: quotas of %s not checked: %s", site, e.getMessage());
            }
        }
    }

    /**
     * Enqueues a notification for each quota crossed or forecast to be crossed in the month of
     * {@code today} (and, in a month's first days, the month before, whose last day is complete only
     * now). Event keys {@code quota:{dept}:{carrier}:{yyyy-MM}:crossed|forecast}: each is sent once,
     * however often and on however many instances this runs. Returns the deliveries newly enqueued.
     */
    public int notifyCrossings(String site, LocalDate today) {
        Set<YearMonth> months = new java.util.LinkedHashSet<>(List.of(YearMonth.from(today.minusDays(1)), YearMonth.from(today)));
        Map<String, Quota> byKey = new LinkedHashMap<>();
        List<QuotaStatusView> statuses = new ArrayList<>();
        for (YearMonth m : months) {
            effective(site, m).forEach((k, q) -> byKey.put(m + "/" + k, q));
            statuses.addAll(status(site, m, today));
        }
        SiteModel model = registry.site(site);
        writeStatus(model, statuses.stream().filter(st -> st.month().equals(YearMonth.from(today).toString())).toList());
        return QuarkusTransaction.requiringNew().call(() -> {
            int enqueued = 0;
            for (QuotaStatusView s : statuses) {
                Quota q = byKey.get(s.month() + "/" + s.departmentId() + "/" + s.carrier());
                if (q == null || !(s.crossed() || s.forecastToCross())) {
                    continue;
                }
                enqueued += notifications.enqueue(notification(model, s, q)).enqueued();
            }
            return enqueued;
        });
    }

    /**
     * The current month's statuses as {@code quota_status} points for the dashboard's gauges (tags
     * site, department, carrier; fields quota, used, forecast, share; at the check's hour, so the
     * gauge's range holds the latest). A failed write is logged: the notices do not depend on it.
     */
    private void writeStatus(SiteModel model, List<QuotaStatusView> statuses) {
        List<String> lines = new ArrayList<>();
        for (QuotaStatusView s : statuses) {
            long hour = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.HOURS).toEpochMilli();
            lines.add("quota_status,carrier=" + s.carrier().tag() + ",department=" + s.departmentId() + ",site="
                    + model.siteId() + " quota=" + s.quota() + ",used=" + s.used() + ",forecast=" + s.forecast()
                    + ",share=" + s.usedShare() + " " + hour);
        }
        try {
            if (!lines.isEmpty()) {
                writer.write(lines);
            }
        } catch (org.facilitymonitor.telemetry.WriteFailure e) {
            io.quarkus.logging.Log.warnf("quota status of %s not written to InfluxDB: %s", model.siteId(), e.getMessage());
        }
    }

    private static Notification notification(SiteModel model, QuotaStatusView s, Quota q) {
        String dept = model.departmentNames().getOrDefault(s.departmentId(), s.departmentId());
        String what = s.crossed() ? "crossed" : "forecast";
        String key = "quota:" + s.departmentId() + ":" + s.carrier().tag() + ":" + s.month() + ":" + what;
        String subject = s.crossed()
                ? String.format(Locale.ROOT, "%s has used its %s quota for %s", dept, s.carrier().tag(), s.month())
                : String.format(Locale.ROOT, "%s is forecast to exceed its %s quota for %s", dept, s.carrier().tag(), s.month());
        String body = String.format(Locale.ROOT, """
                Department: %s (%s)
                Carrier: %s
                Month: %s
                Quota: %s %s
                Used to date: %s %s (%s%% of the quota, %d complete day(s))
                Month-end forecast: %s %s (usage to date + mean of the last %d complete days x days left)
                """, dept, s.departmentId(), s.carrier().tag(), s.month(), BalanceCheck.num(s.quota()), s.unit(),
                BalanceCheck.num(s.used()), s.unit(), BalanceCheck.num(s.usedShare() * 100), s.completeDays(),
                BalanceCheck.num(s.forecast()), s.unit(), QuotaForecast.FORECAST_DAYS);
        return new Notification(key, Notification.Kind.ENERGY, model.siteId(), s.crossed() ? Severity.MAJOR : Severity.WARNING,
                subject, body, new Notification.Targets(Set.copyOf(q.notifyPersons()), Set.copyOf(q.notifyTeams())));
    }

    public record ScorecardView(String siteId, Carrier carrier, String unit, String month, String factsOn, List<Scorecard.Row> rows) {
    }

    /** The month's scorecard: its figures, the month before and the same month a year before, rolled up. */
    public ScorecardView scorecard(String site, Carrier carrier, YearMonth month) {
        SiteModel model = registry.site(site);
        LocalDate from = month.minusMonths(12).atDay(1);
        DayRange range = new DayRange(from, month.plusMonths(1).atDay(1));
        DepartmentAccounting.Figures f = accounting.figures(model, carrier, range, false);
        Map<String, Quota> quotas = effective(site, month);
        LocalDate factsOn = month.atEndOfMonth();
        DepartmentTree tree = model.departments();
        Map<String, Double> area = new LinkedHashMap<>();
        Map<String, Double> heads = new LinkedHashMap<>();
        for (String d : tree.departments()) {
            area.put(d, model.facts().floorArea(d, factsOn));
            heads.put(d, model.facts().headCount(d, factsOn));
        }
        Map<String, Double> rolledArea = tree.rollUp(area);
        Map<String, Double> rolledHeads = tree.rollUp(heads);
        Map<String, Scorecard.Inputs> in = new LinkedHashMap<>();
        for (String d : tree.departments()) {
            double[] v = f.rolled().get(d);
            Quota q = quotas.get(d + "/" + carrier);
            in.put(d, new Scorecard.Inputs(tree.parent(d), monthSum(v, from, month), monthSum(v, from, month.minusMonths(1)),
                    monthSum(v, from, month.minusMonths(12)), q == null ? null : q.amount(), rolledArea.get(d), rolledHeads.get(d)));
        }
        return new ScorecardView(site, carrier, carrier.canonicalUnit(), month.toString(), factsOn.toString(), Scorecard.of(in));
    }

    private static double monthSum(double[] v, LocalDate from, YearMonth month) {
        int start = (int) java.time.temporal.ChronoUnit.DAYS.between(from, month.atDay(1));
        return DepartmentAccounting.sum(Arrays.copyOfRange(v, start, start + month.lengthOfMonth()));
    }

    private static String array(List<String> ids) {
        for (String id : ids) {
            if (!org.facilitymonitor.platform.Ids.isValid(id)) {
                throw ProblemException.invalid("bad target", List.of(new FieldError("notifyPersons/notifyTeams", "not an id: '" + id + "'")));
            }
        }
        return "{" + String.join(",", ids) + "}";
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
