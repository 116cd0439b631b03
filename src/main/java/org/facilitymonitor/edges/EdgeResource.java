package org.facilitymonitor.edges;

import static org.facilitymonitor.platform.Ids.ID_MESSAGE;
import static org.facilitymonitor.platform.Ids.ID_REGEX;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.facilitymonitor.edges.EdgeService.EdgeCredentials;
import org.facilitymonitor.edges.EdgeService.EdgeRequest;
import org.facilitymonitor.edges.EdgeService.EdgeView;
import org.facilitymonitor.security.Roles;

/** Broker identities of the edges (docs/broker-security.md); passwords are shown once, never stored. */
@Path("/api/edges")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class EdgeResource {

    @Inject
    EdgeService edges;

    @GET
    public List<EdgeView> list(@QueryParam("site") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String site) {
        return edges.list(site);
    }

    @GET
    @Path("/{id}")
    public EdgeView get(@PathParam("id") String id) {
        return edges.get(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(EdgeRequest body) {
        EdgeCredentials created = edges.create(body);
        return Response.status(201).header("Cache-Control", "no-store").entity(created).build();
    }

    @POST
    @Path("/{id}/rotate")
    public Response rotate(@PathParam("id") String id) {
        return Response.ok(edges.rotate(id)).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/{id}/disable")
    public EdgeView disable(@PathParam("id") String id) {
        return edges.setEnabled(id, false);
    }

    @POST
    @Path("/{id}/enable")
    public EdgeView enable(@PathParam("id") String id) {
        return edges.setEnabled(id, true);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        edges.delete(id);
        return Response.noContent().build();
    }
}
