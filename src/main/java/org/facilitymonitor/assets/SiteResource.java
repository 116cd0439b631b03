package org.facilitymonitor.assets;

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
import java.util.List;
import org.facilitymonitor.assets.RegistryViews.SiteView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.security.CurrentUser;
import org.facilitymonitor.security.Roles;

/** Sites: everyone reads the sites granted to them; engineers import theirs; only admins create, edit and delete sites. */
@Path("/api/sites")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER })
public class SiteResource {

    @Inject
    RegistryService registry;
    @Inject
    RegistryEditor editor;
    @Inject
    SiteImportService imports;
    @Inject
    CurrentUser user;

    @GET
    public List<SiteView> list() {
        return registry.sites(user.sites());
    }

    @GET
    @Path("/{id}")
    public SiteView get(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        return registry.site(id).filter(s -> user.maySee(s.id())).orElseThrow(() -> ProblemException.notFound("site", id));
    }

    /** The site in the import format (YAML with Accept: application/yaml). */
    @GET
    @Path("/{id}/export")
    @Produces({ MediaType.APPLICATION_JSON, "application/yaml" })
    public SiteDescription export(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        if (!user.maySee(id)) {
            throw ProblemException.notFound("site", id);
        }
        return registry.export(id).orElseThrow(() -> ProblemException.notFound("site", id));
    }

    /**
     * Imports a site description (YAML or JSON): all of it, or nothing with every error listed. A site
     * not granted to the caller is 404; a new site needs the admin role.
     */
    @POST
    @Path("/import")
    @Consumes({ "application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON })
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    public ImportResult importSite(byte[] body, @QueryParam("dryRun") boolean dryRun) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("request body is empty: send a site description in YAML or JSON");
        }
        SiteDescription description = SiteDescriptionParser.parse(body);
        if (description.site() != null && description.site().id() != null) {
            requireWritableSite(description.site().id());
        }
        return imports.importSite(description, dryRun);
    }

    /** Creates or replaces the site's name and time zone. */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response put(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id,
            SiteDescription.SiteInfo body) {
        requireBody(body);
        boolean created = editor.putSite(id, body);
        return Response.status(created ? 201 : 200).entity(registry.site(id).orElseThrow()).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        registry.deleteSite(id, user::maySee);
        return Response.noContent().build();
    }

    private void requireWritableSite(String id) {
        user.requireSite(id);
        if (!user.hasRole(Roles.ADMIN) && !registry.siteExists(id)) {
            throw new ProblemException(403, "Forbidden", "creating site '" + id + "' needs the admin role",
                    List.of());
        }
    }

    static void requireBody(Object body) {
        if (body == null) {
            throw ProblemException.badRequest("request body is missing");
        }
    }
}
