package org.facilitymonitor.rules;

import static org.facilitymonitor.platform.Ids.ID_MESSAGE;
import static org.facilitymonitor.platform.Ids.ID_REGEX;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
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
import org.facilitymonitor.security.CurrentUser;
import org.facilitymonitor.security.Roles;

/** Rules: applied by every instance within seconds of a change, no restart. Everyone reads, engineers write. */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER })
public class RuleResource {

    @Inject
    RuleService rules;
    @Inject
    CurrentUser user;

    @GET
    public List<RuleService.RuleView> list(@QueryParam("site") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String site,
            @QueryParam("point") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String point) {
        return rules.list(site, point, user.sites());
    }

    @GET
    @Path("/{id}")
    public RuleService.RuleView get(@PathParam("id") long id) {
        return rules.get(id, user::maySee);
    }

    @POST
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    public Response create(RuleService.RuleRequest request) {
        RuleService.RuleView created = rules.create(request, user::maySee);
        return Response.created(URI.create("/api/rules/" + created.id())).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    public RuleService.RuleView replace(@PathParam("id") long id, RuleService.RuleRequest request) {
        return rules.replace(id, request, user::maySee);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    public Response delete(@PathParam("id") long id) {
        rules.delete(id, user::maySee);
        return Response.noContent().build();
    }
}
