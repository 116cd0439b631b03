package org.facilitymonitor.rules;

import jakarta.inject.Inject;
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

/** Rules: applied by every instance within seconds of a change, no restart. */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RuleResource {

    @Inject
    RuleService rules;

    @GET
    public List<RuleService.RuleView> list(@QueryParam("site") String site, @QueryParam("point") String point) {
        return rules.list(site, point);
    }

    @GET
    @Path("/{id}")
    public RuleService.RuleView get(@PathParam("id") long id) {
        return rules.get(id);
    }

    @POST
    public Response create(RuleService.RuleRequest request) {
        RuleService.RuleView created = rules.create(request);
        return Response.created(URI.create("/api/rules/" + created.id())).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    public RuleService.RuleView replace(@PathParam("id") long id, RuleService.RuleRequest request) {
        return rules.replace(id, request);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") long id) {
        rules.delete(id);
        return Response.noContent().build();
    }
}
