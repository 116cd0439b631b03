package org.facilitymonitor.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.TreeSet;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Writes every state-changing REST request to the audit log, refused ones included: who (from the
 * identity), what (method, path, status), when and from where. Bodies are not logged, so the log
 * holds no passwords or personal data.
 */
public class AuditFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&](?:key|token|access_token|password)=)[^&#]*");

    @Inject
    AuditLog log;
    @Inject
    SecurityIdentity identity;
    @Inject
    ManagedExecutor executor;

    /** Secrets in a query (the public requester's follow-up key, tokens) never reach the log. */
    static String redact(String uri) {
        return SECRET_PARAMETER.matcher(uri).replaceAll("$1***");
    }

    @ServerResponseFilter
    public void audit(ContainerRequestContext request, ContainerResponseContext response, HttpServerRequest http) {
        if (READS.contains(request.getMethod())) {
            return;
        }
        String actor = identity.isAnonymous() ? CurrentUser.ANONYMOUS : identity.getPrincipal().getName();
        String roles = identity.isAnonymous() ? null : String.join(",", new TreeSet<>(identity.getRoles()));
        String path = redact(http.uri());
        String remote = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        String method = request.getMethod();
        int status = response.getStatus();
        if (Context.isOnEventLoopThread()) {
            executor.execute(() -> log.record(actor, roles, method, path, status, remote));
        } else {
            log.record(actor, roles, method, path, status, remote);
        }
    }
}
