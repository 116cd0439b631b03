package org.facilitymonitor.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.facilitymonitor.security.AccountViews.AuditView;

/** The audit log, newest first; page back with {@code before} = the last id of a page. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AuditResource {

    @Inject
    AuditLog log;

    @GET
    public List<AuditView> list(@QueryParam("from") Instant from, @QueryParam("to") Instant to,
            @QueryParam("actor") String actor, @QueryParam("before") Long before,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        return log.read(from, to, actor, before, limit);
    }
}
