package org.facilitymonitor.notify;

import static org.facilitymonitor.platform.Ids.ID_MESSAGE;
import static org.facilitymonitor.platform.Ids.ID_REGEX;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.facilitymonitor.notify.NotifyViews.PersonUpsert;
import org.facilitymonitor.notify.NotifyViews.PersonView;
import org.facilitymonitor.notify.NotifyViews.TeamUpsert;
import org.facilitymonitor.notify.NotifyViews.TeamView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.security.Roles;

/**
 * Who gets notified of what: people and teams with their channels, severity and site filters.
 * Every role reads them (without e-mail addresses and webhook URLs unless admin or engineer);
 * admins and engineers change them.
 */
@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER })
public class PreferenceResource {

    @Inject
    PreferenceService preferences;

    @GET
    @Path("/persons")
    public List<PersonView> persons(@QueryParam("team") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String team) {
        return preferences.persons(team);
    }

    @GET
    @Path("/persons/{id}")
    public PersonView person(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        return preferences.person(id).orElseThrow(() -> ProblemException.notFound("person", id));
    }

    @PUT
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    @Path("/persons/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response putPerson(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id, PersonUpsert body) {
        return put(body, () -> preferences.putPerson(id, body), () -> preferences.person(id));
    }

    @DELETE
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    @Path("/persons/{id}")
    public Response deletePerson(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        preferences.deletePerson(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/teams")
    public List<TeamView> teams() {
        return preferences.teams();
    }

    @GET
    @Path("/teams/{id}")
    public TeamView team(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        return preferences.team(id).orElseThrow(() -> ProblemException.notFound("team", id));
    }

    @PUT
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    @Path("/teams/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response putTeam(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id, TeamUpsert body) {
        return put(body, () -> preferences.putTeam(id, body), () -> preferences.team(id));
    }

    @DELETE
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    @Path("/teams/{id}")
    public Response deleteTeam(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        preferences.deleteTeam(id);
        return Response.noContent().build();
    }

    /** Creates or replaces a person or team: 201 with it when created, 200 when replaced. */
    private static Response put(Object body, BooleanSupplier put, Supplier<Optional<?>> stored) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        boolean created = put.getAsBoolean();
        return Response.status(created ? 201 : 200).entity(stored.get().orElseThrow()).build();
    }
}
