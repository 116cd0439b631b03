package org.facilitymonitor.energy.savings;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.energy.accounting.DayRange;
import org.facilitymonitor.energy.savings.InterventionViews.AdjustmentRequest;
import org.facilitymonitor.energy.savings.InterventionViews.AdjustmentView;
import org.facilitymonitor.energy.savings.InterventionViews.InterventionRequest;
import org.facilitymonitor.energy.savings.InterventionViews.InterventionView;
import org.facilitymonitor.energy.savings.InterventionViews.SavingsView;
import org.facilitymonitor.energy.weather.WeatherService.DayBoundary;
import org.facilitymonitor.security.Roles;

/** Energy interventions (what was done, when, at what cost), their adjustments and their savings. */
@Path("/api/energy/interventions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER})
public class InterventionResource {

    @Inject
    InterventionService service;
    @Inject
    SavingsSeries series;
    @Inject
    EnergyAccess access;

    @GET
    public List<InterventionView> list(@QueryParam("site") String site) {
        return service.list(site);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.MANAGER})
    public Response create(InterventionRequest body) {
        InterventionView v = service.create(body, access.name());
        return Response.status(201).entity(v).build();
    }

    @GET
    @Path("/{id}")
    public InterventionView get(@PathParam("id") long id) {
        return service.get(id);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.MANAGER})
    public Response delete(@PathParam("id") long id) {
        service.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.MANAGER})
    public Response addAdjustment(@PathParam("id") long id, AdjustmentRequest body) {
        AdjustmentView v = service.addAdjustment(id, body, access.name());
        return Response.status(201).entity(v).build();
    }

    @DELETE
    @Path("/{id}/adjustments/{adjustment}")
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.MANAGER})
    public Response deleteAdjustment(@PathParam("id") long id, @PathParam("adjustment") long adjustment) {
        service.deleteAdjustment(id, adjustment);
        return Response.noContent().build();
    }

    /**
     * Avoided energy from the intervention's day to {@code to} (exclusive, default today): the baseline
     * model of the 365 days before, its quality, per-day and cumulative avoided energy with the 90 %
     * band, normal-year savings, money and payback; {@code candidates=true} adds every candidate model;
     * {@code method=billing} fits and counts on calendar-month bills instead of days.
     */
    @GET
    @Path("/{id}/savings")
    public SavingsView savings(@PathParam("id") long id, @QueryParam("to") String to, @QueryParam("days") String days,
                               @QueryParam("candidates") boolean candidates, @QueryParam("method") String method) {
        return service.savings(id, to == null ? null : DayRange.day("to", to), DayBoundary.parse(days), candidates,
                InterventionService.Method.parse(method));
    }

    /**
     * Writes the intervention's savings series for Grafana now (local days up to yesterday; the
     * scheduled job does so every {@code fm.energy.savings.every}).
     */
    @POST
    @Path("/{id}/savings/refresh")
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.MANAGER})
    public SavingsSeries.Written refresh(@PathParam("id") long id) {
        return series.refresh(id);
    }
}
