package org.facilitymonitor.security;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A browser on another site can POST text/plain, form-encoded or multipart bodies without asking
 * first (no CORS preflight), carrying the user's cached credentials. So a write endpoint accepts
 * those three types only where it declares them in @Consumes; any other write with them is 415.
 */
public class DeclaredContentTypes {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> CROSS_SITE_TYPES = Set.of("text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data");

    @ServerRequestFilter
    public Response check(ContainerRequestContext request, ResourceInfo resource) {
        MediaType type = request.getMediaType();
        if (!WRITES.contains(request.getMethod()) || type == null) {
            return null;
        }
        String essence = type.getType().toLowerCase() + "/" + type.getSubtype().toLowerCase();
        if (!CROSS_SITE_TYPES.contains(essence) || declares(resource, essence)) {
            return null;
        }
        return Response.status(415).type("application/problem+json").entity(Map.of(
                "type", "about:blank", "title", "Unsupported media type", "status", 415,
                "detail", "Content-Type " + essence + " is not accepted here; send application/json")).build();
    }

    private static boolean declares(ResourceInfo resource, String essence) {
        Method method = resource.getResourceMethod();
        Consumes consumes = method == null ? null : method.getAnnotation(Consumes.class);
        if (consumes == null && resource.getResourceClass() != null) {
            consumes = resource.getResourceClass().getAnnotation(Consumes.class);
        }
        return consumes != null && Arrays.stream(consumes.value())
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(v -> v.trim().toLowerCase())
                .anyMatch(v -> v.startsWith(essence));
    }
}
