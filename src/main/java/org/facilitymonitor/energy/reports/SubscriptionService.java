package org.facilitymonitor.energy.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.energy.reports.ReportViews.SubscriptionUpsert;
import org.facilitymonitor.energy.reports.ReportViews.SubscriptionView;
import org.facilitymonitor.notify.Person;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;

/** Report subscriptions: validated create, replace, delete and listings. */
@ApplicationScoped
@Transactional
public class SubscriptionService {

    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_RECIPIENTS = 100;

    @Inject
    ReportRegistry registry;
    @Inject
    Clock clock;
    @Inject
    EnergyAccess access;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<SubscriptionView> list(String site) {
        List<ReportSubscription> rows = site == null || site.isBlank()
                ? ReportSubscription.list("order by id")
                : ReportSubscription.list("siteId = ?1 order by id", site);
        return rows.stream().map(SubscriptionView::of).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<SubscriptionView> get(long id) {
        return ReportSubscription.<ReportSubscription>findByIdOptional(id).map(SubscriptionView::of);
    }

    public SubscriptionView create(SubscriptionUpsert body) {
        ReportSubscription s = new ReportSubscription();
        s.createdAt = clock.instant();
        apply(s, body);
        s.persist();
        return SubscriptionView.of(s);
    }

    public SubscriptionView replace(long id, SubscriptionUpsert body) {
        ReportSubscription s = ReportSubscription.findById(id);
        if (s == null) {
            throw ProblemException.notFound("report subscription", String.valueOf(id));
        }
        apply(s, body);
        return SubscriptionView.of(s);
    }

    public void delete(long id) {
        if (!ReportSubscription.deleteById(id)) {
            throw ProblemException.notFound("report subscription", String.valueOf(id));
        }
    }

    /** Validates every field (all errors at once, 422) and writes the subscription's fields. */
    private void apply(ReportSubscription s, SubscriptionUpsert body) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String site = body.site();
        if (!Ids.isValid(site)) {
            errors.add(new FieldError("site", Ids.ID_MESSAGE));
        } else if (registry.site(site).isEmpty() || !access.maySee(site)) {
            errors.add(new FieldError("site", "no site '" + site + "'"));
        }
        String name = body.name() == null || body.name().isBlank() ? "Energy report" : body.name().strip();
        if (name.length() > 200) {
            errors.add(new FieldError("name", "at most 200 characters"));
        }
        List<String> recipients = recipients(body.recipients(), errors);
        List<String> departments = departments(site, body.departments(), errors);
        List<String> formats = formats(body.formats(), errors);
        if (body.dayOfMonth() == null || body.dayOfMonth() < 1 || body.dayOfMonth() > 28) {
            errors.add(new FieldError("dayOfMonth", "must be a day from 1 to 28 (every month has it)"));
        }
        String language = body.language() == null ? ReportLanguage.EN.tag() : body.language();
        Optional<ReportLanguage> lang = ReportLanguage.ofTag(language);
        if (lang.isEmpty()) {
            errors.add(new FieldError("language", "must be en or zh-CN"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the report subscription is invalid", errors);
        }
        s.siteId = site;
        s.name = name;
        s.recipients = recipients.toArray(String[]::new);
        s.departments = departments.toArray(String[]::new);
        s.formats = formats.toArray(String[]::new);
        s.dayOfMonth = body.dayOfMonth();
        s.language = lang.get().tag();
        s.enabled = body.enabled() == null || body.enabled();
        s.updatedAt = clock.instant();
    }

    private static List<String> recipients(List<String> given, List<FieldError> errors) {
        if (given == null || given.isEmpty()) {
            errors.add(new FieldError("recipients", "at least one e-mail address or person id"));
            return List.of();
        }
        if (given.size() > MAX_RECIPIENTS) {
            errors.add(new FieldError("recipients", "at most " + MAX_RECIPIENTS));
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String r = given.get(i) == null ? "" : given.get(i).strip();
            if (r.contains("@")) {
                if (r.length() > 320 || !EMAIL.matcher(r).matches()) {
                    errors.add(new FieldError("recipients[" + i + "]", "not an e-mail address: '" + r + "'"));
                }
                out.add(r.toLowerCase(Locale.ROOT));
            } else if (!Ids.isValid(r)) {
                errors.add(new FieldError("recipients[" + i + "]", "neither an e-mail address nor a person id: '" + r + "'"));
            } else if (Person.findById(r) == null) {
                errors.add(new FieldError("recipients[" + i + "]", "no person '" + r + "'"));
            } else {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    private List<String> departments(String site, List<String> given, List<FieldError> errors) {
        if (given == null || given.isEmpty()) {
            return List.of();
        }
        if (given.size() > ReportResource.MAX_DEPARTMENTS) {
            errors.add(new FieldError("departments", "at most " + ReportResource.MAX_DEPARTMENTS));
            return List.of();
        }
        Map<String, String> known = Ids.isValid(site) && access.maySee(site) ? registry.departmentNames(site) : Map.of();
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String d = given.get(i);
            if (!known.containsKey(d)) {
                errors.add(new FieldError("departments[" + i + "]", "no department '" + d + "' in site '" + site + "'"));
            }
            out.add(d);
        }
        return List.copyOf(out);
    }

    private static List<String> formats(List<String> given, List<FieldError> errors) {
        if (given == null || given.isEmpty()) {
            return List.of("csv", "xlsx", "pdf");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            Optional<ReportFormat> f = given.get(i) == null ? Optional.empty() : ReportFormat.of(given.get(i));
            if (f.isEmpty()) {
                errors.add(new FieldError("formats[" + i + "]", "must be csv, xlsx or pdf"));
            } else {
                out.add(f.get().extension());
            }
        }
        return List.copyOf(out);
    }

    /** Enabled subscriptions, for the job (detached; the job runs outside a request). */
    List<ReportSubscription> enabled() {
        return ReportSubscription.list("enabled = true order by id");
    }
}
