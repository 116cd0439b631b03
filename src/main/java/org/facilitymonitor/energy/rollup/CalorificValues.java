package org.facilitymonitor.energy.rollup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.facilitymonitor.assets.Carrier;

/** Effective-dated calorific values of gas per site: kWh per m³ from a site-local day on. */
@ApplicationScoped
public class CalorificValues {

    public record Entry(LocalDate validFrom, double kwhPerM3) {
    }

    @Inject
    EntityManager em;

    /** kWh per canonical unit on a local day: 1 for electricity and heat, the calorific value for gas, else null. */
    public Function<LocalDate, Double> kwhPerUnit(Meter m) {
        return kwhPerUnit(m.siteId(), m.carrier());
    }

    /** kWh per canonical unit of a carrier on a site's local day (see {@link #kwhPerUnit(Meter)}). */
    public Function<LocalDate, Double> kwhPerUnit(String siteId, Carrier carrier) {
        return switch (carrier) {
            case ELECTRICITY, HEAT -> day -> 1.0;
            case WATER -> day -> null;
            case GAS -> {
                NavigableMap<LocalDate, Double> values = new TreeMap<>();
                list(siteId).forEach(e -> values.put(e.validFrom(), e.kwhPerM3()));
                yield day -> {
                    Map.Entry<LocalDate, Double> e = values.floorEntry(day);
                    return e == null ? null : e.getValue();
                };
            }
        };
    }

    @Transactional
    public List<Entry> list(String siteId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "select valid_from, kwh_per_m3 from calorific_value where site_id = ?1 order by valid_from")
                .setParameter(1, siteId).getResultList();
        return rows.stream().map(r -> new Entry(r[0] instanceof Date d ? d.toLocalDate() : (LocalDate) r[0],
                ((Number) r[1]).doubleValue())).toList();
    }

    /**
     * Replaces the site's calorific values; the earliest day whose value changed (or null when none
     * did), from which the site's gas rollups must be recomputed.
     */
    @Transactional
    public LocalDate replace(String siteId, List<Entry> entries) {
        NavigableMap<LocalDate, Double> before = new TreeMap<>();
        list(siteId).forEach(e -> before.put(e.validFrom(), e.kwhPerM3()));
        NavigableMap<LocalDate, Double> after = new TreeMap<>();
        entries.forEach(e -> after.put(e.validFrom(), e.kwhPerM3()));
        em.createNativeQuery("delete from calorific_value where site_id = ?1").setParameter(1, siteId).executeUpdate();
        for (Entry e : entries) {
            em.createNativeQuery("insert into calorific_value (site_id, valid_from, kwh_per_m3) values (?1, ?2, ?3)")
                    .setParameter(1, siteId).setParameter(2, e.validFrom()).setParameter(3, e.kwhPerM3())
                    .executeUpdate();
        }
        TreeMap<LocalDate, Boolean> changed = new TreeMap<>();
        before.forEach((d, v) -> {
            if (!v.equals(after.get(d))) {
                changed.put(d, true);
            }
        });
        after.forEach((d, v) -> {
            if (!v.equals(before.get(d))) {
                changed.put(d, true);
            }
        });
        return changed.isEmpty() ? null : changed.firstKey();
    }

}
