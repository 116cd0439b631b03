package org.facilitymonitor.maintenance.plans;

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
import java.net.URI;
import java.util.List;
import org.facilitymonitor.maintenance.plans.PlanViews.OccurrenceView;
import org.facilitymonitor.maintenance.plans.PlanViews.PlanRequest;
import org.facilitymonitor.maintenance.plans.PlanViews.PlanView;
import org.facilitymonitor.maintenance.plans.PlanViews.RunResult;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.security.Roles;

/**
 * Preventive-maintenance plans of the user's sites; the scheduler generates their work orders, {@code /run} does
 * it now. Every role reads; engineers and admins change and run.
 */
@Path("/api/maintenance/plans")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER})
public class PlanResource {

    @Inject
    PlanService plans;
    @Inject
    PlanGenerator generator;

    @GET
    public List<PlanView> list(@QueryParam("asset") String asset) {
        return plans.list(asset);
    }

    @GET
    @Path("/{id}")
    public PlanView get(@PathParam("id") long id) {
        return plans.get(id).orElseThrow(() -> PlanService.notFound(id));
    }

    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    @POST
    public Response create(PlanRequest request) {
        PlanView created = plans.create(request);
        return Response.created(URI.create("/api/maintenance/plans/" + created.id())).entity(created).build();
    }

    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    @PUT
    @Path("/{id}")
    public PlanView replace(@PathParam("id") long id, PlanRequest request) {
        return plans.replace(id, request);
    }

    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") long id) {
        plans.delete(id);
        return Response.noContent().build();
    }

    /** The calendar occurrences with a local due date in [from, to] (ISO dates; default today and a year on). */
    @GET
    @Path("/{id}/occurrences")
    public List<OccurrenceView> occurrences(@PathParam("id") long id, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        return plans.occurrences(id, from, to);
    }

    /** Generates the plan's due occurrences now; 409 while another instance is generating it. */
    @POST
    @Path("/{id}/run")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    public RunResult run(@PathParam("id") long id) {
        plans.get(id).orElseThrow(() -> PlanService.notFound(id));
        RunResult result = generator.run(id);
        if (!result.ran()) {
            throw ProblemException.conflict("maintenance plan " + id + " is being generated right now; try again");
        }
        return result;
    }
}
