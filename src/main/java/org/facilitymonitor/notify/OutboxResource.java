package org.facilitymonitor.notify;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Map;
import org.facilitymonitor.notify.NotifyViews.OutboxPage;
import org.facilitymonitor.notify.NotifyViews.OutboxView;
import org.facilitymonitor.platform.ProblemException;

/** The outbox as operators see it: what is pending, sent, dead, and why. */
@Path("/api/notifications/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

    @Inject
    OutboxStore store;
    @Inject
    Clock clock;

    @GET
    public OutboxPage list(@QueryParam("status") OutboxEntry.Status status, @QueryParam("channel") Channel channel,
            @QueryParam("eventKey") String eventKey,
            @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "must be 0 or more") int page,
            @QueryParam("size") @DefaultValue("100") @Min(value = 1, message = "must be between 1 and 1000")
            @Max(value = 1000, message = "must be between 1 and 1000") int size) {
        return store.list(status, channel, eventKey, page, size);
    }

    /** Rows per status: {"PENDING": n, "SENT": n, "DEAD": n}. */
    @GET
    @Path("/summary")
    public Map<OutboxEntry.Status, Long> summary() {
        return store.countByStatus();
    }

    @GET
    @Path("/{id}")
    public OutboxView get(@PathParam("id") long id) {
        return store.get(id).orElseThrow(() -> ProblemException.notFound("outbox row", String.valueOf(id)));
    }

    /** Sends a DEAD row again with a fresh set of attempts; 409 for a row that is not DEAD. */
    @POST
    @Path("/{id}/retry")
    public OutboxView retry(@PathParam("id") long id) {
        return store.retry(id, clock.instant());
    }
}
