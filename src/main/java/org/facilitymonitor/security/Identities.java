package org.facilitymonitor.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

final class Identities {

    private Identities() {
    }

    static SecurityIdentity of(Grant grant) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(grant.username()))
                .addRoles(grant.roles())
                .addAttribute(Grant.ATTRIBUTE, grant)
                .build();
    }
}
