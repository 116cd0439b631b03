package org.facilitymonitor.security;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.TreeSet;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.security.AccountViews.CreatedToken;
import org.facilitymonitor.security.AccountViews.Me;
import org.facilitymonitor.security.AccountViews.NewToken;
import org.facilitymonitor.security.AccountViews.PasswordChange;
import org.facilitymonitor.security.AccountViews.TokenView;

/** The logged-in user: who they are, their password and their personal API tokens. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class MeResource {

    @Inject
    CurrentUser user;
    @Inject
    Accounts accounts;

    @GET
    public Me me() {
        Grant grant = user.grant().orElseThrow();
        return new Me(grant.username(), Roles.ALL.stream().filter(grant.roles()::contains).toList(), grant.allSites(),
                new TreeSet<>(grant.sites()), grant.via());
    }

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(PasswordChange change) {
        if (change == null || change.newPassword() == null) {
            throw ProblemException.badRequest("send {\"currentPassword\": …, \"newPassword\": …}");
        }
        accounts.setPassword(user.name(), change.currentPassword(), true, change.newPassword());
        return Response.noContent().build();
    }

    @GET
    @Path("/tokens")
    public List<TokenView> tokens() {
        return accounts.tokens(user.name());
    }

    /** Creates a token for scripts and integrations; the secret is in the response this once. */
    @POST
    @Path("/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createToken(NewToken request) {
        CreatedToken created = accounts.createToken(user.name(), request);
        return Response.status(201).entity(created).build();
    }

    @DELETE
    @Path("/tokens/{id}")
    public TokenView revoke(@PathParam("id") long id) {
        return accounts.revoke(user.name(), id);
    }
}
