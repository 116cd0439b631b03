package org.facilitymonitor.notify;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
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
import org.facilitymonitor.security.CurrentUser;
import org.facilitymonitor.security.Roles;

/**
 * The outbox as operators see it: what is pending, sent, dead, and why. Admins and engineers see
 * everything of their sites; managers (who follow their report subscriptions) see the rows without
 * recipients, addresses and errors, which are personal data.
 */
@Path("/api/notifications/outbox")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.ENGINEER, Roles.MANAGER })
public class OutboxResource {

    @Inject
    OutboxStore store;
    @Inject
    Clock clock;
    @Inject
    CurrentUser user;

    @GET
    public OutboxPage list(@QueryParam("status") OutboxEntry.Status status, @QueryParam("channel") Channel channel,
            @QueryParam("eventKey") @Size(max = 200, message = "must be at most 200 characters") String eventKey,
            @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "must be between 0 and 100000")
            @Max(value = 100_000, message = "must be between 0 and 100000") int page,
            @QueryParam("size") @DefaultValue("100") @Min(value = 1, message = "must be between 1 and 1000")
            @Max(value = 1000, message = "must be between 1 and 1000") int size) {
        return store.list(status, channel, eventKey, page, size, user.sites(), user.seesPersonalData());
    }

    /** Rows per status: {"PENDING": n, "SENT": n, "DEAD": n}. */
    @GET
    @Path("/summary")
    public Map<OutboxEntry.Status, Long> summary() {
        return store.countByStatus(user.sites());
    }

    @GET
    @Path("/{id}")
    public OutboxView get(@PathParam("id") long id) {
        return store.get(id, user.sites(), user.seesPersonalData())
                .orElseThrow(() -> ProblemException.notFound("outbox row", String.valueOf(id)));
    }

    /** Sends a DEAD row again with a fresh set of attempts; 409 for a row that is not DEAD. */
    @POST
    @Path("/{id}/retry")
    @RolesAllowed({ Roles.ADMIN, Roles.ENGINEER })
    public OutboxView retry(@PathParam("id") long id) {
        return store.retry(id, clock.instant(), user.sites());
    }
}
