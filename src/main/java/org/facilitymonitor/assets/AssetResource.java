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
import org.facilitymonitor.assets.RegistryViews.AssetView;
import org.facilitymonitor.assets.RegistryViews.Page;
import org.facilitymonitor.assets.RegistryViews.PointView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.QueryFilter;
import org.facilitymonitor.security.CurrentUser;
import org.facilitymonitor.security.Roles;

@Path("/api/assets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER })
public class AssetResource {

    @Inject
    RegistryService registry;
    @Inject
    RegistryEditor editor;
    @Inject
    CurrentUser user;

    /** Assets filtered by any combination of site, building, zone, department, parent, Brick kind, marker tag and name. */
    @GET
    public Page<AssetView> list(@QueryParam("site") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String site,
            @QueryParam("building") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String building,
            @QueryParam("zone") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String zone,
            @QueryParam("department") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String department,
            @QueryParam("parent") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String parent,
            @QueryParam("kind") @Pattern(regexp = "[A-Za-z0-9_]{1,100}", message = "must be a Brick class name") String kind,
            @QueryParam("tag") @Pattern(regexp = "[a-zA-Z0-9]{1,64}", message = "must be a marker tag") String tag,
            @QueryParam("q") String nameContains, @Valid @BeanParam PageParams page) {
        QueryFilter filter = new QueryFilter().eq("siteId", site).eq("buildingId", building).eq("zoneId", zone)
                .eq("departmentId", department).eq("parentId", parent).eq("kind", kind).tag(tag)
                .nameContains(Bounds.maxLength("q", nameContains, Bounds.MAX_QUERY_TEXT));
        return registry.assets(filter, user.sites(), page.request());
    }

    @GET
    @Path("/{id}")
    public AssetView get(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        return registry.asset(id).filter(v -> user.maySee(v.site()))
                .orElseThrow(() -> ProblemException.notFound("asset", id));
    }

    @GET
    @Path("/{id}/points")
    public Page<PointView> points(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id,
            @Valid @BeanParam PageParams page) {
        get(id);
        return registry.points(new QueryFilter().eq("assetId", id), user.sites(), page.request());
    }

    /** Creates or replaces the asset; points in the body are created or replaced too, others are kept. */
    @PUT
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id,
            RegistryEditor.AssetUpsert body) {
        SiteResource.requireBody(body);
        boolean created = editor.putAsset(id, body, user::maySee);
        return Response.status(created ? 201 : 200).entity(registry.asset(id).orElseThrow()).build();
    }

    @DELETE
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    @Path("/{id}")
    public Response delete(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        registry.deleteAsset(id, user::maySee);
        return Response.noContent().build();
    }
}
