package org.facilitymonitor.assets;

import static org.facilitymonitor.platform.Ids.ID_MESSAGE;
import static org.facilitymonitor.platform.Ids.ID_REGEX;

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

@Path("/api/sites")
@Produces(MediaType.APPLICATION_JSON)
public class SiteResource {


    @Inject
    RegistryService registry;
    @Inject
    RegistryEditor editor;
    @Inject
    SiteImportService imports;

    @GET
    public List<SiteView> list() {
        return registry.sites();
    }

    @GET
    @Path("/{id}")
    public SiteView get(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        return registry.site(id).orElseThrow(() -> ProblemException.notFound("site", id));
    }

    /** The site in the import format (YAML with Accept: application/yaml). */
    @GET
    @Path("/{id}/export")
    @Produces({ MediaType.APPLICATION_JSON, "application/yaml" })
    public SiteDescription export(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        return registry.export(id).orElseThrow(() -> ProblemException.notFound("site", id));
    }

    /** Imports a site description (YAML or JSON): all of it, or nothing with every error listed. */
    @POST
    @Path("/import")
    @Consumes({ "application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN })
    public ImportResult importSite(byte[] body, @QueryParam("dryRun") boolean dryRun) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("request body is empty: send a site description in YAML or JSON");
        }
        return imports.importSite(SiteDescriptionParser.parse(body), dryRun);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id,
            SiteDescription.SiteInfo body) {
        requireBody(body);
        boolean created = editor.putSite(id, body);
        return Response.status(created ? 201 : 200).entity(registry.site(id).orElseThrow()).build();
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String id) {
        registry.deleteSite(id);
        return Response.noContent().build();
    }

    static void requireBody(Object body) {
        if (body == null) {
            throw ProblemException.badRequest("request body is missing");
        }
    }
}
