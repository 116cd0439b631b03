package org.facilitymonitor.energy.weather;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The normal year of weather-normalized savings: 365 daily mean temperatures (°F, 1 January
 * first). A site's own, imported from CSV, else the bundled TMY3 year (resources/energy/typical-year).
 */
@ApplicationScoped
public class TypicalYear {

    public static final String BUNDLED = "bundled TMY3 year (nmecr, MIT)";
    private static final String RESOURCE = "/energy/typical-year/tmy3-daily-f.csv";
    private volatile double[] bundled;

    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    /** A typical year and where it comes from. */
    public record Year(double[] dailyF, String source, boolean own, String updatedBy, Instant updatedAt) {
    }

    /** The bundled year's daily means (°F). */
    public double[] dailyF() {
        double[] d = bundled;
        if (d == null) {
            d = load();
            bundled = d;
        }
        return d.clone();
    }

    /** The site's own typical year, or the bundled one. */
    @Transactional
    public Year forSite(String siteId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select temperatures_f, source, updated_by, updated_at from site_typical_year where site_id = ?1")
                .setParameter(1, siteId).getResultList();
        if (rows.isEmpty()) {
            return new Year(dailyF(), BUNDLED, false, null, null);
        }
        Object[] r = rows.get(0);
        double[] daily = Arrays.stream(((String) r[0]).split(",")).mapToDouble(Double::parseDouble).toArray();
        return new Year(daily, (String) r[1], true, (String) r[2], toInstant(r[3]));
    }

    /** Replaces the site's typical year. */
    @Transactional
    public void replace(String siteId, double[] dailyF, String source, String actor) {
        if (dailyF.length != 365) {
            throw new IllegalArgumentException("a typical year has 365 days, not " + dailyF.length);
        }
        String text = Arrays.stream(dailyF).mapToObj(Double::toString).collect(Collectors.joining(","));
        em.createNativeQuery("""
                        insert into site_typical_year (site_id, temperatures_f, source, updated_by, updated_at)
                        values (?1, ?2, ?3, ?4, ?5)
                        on conflict (site_id) do update set temperatures_f = excluded.temperatures_f,
                            source = excluded.source, updated_by = excluded.updated_by, updated_at = excluded.updated_at""")
                .setParameter(1, siteId).setParameter(2, text).setParameter(3, source).setParameter(4, actor)
                .setParameter(5, clock.instant()).executeUpdate();
    }

    /** Back to the bundled year; whether the site had its own. */
    @Transactional
    public boolean remove(String siteId) {
        return em.createNativeQuery("delete from site_typical_year where site_id = ?1").setParameter(1, siteId)
                .executeUpdate() > 0;
    }

    private static Instant toInstant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof java.time.OffsetDateTime t) {
            return t.toInstant();
        }
        return ((java.sql.Timestamp) o).toInstant();
    }

    static double[] load() {
        try (InputStream in = TypicalYear.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
            double[] out = new double[lines.length - 1];
            for (int i = 1; i < lines.length; i++) {
                out[i - 1] = Double.parseDouble(lines[i].split(",")[1].strip());
            }
            if (out.length != 365) {
                throw new IllegalStateException(RESOURCE + " has " + out.length + " days, not 365");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
