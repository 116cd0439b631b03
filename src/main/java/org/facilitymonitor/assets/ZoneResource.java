package org.facilitymonitor.assets;

import static org.facilitymonitor.platform.Ids.ID_MESSAGE;
import static org.facilitymonitor.platform.Ids.ID_REGEX;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
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
import org.facilitymonitor.assets.RegistryViews.Page;
import org.facilitymonitor.assets.RegistryViews.ZoneView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.QueryFilter;
import org.facilitymonitor.security.CurrentUser;
import org.facilitymonitor.security.Roles;

@Path("/api/zones")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER })
public class ZoneResource {

    @Inject
    RegistryService registry;
    @Inject
    RegistryEditor editor;
    @Inject
    CurrentUser user;

    @GET
    public Page<ZoneView> list(@QueryParam("building") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String building,
            @QueryParam("q") String nameContains, @Valid @BeanParam PageParams page) {
        return registry.zones(new QueryFilter().eq("buildingId", building)
                .nameContains(Bounds.maxLength("q", nameContains, Bounds.MAX_QUERY_TEXT)), user.sites(),
                page.request());
    }

    @GET
    @Path("/{id}")
    public ZoneView get(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        return registry.zone(id).filter(z -> registry.zoneSite(id).map(user::maySee).orElse(false))
                .orElseThrow(() -> ProblemException.notFound("zone", id));
    }

    @PUT
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id,
            RegistryEditor.ZoneUpsert body) {
        SiteResource.requireBody(body);
        boolean created = editor.putZone(id, body, user::maySee);
        return Response.status(created ? 201 : 200).entity(registry.zone(id).orElseThrow()).build();
    }

    @DELETE
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    @Path("/{id}")
    public Response delete(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        registry.deleteZone(id, user::maySee);
        return Response.noContent().build();
    }
}
