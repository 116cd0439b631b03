package org.facilitymonitor.assets;

import static org.facilitymonitor.platform.Ids.ID_MESSAGE;
import static org.facilitymonitor.platform.Ids.ID_REGEX;
import static org.facilitymonitor.platform.Ids.STORAGE_NAME_REGEX;

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
import org.facilitymonitor.assets.RegistryViews.PointView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.QueryFilter;
import org.facilitymonitor.security.CurrentUser;
import org.facilitymonitor.security.Roles;

@Path("/api/points")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER })
public class PointResource {

    @Inject
    RegistryService registry;
    @Inject
    RegistryEditor editor;
    @Inject
    CurrentUser user;

    @GET
    public Page<PointView> list(@QueryParam("site") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String site,
            @QueryParam("asset") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String asset,
            @QueryParam("kind") @Pattern(regexp = "cumulative|instantaneous|state",
                    message = "must be cumulative, instantaneous or state") String kind,
            @QueryParam("quantity") @Pattern(regexp = STORAGE_NAME_REGEX, message = "must be a quantity name") String quantity,
            @QueryParam("measurement") @Pattern(regexp = STORAGE_NAME_REGEX, message = "must be a measurement name") String measurement,
            @QueryParam("q") String nameContains, @Valid @BeanParam PageParams page) {
        QueryFilter filter = new QueryFilter().eq("siteId", site).eq("assetId", asset)
                .eq("kind", kind == null ? null : PointKind.fromWireName(kind).orElseThrow())
                .eq("quantity", quantity).eq("measurement", measurement)
                .nameContains(Bounds.maxLength("q", nameContains, Bounds.MAX_QUERY_TEXT));
        return registry.points(filter, user.sites(), page.request());
    }

    @GET
    @Path("/{id}")
    public PointView get(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        return registry.point(id).filter(v -> user.maySee(v.site()))
                .orElseThrow(() -> ProblemException.notFound("point", id));
    }

    @PUT
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id,
            RegistryEditor.PointUpsert body) {
        SiteResource.requireBody(body);
        boolean created = editor.putPoint(id, body, user::maySee);
        return Response.status(created ? 201 : 200).entity(registry.point(id).orElseThrow()).build();
    }

    @DELETE
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    @Path("/{id}")
    public Response delete(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        registry.deletePoint(id, user::maySee);
        return Response.noContent().build();
    }
}
