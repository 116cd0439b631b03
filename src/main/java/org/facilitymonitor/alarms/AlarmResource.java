package org.facilitymonitor.alarms;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.facilitymonitor.platform.ProblemException;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AlarmResource {

    @Inject
    AlarmService alarms;

    public record Action(String actor, String comment) {
    }

    public record WindowRequest(String assetId, Instant startsAt, Instant endsAt, String reason) {
    }

    public record AlarmWithHistory(Alarm alarm, List<AlarmHistory> history) {
    }

    @GET
    @Path("/alarms")
    @Transactional
    public List<Alarm> list(@QueryParam("status") String status, @QueryParam("site") String site,
            @QueryParam("asset") String asset, @QueryParam("limit") Integer limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            if ("ACTIVE".equalsIgnoreCase(status)) {
                args.add(AlarmStatus.CLEARED);
                q.append(" and status <> ?").append(args.size());
            } else {
                try {
                    args.add(AlarmStatus.valueOf(status.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.badRequest("status: ACTIVE, ACTIVE_UNACK, ACTIVE_ACK or CLEARED, was '"
                            + status + "'");
                }
                q.append(" and status = ?").append(args.size());
            }
        }
        if (site != null) {
            args.add(site);
            q.append(" and siteId = ?").append(args.size());
        }
        if (asset != null) {
            args.add(asset);
            q.append(" and assetId = ?").append(args.size());
        }
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 1000) {
            throw ProblemException.badRequest("limit: 1..1000, was " + max);
        }
        return Alarm.<Alarm>find(q + " order by raisedAt desc, id desc", args.toArray()).page(0, max).list();
    }

    @GET
    @Path("/alarms/{id}")
    public AlarmWithHistory get(@PathParam("id") long id) {
        return new AlarmWithHistory(alarms.get(id), alarms.history(id));
    }

    @POST
    @Path("/alarms/{id}/acknowledge")
    public Alarm acknowledge(@PathParam("id") long id, Action action) {
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
        MaintenanceWindow created = alarms.addWindow(w.assetId(), w.startsAt(), w.endsAt(), w.reason());
        return Response.status(201).entity(created).build();
    }

    @GET
    @Path("/maintenance-windows")
    @Transactional
    public List<MaintenanceWindow> windows(@QueryParam("asset") String asset) {
        return asset == null ? MaintenanceWindow.listAll() : MaintenanceWindow.list("assetId", asset);
    }
}
