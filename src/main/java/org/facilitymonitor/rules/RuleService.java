package org.facilitymonitor.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.facilitymonitor.assets.Point;
import org.facilitymonitor.assets.Site;
import org.facilitymonitor.assets.SiteScope;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.platform.QueryFilter;

/** Rules over REST: checked, stored, and announced to every instance through {@code rule_set_version}. */
@ApplicationScoped
public class RuleService {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A rule's parameters are a handful of numbers and durations; this only bounds what is stored. */
    static final int MAX_PARAMS = 4000;

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    RuleEventSink conclusions;

    /** What a client sends to create or replace a rule. */
    public record RuleRequest(String name, String pointId, String kind, String severity, Boolean enabled,
                              Boolean createsWorkOrder, String workOrderPriority, JsonNode params) {
    }

    public record RuleView(long id, String name, String siteId, String assetId, String pointId, RuleKind kind,
                           Severity severity, boolean enabled, boolean createsWorkOrder, String workOrderPriority,
                           JsonNode params, Instant createdAt, Instant updatedAt, Instant startedAt) {
    }

    /** @param granted the sites the caller may touch: a point of another site is as unknown as a missing one */
    @Transactional
    public RuleView create(RuleRequest request, Predicate<String> granted) {
        Rule rule = new Rule();
        rule.createdAt = clock.instant();
        apply(rule, request, granted);
        rule.persist();
        bumpVersion();
        return view(rule);
    }

    @Transactional
    public RuleView replace(long id, RuleRequest request, Predicate<String> granted) {
        Rule rule = find(id, granted);
        apply(rule, request, granted);
        bumpVersion();
        return view(rule);
    }

    /** Deletes a rule that never raised an alarm; one with alarms keeps their history and can only be disabled. */
    @Transactional
    public void delete(long id, Predicate<String> granted) {
        Rule rule = find(id, granted);
        long alarms = conclusions.alarmsRaised(id);
        if (alarms > 0) {
            throw ProblemException.conflict("rule " + id + " has " + alarms + " alarm(s) in its history; disable it"
                    + " (PUT with \"enabled\": false) instead of deleting it");
        }
        rule.delete();
        bumpVersion();
    }

    @Transactional
    public RuleView get(long id, Predicate<String> granted) {
        return view(find(id, granted));
    }

    /** @param sites the granted sites; empty: all */
    @Transactional
    public List<RuleView> list(String site, String point, Optional<Set<String>> sites) {
        QueryFilter filter = new QueryFilter().eq("siteId", site).eq("pointId", point);
        List<Rule> rules = Rule.list(SiteScope.jpql(filter, sites) + " order by id", filter.parameters());
        return rules.stream().map(RuleService::view).toList();
    }

    /** The enabled rules as the engine takes them, and the version they belong to. */
    @Transactional
    public Loaded enabledRules() {
        long version = version();
        List<RuleSpec> specs = new ArrayList<>();
        for (Rule r : Rule.<Rule>list("enabled = true order by id")) {
            Site site = Site.findById(r.siteId);
            List<FieldError> errors = new ArrayList<>();
            RuleSpec.Condition c = RuleParams.parse(r.kind, parse(r.params), ZoneId.of(site.timezone), errors);
            if (c != null) {
                specs.add(new RuleSpec(r.id, r.name, r.siteId, r.assetId, r.pointId, r.severity, r.createsWorkOrder, c,
                        r.startedAt));
            }
        }
        return new Loaded(version, specs);
    }

    public record Loaded(long version, List<RuleSpec> rules) {
    }

    @Transactional
    public long version() {
        return ((Number) em.createNativeQuery("select version from rule_set_version where id = 1").getSingleResult())
                .longValue();
    }

