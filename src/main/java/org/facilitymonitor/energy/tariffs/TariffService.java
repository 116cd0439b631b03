package org.facilitymonitor.energy.tariffs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.facilitymonitor.assets.Site;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.energy.tariffs.TariffViews.AuditView;
import org.facilitymonitor.energy.tariffs.TariffViews.HolidayRequest;
import org.facilitymonitor.energy.tariffs.TariffViews.HolidayView;
import org.facilitymonitor.energy.tariffs.TariffViews.QuoteInterval;
import org.facilitymonitor.energy.tariffs.TariffViews.QuoteRequest;
import org.facilitymonitor.energy.tariffs.TariffViews.QuoteView;
import org.facilitymonitor.energy.tariffs.TariffViews.TariffRequest;
import org.facilitymonitor.energy.tariffs.TariffViews.TariffView;
import org.facilitymonitor.energy.tariffs.TariffViews.VersionRequest;
import org.facilitymonitor.energy.tariffs.TariffViews.VersionView;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;

/**
 * Tariffs, their versions, corrections and site holidays, stored in PostgreSQL (V7), and the
 * {@link TariffCalculator} loaded for a site and carrier. A version valid from today or later is an ordinary
 * new version; one valid from a past day, or a change of a past version, is a correction: it needs a reason,
 * is audited, and fires {@link TariffCorrected} after the commit.
 */
@ApplicationScoped
@Transactional
public class TariffService {

    static final int MAX_REASON = 2000;
    static final int MAX_HOLIDAYS = 366;

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;
    @Inject
    Event<TariffCorrected> corrected;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    TariffsConfig config;
    @Inject
    EnergyAccess access;

    // ---- for the accounting code ----

    /** The calculator of the site's tariff for a carrier (all versions, the site's holidays and zone), if any. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TariffCalculator> calculator(String siteId, Carrier carrier) {
        return Tariff.<Tariff>find("siteId = ?1 and carrier = ?2", siteId, carrier).firstResultOptional()
                .map(this::calculator);
    }

    /** A site's tariff of a carrier: its calculator, name and currency, read once. */
    public record SiteTariff(TariffCalculator calculator, String name, String currency) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<SiteTariff> siteTariff(String siteId, Carrier carrier) {
        return Tariff.<Tariff>find("siteId = ?1 and carrier = ?2", siteId, carrier).firstResultOptional()
                .map(t -> new SiteTariff(calculator(t), t.name, t.currency));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public TariffCalculator calculator(long tariffId) {
        return calculator(find(tariffId));
    }

