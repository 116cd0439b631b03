package org.facilitymonitor.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A personal API token presented as "Authorization: Bearer fm_…". */
public final class ApiTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