    private void apply(Rule rule, RuleRequest r, Predicate<String> granted) {
        List<FieldError> errors = new ArrayList<>();
        if (r == null) {
            throw ProblemException.badRequest("a rule is required as the JSON body");
        }
        if (r.name() == null || r.name().isBlank() || r.name().length() > 200) {
            errors.add(new FieldError("name", "required, at most 200 characters"));
        }
        Point point = null;
        if (r.pointId() == null) {
            errors.add(new FieldError("pointId", "required"));
        } else {
            point = Point.findById(r.pointId());
            if (point != null && !granted.test(point.siteId)) {
                point = null;
            }
            if (point == null) {
                errors.add(new FieldError("pointId", "no point '" + r.pointId() + "' in the registry"));
            }
        }
        RuleKind kind = enumValue(RuleKind.class, "kind", r.kind(), errors);
        Severity severity = enumValue(Severity.class, "severity", r.severity(), errors);
        String priority = r.workOrderPriority();
        boolean createsWorkOrder = Boolean.TRUE.equals(r.createsWorkOrder());
        if (priority != null && !priority.matches("P[1-4]")) {
            errors.add(new FieldError("workOrderPriority", "P1, P2, P3 or P4, was '" + priority + "'"));
        }
        if (createsWorkOrder && priority == null) {
            priority = "P3";
        }
        ZoneId zone = ZoneId.of("UTC");
        if (point != null) {
            Site site = Site.findById(point.siteId);
            zone = ZoneId.of(site.timezone);
            if (kind == RuleKind.STARTS_PER_WINDOW && point.kind != org.facilitymonitor.assets.PointKind.STATE) {
                errors.add(new FieldError("kind", "STARTS_PER_WINDOW watches a state point; '" + point.id + "' is "
                        + point.kind));
            }
            if ((kind == RuleKind.ENERGY_ANOMALY || kind == RuleKind.AFTER_HOURS_USE || kind == RuleKind.BASE_LOAD_CREEP)
                    && (point.kind != org.facilitymonitor.assets.PointKind.CUMULATIVE
                    || point.carrier == null || point.carrier == org.facilitymonitor.assets.Carrier.WATER)) {
                errors.add(new FieldError("kind", kind + " watches an energy meter's cumulative point (electricity, gas"
                        + " or heat); '" + point.id + "' is " + point.kind + (point.carrier == null ? "" : " " + point.carrier)));
            }
            if (kind == RuleKind.METER_BALANCE && point.kind != org.facilitymonitor.assets.PointKind.CUMULATIVE) {
                errors.add(new FieldError("kind", "METER_BALANCE watches a main meter's cumulative point; '" + point.id
                        + "' is " + point.kind));
            }
            if (kind == RuleKind.COUNTER_ANOMALY && point.kind != org.facilitymonitor.assets.PointKind.CUMULATIVE) {
                errors.add(new FieldError("kind", "COUNTER_ANOMALY watches a cumulative point; '" + point.id + "' is "
                        + point.kind));
            }
        }
        RuleParams.parse(kind, r.params(), zone, errors);
        if (r.params() != null && r.params().toString().length() > MAX_PARAMS) {
            errors.add(new FieldError("params", "at most " + MAX_PARAMS + " characters of JSON"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the rule has " + errors.size() + " problem(s)", errors);
        }
        boolean enabled = r.enabled() == null || r.enabled();
        String params = r.params().toString();
        // A rename or a new severity keeps the rule's start; what it watches or how restarts it.
        if (rule.startedAt == null || (enabled && !rule.enabled) || !point.id.equals(rule.pointId) || kind != rule.kind
                || !params.equals(rule.params)) {
            rule.startedAt = clock.instant();
        }
        rule.name = r.name();
        rule.pointId = point.id;
        rule.siteId = point.siteId;
        rule.assetId = point.assetId;
        rule.kind = kind;
        rule.severity = severity;
        rule.enabled = enabled;
        rule.createsWorkOrder = createsWorkOrder;
        rule.workOrderPriority = priority;
        rule.params = params;
        rule.updatedAt = clock.instant();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value, List<FieldError> errors) {
        E[] all = type.getEnumConstants();
        if (value != null) {
            for (E e : all) {
                if (e.name().equals(value.toUpperCase(Locale.ROOT))) {
                    return e;
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : all) {
            names.add(e.name());
        }
        errors.add(new FieldError(field, (value == null ? "required" : "unknown value '" + value + "'") + "; one of "
                + String.join(", ", names)));
        return null;
    }

    /** A rule of a site not granted is as missing as one that does not exist. */
    private Rule find(long id, Predicate<String> granted) {
        Rule rule = Rule.findById(id);
        if (rule == null || !granted.test(rule.siteId)) {
            throw ProblemException.notFound("rule", Long.toString(id));
        }
        return rule;
    }

    private void bumpVersion() {
        em.createNativeQuery("update rule_set_version set version = version + 1 where id = 1").executeUpdate();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored rule params are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static RuleView view(Rule r) {
        return new RuleView(r.id, r.name, r.siteId, r.assetId, r.pointId, r.kind, r.severity, r.enabled,
                r.createsWorkOrder, r.workOrderPriority, parse(r.params), r.createdAt, r.updatedAt, r.startedAt);
    }
}
