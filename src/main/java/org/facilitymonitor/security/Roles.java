package org.facilitymonitor.security;

import java.util.List;

/** The roles of the platform; docs/security.md says what each may read and change. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String ENGINEER = "engineer";
    public static final String CREW = "crew";
    public static final String MANAGER = "manager";
    public static final String VIEWER = "viewer";

    /** Highest first: an OIDC user with several of these acts with all of them. */
    public static final List<String> ALL = List.of(ADMIN, ENGINEER, MANAGER, CREW, VIEWER);

    private Roles() {
    }

    public static boolean isKnown(String role) {
        return ALL.contains(role);
    }
}