    /** The site's holidays and swapped working days, all years. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public HolidayCalendar holidays(String siteId) {
        Map<LocalDate, HolidayKind> days = new HashMap<>();
        for (Object[] row : rows(em.createNativeQuery("select day, kind from site_holiday where site_id = :site")
                .setParameter("site", siteId).getResultList())) {
            days.put(toDate(row[0]), HolidayKind.valueOf((String) row[1]));
        }
        return new HolidayCalendar(days);
    }

    // ---- tariffs ----

    public TariffView create(TariffRequest r) {
        if (r == null) {
            throw ProblemException.invalid("a tariff is required as the JSON body",
                    List.of(new FieldError("body", "a JSON object is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        if (!Ids.isValid(r.siteId())) {
            errors.add(new FieldError("siteId", r.siteId() == null ? "required" : Ids.ID_MESSAGE));
        } else if (Site.findById(r.siteId()) == null || !access.maySee(r.siteId())) {
            errors.add(new FieldError("siteId", "no site '" + r.siteId() + "' in the registry"));
        }
        Carrier carrier = carrier(errors, r.carrier());
        if (r.name() == null || r.name().isBlank() || r.name().length() > 200) {
            errors.add(new FieldError("name", "required, at most 200 characters"));
        }
        if (r.currency() == null || !r.currency().matches("[A-Z]{3}")) {
            errors.add(new FieldError("currency", "an ISO 4217 code such as CNY or EUR is required"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the tariff has " + errors.size() + " problem(s)", errors);
        }
        Optional<Tariff> existing = Tariff.find("siteId = ?1 and carrier = ?2", r.siteId(), carrier).firstResultOptional();
        if (existing.isPresent()) {
            throw conflict("carrier", "site '" + r.siteId() + "' already has a " + carrier + " tariff (id "
                    + existing.get().id + "); add a version to it");
        }
        Tariff t = new Tariff();
        t.siteId = r.siteId();
        t.carrier = carrier;
        t.name = r.name().trim();
        t.currency = r.currency();
        t.createdAt = clock.instant();
        try {
            t.persist();
            em.flush();
        } catch (PersistenceException e) {
            throw conflict("carrier", "site '" + r.siteId() + "' already has a " + carrier + " tariff");
        }
        return view(t);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TariffView> list(String siteId, String carrierName) {
        List<FieldError> errors = new ArrayList<>();
        Carrier carrier = carrierName == null || carrierName.isBlank() ? null : carrier(errors, carrierName);
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad request", "unknown carrier", errors);
        }
        return Tariff.<Tariff>list("order by id").stream()
                .filter(t -> siteId == null || siteId.isBlank() || t.siteId.equals(siteId))
                .filter(t -> carrier == null || t.carrier == carrier)
                .map(this::view).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public TariffView get(long id) {
        return view(find(id));
    }

    // ---- versions ----

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<VersionView> versions(long id) {
        ZoneId zone = zone(find(id));
        return StoredTariffVersion.<StoredTariffVersion>list("tariffId = ?1 order by validFrom", id).stream()
                .map(v -> view(v, zone)).toList();
    }

    /** Adds a version; one valid from a past day is a correction (reason required, audited with the actor). */
    public VersionView addVersion(long id, VersionRequest r, String actor) {
        Tariff t = lock(id);
        List<FieldError> errors = new ArrayList<>();
        LocalDate validFrom = validFrom(errors, r == null ? null : r.validFrom());
        LocalDate today = today(t);
        boolean past = validFrom != null && validFrom.isBefore(today);
        String definition = definition(errors, t.carrier, r == null ? null : r.definition());
        reason(errors, r, past);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the version has " + errors.size() + " problem(s)", errors);
        }
        if (StoredTariffVersion.count("tariffId = ?1 and validFrom = ?2", id, validFrom) > 0) {
            throw conflict("validFrom", "tariff " + id + " already has a version valid from " + validFrom
                    + "; change it with PUT /api/tariffs/" + id + "/versions/" + validFrom);
        }
        Instant now = clock.instant();
        String before = past ? inForceOn(id, validFrom).map(v -> v.definition).orElse(null) : null;
        StoredTariffVersion v = new StoredTariffVersion();
        v.tariffId = id;
        v.validFrom = validFrom;
        v.definition = definition;
        v.createdAt = now;
        v.createdBy = actor;
        try {
            v.persist();
            em.flush();
        } catch (PersistenceException e) {
            throw conflict("validFrom", "tariff " + id + " already has a version valid from " + validFrom);
        }
        if (past) {
            audit(t, validFrom, TariffAudit.ADDED, actor, now, before, definition, r.reason().trim());
        }
        if (!validFrom.isAfter(today)) {
            afterCommit(new TariffCorrected(t.siteId, t.carrier, validFrom));
        }
        return view(v, zone(t));
    }

