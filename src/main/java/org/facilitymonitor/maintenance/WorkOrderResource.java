package org.facilitymonitor.maintenance;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.facilitymonitor.assets.RegistryViews.Page;
import org.facilitymonitor.maintenance.WorkOrderViews.EventView;
import org.facilitymonitor.maintenance.WorkOrderViews.NewRequest;
import org.facilitymonitor.maintenance.WorkOrderViews.TransitionRequest;
import org.facilitymonitor.maintenance.WorkOrderViews.WorkOrderView;
import org.facilitymonitor.platform.ProblemException;

@Path("/api/work-orders")
@Produces(MediaType.APPLICATION_JSON)
public class WorkOrderResource {

    @Inject
    WorkOrderService service;

    /** A person's request for work on an asset (also what the asset's request link posts). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response request(NewRequest body) {
        WorkOrderView created = service.request(body);
        return Response.created(URI.create("/api/work-orders/" + created.id())).entity(created).build();
    }

    /** Newest first; {@code state} may repeat. */
    @GET
    public Page<WorkOrderView> list(@QueryParam("state") List<String> states, @QueryParam("asset") String asset,
            @QueryParam("priority") String priority, @QueryParam("team") String team,
            @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "must be 0 or more") int page,
            @QueryParam("size") @DefaultValue("100") @Min(value = 1, message = "must be between 1 and 1000")
            @Max(value = 1000, message = "must be between 1 and 1000") int size) {
        Set<WorkOrderState> wanted = EnumSet.noneOf(WorkOrderState.class);
        for (String s : states) {
            try {
                wanted.add(WorkOrderState.valueOf(s.trim().toUpperCase()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("state '" + s + "' is not a work-order state");
            }
        }
        Priority p = priority == null ? null
                : Priority.parse(priority).orElseThrow(() -> ProblemException.badRequest("priority must be P1–P4"));
        return service.list(wanted, asset, p, team, page, size);
    }

    @GET
    @Path("/{id}")
    public WorkOrderView get(@PathParam("id") long id) {
        return service.find(id).orElseThrow(() -> ProblemException.notFound("work order", Long.toString(id)));
    }

    /** Every transition and escalation, oldest first. */
    @GET
    @Path("/{id}/history")
    public List<EventView> history(@PathParam("id") long id) {
        return service.history(id);
    }

    /** Moves the order to {@code to}; 409 (naming the current state and the allowed ones) when not allowed from here. */
    @POST
    @Path("/{id}/transitions")
    @Consumes(MediaType.APPLICATION_JSON)
    public WorkOrderView transition(@PathParam("id") long id, TransitionRequest body) {
        return service.transition(id, body);
    }
}
