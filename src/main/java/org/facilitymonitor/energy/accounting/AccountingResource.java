package org.facilitymonitor.energy.accounting;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.security.Roles;
import org.facilitymonitor.telemetry.WriteFailure;

/**
 * Meter tree, virtual meters, balance, departments, quotas and scorecards under {@code /api/energy}.
 * Every role reads; virtual meters, the balance check and recomputing department figures are
 * technical (engineer), attribution, facts and quotas commercial (manager) (docs/energy-access.md).
 */
@Path("/api/energy")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER})
public class AccountingResource {

    @Inject
    AccountingRegistry registry;
    @Inject
    VirtualMeterService virtualMeters;
    @Inject
    BalanceService balance;
    @Inject
    DepartmentAccounting departments;
    @Inject
    AttributionData attribution;
    @Inject
    QuotaService quotas;
    @Inject
    Clock clock;
    @Inject
    EnergyAccess access;

    public record MeterView(String pointId, String assetId, Carrier carrier, String parentPointId, List<String> subMeters,
                            String departmentId) {
    }

    @GET
    @Path("/meters")
    public List<MeterView> meters(@QueryParam("site") String site, @QueryParam("carrier") String carrier) {
        SiteModel model = registry.site(granted(site));
        Carrier only = carrier == null || carrier.isBlank() ? null : carrier(carrier);
        return model.meters().stream().filter(m -> only == null || m.carrier() == only).map(m -> new MeterView(m.pointId(),
                m.assetId(), m.carrier(), m.parentPointId(), model.tree(m.carrier()).subMeters(m.pointId()), m.departmentId()))
                .toList();
    }

    @GET
    @Path("/virtual-meters")
    public List<VirtualMeterService.VirtualMeterView> virtualMeters(@QueryParam("site") String site) {
        EnergyAccess.bounded("site", site, 64);
        return access.granted(virtualMeters.list(site), VirtualMeterService.VirtualMeterView::siteId);
    }

    @GET
    @Path("/virtual-meters/{id}")
    public VirtualMeterService.VirtualMeterView virtualMeter(@PathParam("id") String id) {
        return visibleVirtualMeter(id);
    }

    @PUT
    @Path("/virtual-meters/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    public Response putVirtualMeter(@PathParam("id") String id, VirtualMeterService.VirtualMeterRequest request) {
        virtualMeters.siteOf(id).ifPresent(existing -> access.require("virtual meter", id, existing));
        boolean created = virtualMeters.put(id, request);
        return Response.status(created ? 201 : 200).entity(virtualMeters.get(id)).build();
    }

