package org.facilitymonitor.energy.reports;

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
import java.net.URI;
import java.util.List;
import org.facilitymonitor.energy.EnergyAccess;
import org.facilitymonitor.energy.reports.ReportViews.SubscriptionUpsert;
import org.facilitymonitor.energy.reports.ReportViews.SubscriptionView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.security.Roles;

/**
 * Report subscriptions: who gets which site's monthly report, on which day, in which language. Every
 * role reads them, only admin, engineer and manager with their recipients (e-mail addresses); managers
 * and admins change them.
 */
@Path("/api/energy/report-subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ENGINEER, Roles.CREW, Roles.MANAGER, Roles.VIEWER})
public class SubscriptionResource {

    @Inject
    SubscriptionService subscriptions;
    @Inject
    EnergyAccess access;

    @GET
    public List<SubscriptionView> list(@QueryParam("site") @Pattern(regexp = ID_REGEX, message = ID_MESSAGE) String site) {
        return access.granted(subscriptions.list(site), SubscriptionView::site).stream().map(this::shown).toList();
    }

    @GET
    @Path("/{id}")
    public SubscriptionView get(@PathParam("id") long id) {
        return shown(visible(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public Response create(SubscriptionUpsert body) {
        SubscriptionView created = subscriptions.create(body);
        return Response.created(URI.create("/api/energy/report-subscriptions/" + created.id())).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public SubscriptionView replace(@PathParam("id") long id, SubscriptionUpsert body) {
        visible(id);
        return subscriptions.replace(id, body);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MANAGER})
    public Response delete(@PathParam("id") long id) {
        visible(id);
        subscriptions.delete(id);
        return Response.noContent().build();
    }

    private SubscriptionView visible(long id) {
        return subscriptions.get(id).filter(s -> access.maySee(s.site()))
                .orElseThrow(() -> ProblemException.notFound("report subscription", String.valueOf(id)));
    }

    private SubscriptionView shown(SubscriptionView s) {
        return access.seesRecipients() ? s : s.withoutRecipients();
    }
}
