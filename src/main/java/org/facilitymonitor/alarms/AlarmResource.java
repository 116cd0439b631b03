package org.facilitymonitor.alarms;

import static org.facilitymonitor.platform.Ids.ID_MESSAGE;
import static org.facilitymonitor.platform.Ids.ID_REGEX;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
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
import java.util.List;
import org.facilitymonitor.alarms.AlarmViews.Action;
import org.facilitymonitor.alarms.AlarmViews.AlarmView;
import org.facilitymonitor.alarms.AlarmViews.AlarmWithHistory;
import org.facilitymonitor.alarms.AlarmViews.WindowRequest;
import org.facilitymonitor.alarms.AlarmViews.WindowView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.security.CurrentUser;
import org.facilitymonitor.security.Roles;

/** Everyone reads the alarms of their sites; crews acknowledge and comment; engineers plan maintenance windows. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER })
public class AlarmResource {

    @Inject
    AlarmService alarms;
    @Inject
    CurrentUser user;

    @GET
    @Path("/alarms")
    public List<AlarmView> list(@QueryParam("status") String status,
            @QueryParam("site") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String site,
            @QueryParam("asset") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String asset,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        return alarms.list(status, site, asset, limit, user.sites());
    }

    /** Conclusions that could not be recorded, with the reason: engineers look at them, the queue has moved on. */
    @GET
    @Path("/alarms/set-aside")
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    public List<AlarmViews.SetAsideView> setAside(@QueryParam("limit") @DefaultValue("100") int limit) {
        return alarms.setAside(limit, user.sites());
    }

    @GET
    @Path("/alarms/{id}")
    public AlarmWithHistory get(@PathParam("id") long id) {
        return alarms.withHistory(id, user::maySee);
    }

    @POST
    @Path("/alarms/{id}/acknowledge")
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER, Roles.CREW })
    public AlarmView acknowledge(@PathParam("id") long id, Action action) {
        return alarms.acknowledge(id, actor(action), action == null ? null : action.comment(), user::maySee);
    }

    @POST
    @Path("/alarms/{id}/comments")
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER, Roles.CREW })
    public Response comment(@PathParam("id") long id, Action action) {
        alarms.comment(id, actor(action), action == null ? null : action.comment(), user::maySee);
        return Response.noContent().build();
    }

    @POST
    @Path("/maintenance-windows")
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    public Response addWindow(WindowRequest w) {
        if (w == null) {
            throw ProblemException.badRequest("a maintenance window is required as the JSON body");
        }
        WindowView created = alarms.addWindow(w.assetId(), w.startsAt(), w.endsAt(), w.reason(), user.name(),
                user::maySee);
        return Response.status(201).entity(created).build();
    }

    @GET
    @Path("/maintenance-windows")
    public List<WindowView> windows(@QueryParam("asset") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String asset,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        return alarms.windows(asset, limit, user.sites());
    }

    /** The logged-in user; an {@code actor} in the body naming anyone else is refused rather than silently replaced. */
    private String actor(Action action) {
        String name = user.name();
        if (action != null && action.actor() != null && !action.actor().equals(name)) {
            throw ProblemException.invalid("'actor' must be left out: the actor is the logged-in user '" + name + "'",
                    List.of(new FieldError("actor", "is '" + action.actor() + "', not the logged-in user")));
        }
        return name;
    }
}
