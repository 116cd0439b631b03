package org.facilitymonitor.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.facilitymonitor.security.AccountViews.CreatedUser;
import org.facilitymonitor.security.AccountViews.GeneratedPassword;
import org.facilitymonitor.security.AccountViews.PasswordReset;
import org.facilitymonitor.security.AccountViews.TokenView;
import org.facilitymonitor.security.AccountViews.UserChange;
import org.facilitymonitor.security.AccountViews.UserView;

/** Users of the embedded store, managed by administrators. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class UserResource {

    @Inject
    Accounts accounts;

    @GET
    public List<UserView> list() {
        return accounts.users();
    }

    @GET
    @Path("/{username}")
    public UserView get(@PathParam("username") String username) {
        return accounts.user(username);
    }

    /** Creates a user; without "password" one is generated and returned this once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(AccountViews.NewUser request) {
        CreatedUser created = accounts.create(request);
        return Response.status(201).entity(created).build();
    }

    @PUT
    @Path("/{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserView change(@PathParam("username") String username, UserChange change) {
        return accounts.change(username, change);
    }

    /** Sets the user's password, or generates one (returned this once) when the body has none. */
    @POST
    @Path("/{username}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public GeneratedPassword resetPassword(@PathParam("username") String username, PasswordReset reset) {
        return new GeneratedPassword(accounts.setPassword(username, null, false, reset == null ? null : reset.password())
                .orElse(null));
    }

    @DELETE
    @Path("/{username}")
    public Response delete(@PathParam("username") String username) {
        accounts.delete(username);
        return Response.noContent().build();
    }

    @GET
    @Path("/{username}/tokens")
    public List<TokenView> tokens(@PathParam("username") String username) {
        accounts.requireView(username);
        return accounts.tokens(username);
    }

    @DELETE
    @Path("/{username}/tokens/{id}")
    public TokenView revoke(@PathParam("username") String username, @PathParam("id") long id) {
        return accounts.revoke(username, id);
    }
}
