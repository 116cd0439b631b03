package org.facilitymonitor.energy.tariffs;

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
import org.facilitymonitor.energy.tariffs.TariffViews.AuditView;
import org.facilitymonitor.energy.tariffs.TariffViews.HolidayRequest;
import org.facilitymonitor.energy.tariffs.TariffViews.HolidayView;
import org.facilitymonitor.energy.tariffs.TariffViews.QuoteRequest;
import org.facilitymonitor.energy.tariffs.TariffViews.QuoteView;
import org.facilitymonitor.energy.tariffs.TariffViews.TariffRequest;
import org.facilitymonitor.energy.tariffs.TariffViews.TariffView;
import org.facilitymonitor.energy.tariffs.TariffViews.VersionRequest;
import org.facilitymonitor.energy.tariffs.TariffViews.VersionView;

/** Tariffs, their effective-dated versions and corrections, site holidays, and quotes (docs/energy-tariffs.md). */
@Path("/api/tariffs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TariffResource {

    @Inject
    TariffService tariffs;

    @POST
    public Response create(TariffRequest request) {
        TariffView created = tariffs.create(request);
        return Response.created(URI.create("/api/tariffs/" + created.id())).entity(created).build();
    }

    @GET
    public List<TariffView> list(@QueryParam("site") String site, @QueryParam("carrier") String carrier) {
        return tariffs.list(site, carrier);
    }

    @GET
    @Path("/{id}")
    public TariffView get(@PathParam("id") long id) {
        return tariffs.get(id);
    }

    @GET
    @Path("/{id}/versions")
    public List<VersionView> versions(@PathParam("id") long id) {
        return tariffs.versions(id);
    }

    @POST
    @Path("/{id}/versions")
    public Response addVersion(@PathParam("id") long id, VersionRequest request) {
        VersionView created = tariffs.addVersion(id, request);
        return Response.created(URI.create("/api/tariffs/" + id + "/versions/" + created.validFrom())).entity(created).build();
    }

    @PUT
    @Path("/{id}/versions/{validFrom}")
    public VersionView changeVersion(@PathParam("id") long id, @PathParam("validFrom") String validFrom,
            VersionRequest request) {
        return tariffs.changeVersion(id, validFrom, request);
    }

    @GET
    @Path("/{id}/audit")
    public List<AuditView> audit(@PathParam("id") long id) {
        return tariffs.audit(id);
    }

    @POST
    @Path("/{id}/quote")
    public QuoteView quote(@PathParam("id") long id, QuoteRequest request) {
        return tariffs.quote(id, request);
    }

    @GET
    @Path("/holidays/{siteId}/{year}")
    public List<HolidayView> holidays(@PathParam("siteId") String siteId, @PathParam("year") int year) {
        return tariffs.holidays(siteId, year);
    }

    @PUT
    @Path("/holidays/{siteId}/{year}")
    public List<HolidayView> replaceHolidays(@PathParam("siteId") String siteId, @PathParam("year") int year,
            List<HolidayRequest> days) {
        return tariffs.replaceHolidays(siteId, year, days);
    }
}
