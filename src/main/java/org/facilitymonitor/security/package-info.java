/**
 * Who may do what: logins (passwords, personal API tokens, sessions, OIDC bearer tokens), roles,
 * the sites a user is granted, and the audit log of every state change made over REST.
 */
package org.facilitymonitor.security;
