package org.facilitymonitor.maintenance;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.facilitymonitor.assets.RegistryViews.Page;
import org.facilitymonitor.maintenance.WorkOrderViews.EventView;
import org.facilitymonitor.maintenance.WorkOrderViews.NewRequest;
import org.facilitymonitor.maintenance.WorkOrderViews.TransitionRequest;
import org.facilitymonitor.maintenance.WorkOrderViews.WorkOrderView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.security.Roles;

/**
 * Work orders of the user's sites. Every role reads; crew, engineers and admins request and move orders,
 * which of them may move an order to which state is {@link WorkOrderService#transition}'s call (accept and
 * rate: only the requester).
 */
@Path("/api/work-orders")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER})
public class WorkOrderResource {

    /** Deep pages cost the database a scan of everything before them: narrow the filter instead. */
    static final int MAX_OFFSET = 100_000;

    @Inject
    WorkOrderService service;

    /** A logged-in person's request for work on an asset of their sites; the requester is the login. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW})
    public Response request(NewRequest body) {
        WorkOrderView created = service.request(body);
        return Response.created(URI.create("/api/work-orders/" + created.id())).entity(created).build();
    }

    /** Newest first; {@code state} may repeat. */
    @GET
    public Page<WorkOrderView> list(@QueryParam("state") List<String> states, @QueryParam("asset") String asset,
            @QueryParam("priority") String priority, @QueryParam("team") String team,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("100") int size) {
        List<FieldError> errors = new ArrayList<>();
        Set<WorkOrderState> wanted = EnumSet.noneOf(WorkOrderState.class);
        if (states.size() > WorkOrderState.values().length) {
            errors.add(new FieldError("state", "at most " + WorkOrderState.values().length + " values"));
        } else {
            for (String s : states) {
                try {
                    wanted.add(WorkOrderState.valueOf(s.trim().toUpperCase()));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("state", "'" + truncated(s) + "' is not a work-order state"));
                }
            }
        }
        Priority p = null;
        if (priority != null) {
            p = Priority.parse(priority).orElse(null);
            if (p == null) {
                errors.add(new FieldError("priority", "must be P1–P4"));
            }
        }
        Text.singleLine(errors, "asset", asset, 64, false);
        Text.singleLine(errors, "team", team, 100, false);
        if (page < 0) {
            errors.add(new FieldError("page", "must be 0 or more"));
        }
        if (size < 1 || size > 1000) {
            errors.add(new FieldError("size", "must be between 1 and 1000"));
        } else if (page > 0 && (long) page * size > MAX_OFFSET) {
            errors.add(new FieldError("page", "page × size must be at most " + MAX_OFFSET + "; narrow the filter"));
        }
        if (!errors.isEmpty()) {
            throw WorkOrderService.invalid(errors);
        }
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

    /**
     * Moves the order to {@code to} as the login; 403 when the login's role (or not being the requester) does not
     * allow it, 409 (naming the current state and the allowed ones) when the lifecycle does not.
     */
    @POST
    @Path("/{id}/transitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW})
    public WorkOrderView transition(@PathParam("id") long id, TransitionRequest body) {
        return service.transition(id, body);
    }

    private static String truncated(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