    @DELETE
    @Path("/virtual-meters/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    public Response deleteVirtualMeter(@PathParam("id") String id) {
        visibleVirtualMeter(id);
        virtualMeters.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/virtual-meters/{id}/consumption")
    public VirtualMeterService.ConsumptionView virtualMeterConsumption(@PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("interval") String interval) {
        visibleVirtualMeter(id);
        return virtualMeters.consumption(id, DayRange.parse(from, to), interval);
    }

    /** Runs the balance check of one local day (default: yesterday) now, through the alarm pipeline. */
    @POST
    @Path("/balance/check")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    public List<BalanceService.Outcome> checkBalance(@QueryParam("site") String site, @QueryParam("day") String day) {
        SiteModel model = registry.site(granted(site));
        LocalDate d = day == null || day.isBlank() ? model.yesterday(clock.instant()) : DayRange.day("day", day);
        return balance.check(site, d);
    }

    @GET
    @Path("/departments")
    public DepartmentAccounting.DepartmentsView departments(@QueryParam("site") String site, @QueryParam("carrier") String carrier,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        return departments.departments(granted(site), carrier(carrier), DayRange.parse(from, to));
    }

    public record DepartmentSeries(String departmentId, Carrier carrier, String unit, String interval, double total,
                                   List<DayRange.Sample> samples) {
    }

    @GET
    @Path("/departments/{id}/consumption")
    public DepartmentSeries departmentConsumption(@PathParam("id") String id, @QueryParam("carrier") String carrier,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("interval") String interval) {
        var dept = access.department(id);
        Carrier c = carrier(carrier);
        DayRange range = DayRange.parse(from, to);
        double[] daily = departments.figures(dept.siteId, c, range).rolled().get(id);
        List<DayRange.Sample> samples = range.samples(daily, interval);
        return new DepartmentSeries(id, c, c.canonicalUnit(), interval == null ? "1d" : interval,
                samples.stream().mapToDouble(DayRange.Sample::value).sum(), samples);
    }

    /** Recomputes {@code department_consumption_1d} for a range (after a correction of meter data older than the scheduled window). */
    @POST
    @Path("/departments/recompute")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    public Map<String, Object> recompute(@QueryParam("site") String site, @QueryParam("from") String from,
            @QueryParam("to") String to) throws WriteFailure {
        int points = departments.recompute(granted(site), DayRange.parse(from, to));
        return Map.of("site", site, "from", from, "to", to, "pointsWritten", points);
    }

    @GET
    @Path("/departments/{id}/facts")
    public List<AttributionData.FactRequest> facts(@PathParam("id") String id) {
        access.department(id);
        return attribution.facts(id);
    }

    @PUT
    @Path("/departments/{id}/facts")
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public List<AttributionData.FactRequest> putFact(@PathParam("id") String id, AttributionData.FactRequest fact) {
        access.department(id);
        attribution.putFact(id, fact);
        return attribution.facts(id);
    }

    @GET
    @Path("/meters/{pointId}/attribution")
    public AttributionData.MeterAttributionView meterAttribution(@PathParam("pointId") String pointId) {
        access.point(pointId);
        return attribution.attribution(pointId);
    }

    @PUT
    @Path("/meters/{pointId}/departments")
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public AttributionData.MeterAttributionView assign(@PathParam("pointId") String pointId,
            AttributionData.DepartmentAssignment assignment) {
        access.point(pointId);
        attribution.assign(pointId, assignment);
        return attribution.attribution(pointId);
    }

    @DELETE
    @Path("/meters/{pointId}/departments/{validFrom}")
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public AttributionData.MeterAttributionView unassign(@PathParam("pointId") String pointId, @PathParam("validFrom") String validFrom) {
        access.point(pointId);
        attribution.deleteAssignment(pointId, validFrom);
        return attribution.attribution(pointId);
    }

    @PUT
    @Path("/meters/{pointId}/shares")
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public AttributionData.MeterAttributionView putShares(@PathParam("pointId") String pointId, AttributionData.ShareSet shares) {
        access.point(pointId);
        attribution.putShares(pointId, shares);
        return attribution.attribution(pointId);
    }

    @DELETE
    @Path("/meters/{pointId}/shares/{validFrom}")
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public AttributionData.MeterAttributionView deleteShares(@PathParam("pointId") String pointId,
            @PathParam("validFrom") String validFrom) {
        access.point(pointId);
        attribution.deleteShares(pointId, validFrom);
        return attribution.attribution(pointId);
    }

    @GET
    @Path("/quotas")
    public List<QuotaService.Quota> quotas(@QueryParam("site") String site) {
        return quotas.list(granted(site));
    }

    @PUT
    @Path("/quotas")
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public QuotaService.Quota putQuota(QuotaService.QuotaRequest request) {
        return quotas.put(request);
    }

    @DELETE
    @Path("/quotas/{departmentId}/{carrier}/{validFrom}")
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public Response deleteQuota(@PathParam("departmentId") String departmentId, @PathParam("carrier") String carrier,
            @PathParam("validFrom") String validFrom) {
        access.department(departmentId);
        quotas.delete(departmentId, carrier, validFrom);
        return Response.noContent().build();
    }

    @GET
    @Path("/quotas/status")
    public List<QuotaService.QuotaStatusView> quotaStatus(@QueryParam("site") String site, @QueryParam("month") String month) {
        SiteModel model = registry.site(granted(site));
        LocalDate today = clock.instant().atZone(model.zone()).toLocalDate();
        YearMonth m = month == null || month.isBlank() ? YearMonth.from(today) : DayRange.month("month", month);
        return quotas.status(site, m, today);
    }

    @GET
    @Path("/scorecard")
    public QuotaService.ScorecardView scorecard(@QueryParam("site") String site, @QueryParam("carrier") String carrier,
            @QueryParam("month") String month) {
        return quotas.scorecard(granted(site), carrier(carrier), DayRange.month("month", month));
    }

    /** The {@code site} parameter: required, and a site granted to the caller (404 as if unknown otherwise). */
    private String granted(String site) {
        access.site(required("site", site));
        return site;
    }

    private VirtualMeterService.VirtualMeterView visibleVirtualMeter(String id) {
        VirtualMeterService.VirtualMeterView v = virtualMeters.get(id);
        access.require("virtual meter", id, v.siteId());
        return v;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid("missing " + field, List.of(new FieldError(field, "required")));
        }
        return value;
    }

    private static Carrier carrier(String value) {
        return AccountingRegistry.carrier(value).orElseThrow(() -> ProblemException.invalid("bad carrier",
                List.of(new FieldError("carrier", "ELECTRICITY, WATER, GAS or HEAT, was '" + value + "'"))));
    }
}
