package org.facilitymonitor.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns an identity provider's token into a platform identity: roles and sites come from two
 * claims of the token (fm_roles, fm_sites by default); roles the platform does not know are
 * dropped, and a token without any known role gets no access beyond the health check.
 */
@ApplicationScoped
public class OidcGrants implements SecurityIdentityAugmentor {

    @Inject
    SecurityConfig config;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(Grant.ATTRIBUTE) != null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String role : strings(jwt.getClaim(config.oidc().rolesClaim()))) {
            if (Roles.isKnown(role)) {
                roles.add(role);
            }
        }
        Set<String> sites = new LinkedHashSet<>(strings(jwt.getClaim(config.oidc().sitesClaim())));
        boolean allSites = sites.remove("*");
        Grant grant = new Grant(identity.getPrincipal().getName(), roles, allSites, sites, "oidc");
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(Grant.ATTRIBUTE, grant)
                .addRoles(roles);
        return Uni.createFrom().item(builder.build());
    }

    private static List<String> strings(Object claim) {
        if (claim == null) {
            return List.of();
        }
        if (claim instanceof jakarta.json.JsonArray array) {
            return array.stream().map(v -> v instanceof jakarta.json.JsonString s ? s.getString() : v.toString()).toList();
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        String text = claim instanceof jakarta.json.JsonString s ? s.getString() : claim.toString();
        return List.of(text.split("[ ,]+"));
    }
}
