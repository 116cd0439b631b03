package org.facilitymonitor.alarms;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AlarmResource {

    @Inject
    AlarmService alarms;

    @GET
    @Path("/alarms")
    public List<AlarmView> list(@QueryParam("status") String status, @QueryParam("site") String site,
            @QueryParam("asset") String asset, @QueryParam("limit") Integer limit) {
        return alarms.list(status, site, asset, limit == null ? 100 : limit);
    }

    @GET
    @Path("/alarms/{id}")
    public AlarmWithHistory get(@PathParam("id") long id) {
        return alarms.withHistory(id);
    }

    @POST
    @Path("/alarms/{id}/acknowledge")
    public AlarmView acknowledge(@PathParam("id") long id, Action action) {
        return alarms.acknowledge(id, action == null ? null : action.actor(), action == null ? null : action.comment());
    }

    @POST
    @Path("/alarms/{id}/comments")
    public Response comment(@PathParam("id") long id, Action action) {
        alarms.comment(id, action == null ? null : action.actor(), action == null ? null : action.comment());
        return Response.noContent().build();
    }

    @POST
    @Path("/maintenance-windows")
    public Response addWindow(WindowRequest w) {
        if (w == null) {
            throw ProblemException.badRequest("a maintenance window is required as the JSON body");
        }
        WindowView created = alarms.addWindow(w.assetId(), w.startsAt(), w.endsAt(), w.reason());
        return Response.status(201).entity(created).build();
    }

    @GET
    @Path("/maintenance-windows")
    public List<WindowView> windows(@QueryParam("asset") String asset) {
        return alarms.windows(asset);
    }
}
