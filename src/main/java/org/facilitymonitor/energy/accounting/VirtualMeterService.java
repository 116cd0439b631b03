package org.facilitymonitor.energy.accounting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;

/** Virtual meters: checked (known meters of the same site and carrier, no cycles), stored, evaluated. */
@ApplicationScoped
public class VirtualMeterService {

    @Inject
    AccountingRegistry registry;
    @Inject
    DailyConsumption consumption;
    @Inject
    Clock clock;
    @Inject
    EnergyAccess access;

    public record VirtualMeterRequest(String siteId, String name, String carrier, String formula) {
    }

    public record VirtualMeterView(String id, String siteId, String name, Carrier carrier, String formula,
                                   Map<String, Double> meters) {
    }

    public record ConsumptionView(String id, Carrier carrier, String unit, String from, String to, String interval,
                                  double total, List<DayRange.Sample> samples) {
    }

    @Transactional
    public List<VirtualMeterView> list(String site) {
        List<VirtualMeter> all = site == null || site.isBlank() ? VirtualMeter.list("order by id")
                : VirtualMeter.list("siteId = ?1 order by id", site);
        return all.stream().map(v -> view(v, expand(v))).toList();
    }

    @Transactional
    public VirtualMeterView get(String id) {
        VirtualMeter v = find(id);
        return view(v, expand(v));
    }

    /** The site of an existing virtual meter. */
    @Transactional
    public java.util.Optional<String> siteOf(String id) {
        return VirtualMeter.<VirtualMeter>findByIdOptional(id).map(v -> v.siteId);
    }

    /** Creates or replaces; true when created. */
    @Transactional
    public boolean put(String id, VirtualMeterRequest r) {
        List<FieldError> errors = new ArrayList<>();
        if (!Ids.isValid(id)) {
            errors.add(new FieldError("id", "must be 1-64 characters [a-z0-9-]"));
        }
        if (r == null) {
            throw ProblemException.badRequest("a virtual meter is required as the JSON body");
        }
        VirtualMeter existing = VirtualMeter.findById(id);
        if (r.siteId() == null || registry.siteIds().stream().noneMatch(r.siteId()::equals) || !access.maySee(r.siteId())) {
            errors.add(new FieldError("siteId", "no site '" + r.siteId() + "'"));
        } else if (existing != null && !existing.siteId.equals(r.siteId())) {
            errors.add(new FieldError("siteId", "a virtual meter stays on its site ('" + existing.siteId + "')"));
        }
        if (r.name() == null || r.name().isBlank() || r.name().length() > 200) {
            errors.add(new FieldError("name", "required, at most 200 characters"));
        }
        Carrier carrier = AccountingRegistry.carrier(r.carrier()).orElse(null);
        if (carrier == null) {
            errors.add(new FieldError("carrier", "ELECTRICITY, WATER, GAS or HEAT, was '" + r.carrier() + "'"));
        }
        Formula formula = null;
        try {
            formula = Formula.parse(r.formula());
        } catch (Formula.FormulaException e) {
            errors.add(new FieldError("formula", e.getMessage()));
        }
        if (errors.isEmpty()) {
            Map<String, Formula> virtual = formulas(r.siteId(), carrier);
            virtual.put(id, formula);
            Set<String> meters = meterIds(r.siteId(), carrier);
            try {
                formula.expand(id, virtual::get, meters::contains);
            } catch (Formula.FormulaException e) {
                errors.add(new FieldError("formula", e.getMessage() + " (" + carrier + " meters of site " + r.siteId() + ")"));
            }
            if (existing != null && existing.carrier != carrier && VirtualMeter.count("siteId = ?1 and id <> ?2 and formula like ?3",
                    r.siteId(), id, "%" + id + "%") > 0) {
                errors.add(new FieldError("carrier", "other virtual meters use '" + id + "' as a " + existing.carrier + " meter"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the virtual meter has " + errors.size() + " problem(s)", errors);
        }
        VirtualMeter v = existing == null ? new VirtualMeter() : existing;
        v.id = id;
        v.siteId = r.siteId();
        v.name = r.name();
        v.carrier = carrier;
        v.formula = formula.text();
        v.updatedAt = clock.instant();
        if (existing == null) {
            v.persist();
        }
        return existing == null;
    }

    @Transactional
    public void delete(String id) {
        VirtualMeter v = find(id);
        List<String> users = VirtualMeter.<VirtualMeter>list("siteId = ?1 and id <> ?2", v.siteId, id).stream()
                .filter(o -> Formula.parse(o.formula).terms().stream().anyMatch(t -> t.reference().equals(id)))
                .map(o -> o.id).toList();
        if (!users.isEmpty()) {
            throw ProblemException.conflict("virtual meter '" + id + "' is used by " + String.join(", ", users));
        }
        v.delete();
    }

    public ConsumptionView consumption(String id, DayRange range, String interval) {
        VirtualMeterView v = get(id);
        double[] daily = Formula.evaluate(v.meters(), consumption.daily(v.siteId(), v.carrier(), range.from(), range.to()),
                range.days());
        List<DayRange.Sample> samples = range.samples(daily, interval);
        double total = samples.stream().mapToDouble(DayRange.Sample::value).sum();
        return new ConsumptionView(id, v.carrier(), v.carrier().canonicalUnit(), range.from().toString(), range.to().toString(),
                interval == null ? "1d" : interval, total, samples);
    }

    private Map<String, Double> expand(VirtualMeter v) {
        Map<String, Formula> virtual = formulas(v.siteId, v.carrier);
        Set<String> meters = meterIds(v.siteId, v.carrier);
        return Formula.parse(v.formula).expand(v.id, virtual::get, meters::contains);
    }

    private Map<String, Formula> formulas(String site, Carrier carrier) {
        Map<String, Formula> out = new HashMap<>();
        for (VirtualMeter o : VirtualMeter.<VirtualMeter>list("siteId = ?1 and carrier = ?2", site, carrier)) {
            out.put(o.id, Formula.parse(o.formula));
        }
        return out;
    }

    private Set<String> meterIds(String site, Carrier carrier) {
        return registry.site(site).meters().stream().filter(m -> m.carrier() == carrier).map(Meter::pointId)
                .collect(Collectors.toSet());
    }

    private static VirtualMeterView view(VirtualMeter v, Map<String, Double> meters) {
        return new VirtualMeterView(v.id, v.siteId, v.name, v.carrier, v.formula, meters);
    }

    private static VirtualMeter find(String id) {
        VirtualMeter v = VirtualMeter.findById(id);
        if (v == null) {
            throw ProblemException.notFound("virtual meter", id);
        }
        return v;
    }
}
