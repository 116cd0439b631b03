package org.facilitymonitor.energy.tariffs;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.energy.tariffs.TariffViews.AuditView;
import org.facilitymonitor.energy.tariffs.TariffViews.HolidayRequest;
import org.facilitymonitor.energy.tariffs.TariffViews.HolidayView;
import org.facilitymonitor.energy.tariffs.TariffViews.QuoteRequest;
import org.facilitymonitor.energy.tariffs.TariffViews.QuoteView;
import org.facilitymonitor.energy.tariffs.TariffViews.TariffRequest;
import org.facilitymonitor.energy.tariffs.TariffViews.TariffView;
import org.facilitymonitor.energy.tariffs.TariffViews.VersionRequest;
import org.facilitymonitor.energy.tariffs.TariffViews.VersionView;
import org.facilitymonitor.security.Roles;

/**
 * Tariffs, their effective-dated versions and corrections, site holidays, and quotes (docs/energy-tariffs.md).
 * Every role reads; tariffs, holidays and quotes are commercial: manager and admin.
 */
@Path("/api/tariffs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER})
public class TariffResource {

    @Inject
    TariffService tariffs;
    @Inject
    EnergyAccess access;

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public Response create(TariffRequest request) {
        TariffView created = tariffs.create(request);
        return Response.created(URI.create("/api/tariffs/" + created.id())).entity(created).build();
    }

    @GET
    public List<TariffView> list(@QueryParam("site") String site, @QueryParam("carrier") String carrier) {
        EnergyAccess.bounded("site", site, 64);
        return access.granted(tariffs.list(site, carrier), TariffView::siteId);
    }

    @GET
    @Path("/{id}")
    public TariffView get(@PathParam("id") long id) {
        return visible(id);
    }

    @GET
    @Path("/{id}/versions")
    public List<VersionView> versions(@PathParam("id") long id) {
        visible(id);
        return tariffs.versions(id);
    }

    /** The actor of a version (and of its audit entry) is the logged-in user; a body's {@code actor} must be the same. */
    @POST
    @Path("/{id}/versions")
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public Response addVersion(@PathParam("id") long id, VersionRequest request) {
        visible(id);
        String actor = access.actor("actor", request == null ? null : request.actor());
        VersionView created = tariffs.addVersion(id, request, actor);
        return Response.created(URI.create("/api/tariffs/" + id + "/versions/" + created.validFrom())).entity(created).build();
    }

    @PUT
    @Path("/{id}/versions/{validFrom}")
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public VersionView changeVersion(@PathParam("id") long id, @PathParam("validFrom") String validFrom,
            VersionRequest request) {
        visible(id);
        String actor = access.actor("actor", request == null ? null : request.actor());
        return tariffs.changeVersion(id, validFrom, request, actor);
    }

    @GET
    @Path("/{id}/audit")
    public List<AuditView> audit(@PathParam("id") long id) {
        visible(id);
        return tariffs.audit(id);
    }

    @POST
    @Path("/{id}/quote")
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public QuoteView quote(@PathParam("id") long id, QuoteRequest request) {
        visible(id);
        return tariffs.quote(id, request);
    }

    @GET
    @Path("/holidays/{siteId}/{year}")
    public List<HolidayView> holidays(@PathParam("siteId") String siteId, @PathParam("year") int year) {
        access.site(siteId);
        return tariffs.holidays(siteId, year);
    }

    @PUT
    @Path("/holidays/{siteId}/{year}")
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public List<HolidayView> replaceHolidays(@PathParam("siteId") String siteId, @PathParam("year") int year,
            List<HolidayRequest> days) {
        access.site(siteId);
        return tariffs.replaceHolidays(siteId, year, days);
    }

    private TariffView visible(long id) {
        TariffView t = tariffs.get(id);
        access.require("tariff", Long.toString(id), t.siteId());
        return t;
    }
}
