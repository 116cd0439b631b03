package org.facilitymonitor.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Optional;
import java.util.Set;

/**
 * What an authenticated identity may reach: its roles and sites. Carried as an attribute of the
 * {@link SecurityIdentity} so that resources never query the user store again.
 *
 * @param allSites true for admins and users granted every site; {@code sites} is then empty
 * @param via how the user logged in: password, token, oidc
 */
public record Grant(String username, Set<String> roles, boolean allSites, Set<String> sites, String via) {

    public static final String ATTRIBUTE = "fm.grant";

    public Grant {
        roles = Set.copyOf(roles);
        sites = Set.copyOf(sites);
        allSites = allSites || roles.contains(Roles.ADMIN);
    }

    public boolean maySee(String siteId) {
        return allSites || (siteId != null && sites.contains(siteId));
    }

    public Optional<Set<String>> siteFilter() {
        return allSites ? Optional.empty() : Optional.of(sites);
    }

    public static Optional<Grant> of(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous() ? Optional.empty()
                : Optional.ofNullable(identity.getAttribute(ATTRIBUTE));
    }
}