    /**
     * Replaces a version's definition. Always audited; a past version (valid from before today) is a correction
     * and needs a reason; a version in force today or earlier fires {@link TariffCorrected}.
     */
    public VersionView changeVersion(long id, String validFromText, VersionRequest r, String actor) {
        Tariff t = lock(id);
        List<FieldError> errors = new ArrayList<>();
        LocalDate validFrom = date(errors, "validFrom", validFromText);
        if (validFrom == null) {
            throw new ProblemException(400, "Bad request", "the version in the path is not a date", errors);
        }
        if (r != null && r.validFrom() != null && !r.validFrom().equals(validFromText)) {
            errors.add(new FieldError("validFrom", "a version's validFrom cannot change (path says " + validFromText
                    + "); add a new version instead"));
        }
        StoredTariffVersion v = StoredTariffVersion.<StoredTariffVersion>find("tariffId = ?1 and validFrom = ?2", id, validFrom)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("version of tariff " + id + " valid from", validFromText));
        LocalDate today = today(t);
        boolean past = validFrom.isBefore(today);
        String definition = definition(errors, t.carrier, r == null ? null : r.definition());
        reason(errors, r, past);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the version has " + errors.size() + " problem(s)", errors);
        }
        Instant now = clock.instant();
        audit(t, validFrom, TariffAudit.CHANGED, actor, now, v.definition, definition,
                r.reason() == null || r.reason().isBlank() ? null : r.reason().trim());
        v.definition = definition;
        v.updatedAt = now;
        v.updatedBy = actor;
        if (!validFrom.isAfter(today)) {
            afterCommit(new TariffCorrected(t.siteId, t.carrier, validFrom));
        }
        return view(v, zone(t));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditView> audit(long id) {
        find(id);
        return TariffAudit.<TariffAudit>list("tariffId = ?1 order by at, id", id).stream()
                .map(a -> new AuditView(a.id, a.tariffId, a.validFrom.toString(), a.action, a.actor, a.at.toString(),
                        a.reason, tree(a.oldDefinition), tree(a.newDefinition)))
                .toList();
    }

    // ---- holidays ----

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<HolidayView> holidays(String siteId, int year) {
        site(siteId);
        year(year);
        return rows(em.createNativeQuery("select day, kind, name from site_holiday where site_id = :site"
                        + " and day between :first and :last order by day")
                .setParameter("site", siteId).setParameter("first", LocalDate.of(year, 1, 1))
                .setParameter("last", LocalDate.of(year, 12, 31)).getResultList()).stream()
                .map(row -> new HolidayView(toDate(row[0]).toString(), (String) row[1], (String) row[2])).toList();
    }

    /**
     * Replaces a site's holidays and swapped working days of one year. A change on a day up to today fires
     * {@link TariffCorrected} for each of the site's tariffs, from the earliest changed day.
     */
    public List<HolidayView> replaceHolidays(String siteId, int year, List<HolidayRequest> days) {
        Site site = site(siteId);
        year(year);
        if (days == null) {
            throw ProblemException.invalid("the year's holidays are required as a JSON array",
                    List.of(new FieldError("body", "a JSON array of {day, kind, name} is required ([] clears the year)")));
        }
        if (days.size() > MAX_HOLIDAYS) {
            throw ProblemException.invalid("too many days", List.of(new FieldError("body",
                    "at most " + MAX_HOLIDAYS + " days a year, were " + days.size())));
        }
        List<FieldError> errors = new ArrayList<>();
        Map<LocalDate, HolidayRequest> wanted = new LinkedHashMap<>();
        List<HolidayRequest> list = days;
        for (int i = 0; i < list.size(); i++) {
            HolidayRequest h = list.get(i);
            String at = "[" + i + "]";
            if (h == null) {
                errors.add(new FieldError(at, "a holiday {day, kind, name} is required"));
                continue;
            }
            LocalDate day = date(errors, at + ".day", h.day());
            if (day != null && day.getYear() != year) {
                errors.add(new FieldError(at + ".day", "must be in " + year + ", was " + day));
            } else if (day != null && wanted.put(day, h) != null) {
                errors.add(new FieldError(at + ".day", day + " is listed twice"));
            }
            if (h.kind() != null && !Set.of("HOLIDAY", "WORKDAY").contains(h.kind())) {
                errors.add(new FieldError(at + ".kind", "HOLIDAY or WORKDAY (a swapped working day), was '" + h.kind() + "'"));
            }
            if (h.name() != null && h.name().length() > 200) {
                errors.add(new FieldError(at + ".name", "at most 200 characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the holidays have " + errors.size() + " problem(s)", errors);
        }
        Map<LocalDate, String> before = new HashMap<>();
        for (HolidayView h : holidays(siteId, year)) {
            before.put(LocalDate.parse(h.day()), h.kind());
        }
        em.createNativeQuery("delete from site_holiday where site_id = :site and day between :first and :last")
                .setParameter("site", siteId).setParameter("first", LocalDate.of(year, 1, 1))
                .setParameter("last", LocalDate.of(year, 12, 31)).executeUpdate();
        TreeSet<LocalDate> changed = new TreeSet<>(before.keySet());
        for (Map.Entry<LocalDate, HolidayRequest> e : wanted.entrySet()) {
            String kind = e.getValue().kind() == null ? "HOLIDAY" : e.getValue().kind();
            em.createNativeQuery("insert into site_holiday (site_id, day, kind, name) values (:site, :day, :kind, :name)")
                    .setParameter("site", siteId).setParameter("day", e.getKey()).setParameter("kind", kind)
                    .setParameter("name", e.getValue().name()).executeUpdate();
            if (kind.equals(before.get(e.getKey()))) {
                changed.remove(e.getKey());
            } else {
                changed.add(e.getKey());
            }
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of(site.timezone));
        if (!changed.isEmpty() && !changed.first().isAfter(today)) {
            for (Tariff t : Tariff.<Tariff>list("siteId", siteId)) {
                afterCommit(new TariffCorrected(siteId, t.carrier, changed.first()));
            }
        }
        return holidays(siteId, year);
    }

    // ---- quote ----

    /** Prices given interval quantities with the tariff as stored (for checking a tariff by hand). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public QuoteView quote(long id, QuoteRequest r) {
        Tariff t = find(id);
        List<QuoteInterval> given = r == null || r.intervals() == null ? List.of() : r.intervals();
        List<FieldError> errors = new ArrayList<>();
        if (given.isEmpty()) {
            errors.add(new FieldError("intervals", "a non-empty list of {start, end, quantity} is required"));
        } else if (given.size() > config.maxQuoteIntervals()) {
            errors.add(new FieldError("intervals", "at most " + config.maxQuoteIntervals() + " intervals, were " + given.size()));
        }
        List<IntervalQuantities.Interval> intervals = new ArrayList<>();
        Instant previousEnd = null;
        for (int i = 0; i < given.size() && errors.size() < 50; i++) {
            QuoteInterval q = given.get(i);
            String at = "intervals[" + i + "]";
            if (q == null) {
                errors.add(new FieldError(at, "an interval {start, end, quantity} is required"));
                continue;
            }
            Instant start = instant(errors, at + ".start", q.start());
            Instant end = instant(errors, at + ".end", q.end());
            if (q.quantity() == null || !(q.quantity() >= 0) || Double.isInfinite(q.quantity())) {
                errors.add(new FieldError(at + ".quantity", "a quantity ≥ 0 in " + t.carrier.canonicalUnit() + " is required"));
            }
            if (start != null && end != null && !end.isAfter(start)) {
                errors.add(new FieldError(at + ".end", "must be after start"));
            } else if (start != null && previousEnd != null && start.isBefore(previousEnd)) {
                errors.add(new FieldError(at + ".start", "intervals must be in time order without overlaps; the previous ends at "
                        + previousEnd));
            }
            if (start != null && end != null && end.isAfter(start) && q.quantity() != null) {
                intervals.add(new IntervalQuantities.Interval(start, end, q.quantity()));
                previousEnd = end;
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the quote request has " + errors.size() + " problem(s)", errors);
        }
        TariffCalculator calculator = calculator(t);
        IntervalQuantities f = new IntervalQuantities(intervals);
        List<IntervalCost> costs = new ArrayList<>();
        BigDecimal energy = BigDecimal.ZERO;
        for (IntervalQuantities.Interval i : intervals) {
            IntervalCost c = calculator.cost(f, i.start(), i.end());
            costs.add(c);
            energy = energy.add(c.amount());
        }
        Set<YearMonth> months = new TreeSet<>();
        for (IntervalQuantities.Interval i : intervals) {
            ZoneId zone = calculator.zone();
            for (YearMonth m = YearMonth.from(i.start().atZone(zone)); !calculator.startOf(m).isAfter(i.end().minusNanos(1));
                    m = m.plusMonths(1)) {
                months.add(m);
            }
        }
        List<MonthlyBill> bills = months.stream().map(m -> calculator.bill(f, m)).toList();
        return new QuoteView(id, t.currency, t.carrier.canonicalUnit(), costs, energy, bills);
    }

    // ---- helpers ----

    private TariffCalculator calculator(Tariff t) {
        List<TariffVersion> versions = new ArrayList<>();
        for (StoredTariffVersion v : StoredTariffVersion.<StoredTariffVersion>list("tariffId = ?1 order by validFrom", t.id)) {
            TariffDefinitionParser.Result parsed = TariffDefinitionParser.parse(tree(v.definition), t.carrier);
            if (!parsed.valid()) {
                throw new IllegalStateException("stored version " + v.validFrom + " of tariff " + t.id + " is invalid: "
                        + parsed.errors());
            }
            versions.add(new TariffVersion(v.validFrom, parsed.definition()));
        }
        return new TariffCalculator(zone(t), t.carrier, versions, holidays(t.siteId));
    }

    private void audit(Tariff t, LocalDate validFrom, String action, String actor, Instant at, String oldDefinition,
            String newDefinition, String reason) {
        TariffAudit a = new TariffAudit();
        a.tariffId = t.id;
        a.validFrom = validFrom;
        a.action = action;
        a.actor = actor;
        a.at = at;
        a.oldDefinition = oldDefinition;
        a.newDefinition = newDefinition;
        a.reason = reason;
        a.persist();
    }

    /** Fires the event once the current transaction committed; nothing when it rolls back. */
    private void afterCommit(TariffCorrected event) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    corrected.fire(event);
                }
            }
        });
    }

    private Optional<StoredTariffVersion> inForceOn(long tariffId, LocalDate day) {
        return StoredTariffVersion.<StoredTariffVersion>find("tariffId = ?1 and validFrom <= ?2 order by validFrom desc",
                tariffId, day).firstResultOptional();
    }

    private String definition(List<FieldError> errors, Carrier carrier, JsonNode node) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("definition", "required: seasons (time of use) or tiers (monthly blocks)"));
            return null;
        }
        TariffDefinitionParser.Result parsed = TariffDefinitionParser.parse(node, carrier);
        for (FieldError e : parsed.errors()) {
            errors.add(new FieldError(e.field().isEmpty() ? "definition" : "definition." + e.field(), e.message()));
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reason(List<FieldError> errors, VersionRequest r, boolean correction) {
        if (correction && (r == null || r.reason() == null || r.reason().isBlank())) {
            errors.add(new FieldError("reason", "required for a correction of the past (a version valid before today)"));
        } else if (r != null && r.reason() != null && r.reason().length() > MAX_REASON) {
            errors.add(new FieldError("reason", "at most " + MAX_REASON + " characters"));
        }
    }

    private static LocalDate validFrom(List<FieldError> errors, String text) {
        if (text == null) {
            errors.add(new FieldError("validFrom", "required: the site-local day the version applies from, e.g. 2027-01-01"));
            return null;
        }
        return date(errors, "validFrom", text);
    }

    private static LocalDate date(List<FieldError> errors, String field, String text) {
        try {
            return LocalDate.parse(Objects.requireNonNull(text));
        } catch (DateTimeParseException | NullPointerException e) {
            errors.add(new FieldError(field, "an ISO date such as 2027-01-01 is required, was " + (text == null ? "nothing" : "'" + text + "'")));
            return null;
        }
    }

    private static Instant instant(List<FieldError> errors, String field, String text) {
        try {
            return Instant.parse(Objects.requireNonNull(text));
        } catch (DateTimeParseException | NullPointerException e) {
            errors.add(new FieldError(field, "an ISO instant such as 2027-01-13T06:00:00Z is required, was "
                    + (text == null ? "nothing" : "'" + text + "'")));
            return null;
        }
    }

    private static Carrier carrier(List<FieldError> errors, String text) {
        try {
            return Carrier.valueOf(Objects.requireNonNull(text).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.add(new FieldError("carrier", "one of ELECTRICITY, WATER, GAS, HEAT is required"
                    + (text == null ? "" : ", was '" + text + "'")));
            return null;
        }
    }

    private static ProblemException conflict(String field, String detail) {
        return new ProblemException(409, "Conflict", detail, List.of(new FieldError(field, detail)));
    }

    Tariff find(long id) {
        return Tariff.<Tariff>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("tariff", Long.toString(id)));
    }

    private Tariff lock(long id) {
        return Tariff.<Tariff>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("tariff", Long.toString(id)));
    }

    private static void year(int year) {
        if (year < 1970 || year > 9999) {
            throw new ProblemException(400, "Bad request", "year out of range",
                    List.of(new FieldError("year", "between 1970 and 9999")));
        }
    }

    private static Site site(String siteId) {
        Site site = Site.findById(siteId);
        if (site == null) {
            throw ProblemException.notFound("site", siteId);
        }
        return site;
    }

    private ZoneId zone(Tariff t) {
        Site site = Site.findById(t.siteId);
        if (site == null) {
            throw ProblemException.conflict("site '" + t.siteId + "' of tariff " + t.id + " is not in the registry any more");
        }
        return ZoneId.of(site.timezone);
    }

    private LocalDate today(Tariff t) {
        return LocalDate.ofInstant(clock.instant(), zone(t));
    }

    private JsonNode tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private TariffView view(Tariff t) {
        Site site = Site.findById(t.siteId);
        return new TariffView(t.id, t.siteId, t.carrier.name(), t.carrier.canonicalUnit(), t.name, t.currency,
                site == null ? null : site.timezone, t.createdAt.toString());
    }

    /** {@code correction}: the version was created valid from a day already past then. */
    private VersionView view(StoredTariffVersion v, ZoneId zone) {
        return new VersionView(v.tariffId, v.validFrom.toString(), tree(v.definition), v.createdAt.toString(), v.createdBy,
                v.updatedAt == null ? null : v.updatedAt.toString(), v.updatedBy,
                v.validFrom.isBefore(LocalDate.ofInstant(v.createdAt, zone)));
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(List<?> result) {
        return (List<Object[]>) result;
    }

    private static LocalDate toDate(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }
}
