package org.facilitymonitor.energy.costs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.security.Roles;

/** Meter bills per month, and their recomputation. */
@Path("/api/energy")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER})
public class CostResource {

    public record BillView(String point, String carrier, String month, double quantity, BigDecimal total,
            JsonNode bill) {
    }

    public record BillsView(String site, String month, BigDecimal total, List<BillView> bills) {
    }

    public record RecomputedView(String site, String month, int bills) {
    }

    @Inject
    EntityManager em;
    @Inject
    EnergyAccess access;
    @Inject
    CostJob job;
    @Inject
    ObjectMapper json;

    @GET
    @Path("/costs")
    @Transactional
    public BillsView bills(@QueryParam("site") String site, @QueryParam("month") String month,
            @QueryParam("carrier") String carrier) {
        List<FieldError> errors = new ArrayList<>();
        YearMonth m = month(month, errors);
        Carrier c = carrier(carrier, errors);
        if (site == null || site.isBlank()) {
            errors.add(new FieldError("site", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("cost query is invalid", errors);
        }
        access.site(site);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select point_id, carrier, quantity, total, bill from energy_bill
                where site_id = ?1 and month = ?2 and (?3 = '' or carrier = ?3) order by point_id
                """).setParameter(1, site).setParameter(2, m.atDay(1)).setParameter(3, c == null ? "" : c.name())
                .getResultList();
        List<BillView> bills = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Object[] r : rows) {
            BigDecimal amount = ((BigDecimal) r[3]).setScale(2, RoundingMode.HALF_UP);
            total = total.add((BigDecimal) r[3]);
            bills.add(new BillView((String) r[0], ((String) r[1]).toLowerCase(), m.toString(),
                    ((Number) r[2]).doubleValue(), amount, parse((String) r[4])));
        }
        return new BillsView(site, m.toString(), total.setScale(2, RoundingMode.HALF_UP), bills);
    }

    /** Prices the site's meters for a month now (synchronously) and answers how many bills were written. */
    @POST
    @Path("/sites/{site}/costs/recompute")
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public RecomputedView recompute(@PathParam("site") String site, @QueryParam("month") String month,
            @QueryParam("carrier") String carrier) {
        access.site(site);
        List<FieldError> errors = new ArrayList<>();
        YearMonth m = month(month, errors);
        Carrier c = carrier(carrier, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("recompute request is invalid", errors);
        }
        return new RecomputedView(site, m.toString(), job.recompute(site, c, m));
    }

    private JsonNode parse(String bill) {
        try {
            return json.readTree(bill);
        } catch (IOException e) {
            throw new IllegalStateException("stored bill is no JSON", e);
        }
    }

    private static YearMonth month(String month, List<FieldError> errors) {
        try {
            if (month != null) {
                return YearMonth.parse(month);
            }
        } catch (DateTimeParseException e) {
            // named below
        }
        errors.add(new FieldError("month", "is required: a month such as 2026-03"));
        return null;
    }

    private static Carrier carrier(String carrier, List<FieldError> errors) {
        if (carrier == null || carrier.isBlank()) {
            return null;
        }
        return Carrier.fromTag(carrier).orElseGet(() -> {
            errors.add(new FieldError("carrier", "must be one of electricity, water, gas, heat"));
            return null;
        });
    }
}
