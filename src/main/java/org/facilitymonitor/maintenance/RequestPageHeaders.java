package org.facilitymonitor.maintenance;

import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * The public request pages are reached by anyone (a QR code on the equipment): no framing, no scripts or
 * other sources, forms posting only back here, no referrer carrying the follow-up key elsewhere. A header
 * already set (by a service-wide filter) is left as it is.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequestPageHeaders {

    Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");

    @Provider
    @RequestPageHeaders
    class Filter implements ContainerResponseFilter {
        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            MultivaluedMap<String, Object> headers = response.getHeaders();
            HEADERS.forEach((name, value) -> {
                if (!headers.containsKey(name)) {
                    headers.putSingle(name, value);
                }
            });
        }
    }
}
