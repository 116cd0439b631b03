package org.facilitymonitor.maintenance;

import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.facilitymonitor.assets.RegistryService;
import org.facilitymonitor.assets.RegistryViews.AssetView;
import org.facilitymonitor.maintenance.WorkOrderViews.FollowUpView;
import org.facilitymonitor.maintenance.WorkOrderViews.NewRequest;
import org.facilitymonitor.maintenance.WorkOrderViews.Receipt;
import org.facilitymonitor.platform.ProblemException;

/**
 * The stable per-asset request link printed as a QR code on the equipment: {@code /request/{assetId}}, open
 * to anyone. A phone gets a plain HTML form (no script) that posts back here; a client asking for JSON gets how
 * to post JSON here. Posting is rate-limited per client address and per asset ({@link RequestFormLimiter}).
 * A request made without a login gets a follow-up link with a key, shown once, with which its requester (and
 * nobody else) accepts and rates the work: {@code /request/{assetId}/orders/{id}?key=…}.
 */
@Path("/request/{assetId}")
@PermitAll
@RequestPageHeaders
public class RequestLinkResource {

    @Inject
    RegistryService registry;
    @Inject
    WorkOrderService service;
    @Inject
    RequestFormLimiter limiter;
    @Context
    HttpServerRequest http;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String form(@PathParam("assetId") String assetId) {
        AssetView asset = asset(assetId);
        return page("Report a problem", """
                <p>%s <small>(%s)</small></p>
                <form method="post">
                <p><label>What is wrong?<br><input name="title" required maxlength="200"></label></p>
                <p><label>Details<br><textarea name="description" rows="4" maxlength="%d"></textarea></label></p>
                <p><label>Your name, e-mail or phone<br><input name="contact" required maxlength="200"></label></p>
                <p><label>Urgency<br><select name="priority">
                <option value="P1">P1 urgent: safety or outage</option>
                <option value="P2">P2 high</option>
                <option value="P3" selected>P3 normal</option>
                <option value="P4">P4 low</option></select></label></p>
                <p><button type="submit">Send request</button></p>
                </form>""".formatted(html(asset.name()), html(asset.id()), WorkOrderService.PUBLIC_DESCRIPTION_MAX));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> describe(@PathParam("assetId") String assetId) {
        AssetView asset = asset(assetId);
        return Map.of("assetId", asset.id(), "assetName", asset.name(), "method", "POST", "url", "/request/" + asset.id(),
                "contentType", "application/json",
                "body", Map.of("title", "required, one line, at most 200 characters",
                        "description", "optional, at most " + WorkOrderService.PUBLIC_DESCRIPTION_MAX + " characters",
                        "contact", "required: your name, e-mail or phone, one line, at most 200 characters",
                        "priority", "P1, P2, P3 (default) or P4"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response submit(@PathParam("assetId") String assetId, @FormParam("title") String title,
            @FormParam("description") String description, @FormParam("contact") String contact,
            @FormParam("requester") String requester, @FormParam("priority") String priority) {
        asset(assetId);
        Optional<RequestFormLimiter.Refusal> refused = limiter.admit(client(), assetId);
        if (refused.isPresent()) {
            return Response.status(429).header("Retry-After", refused.get().retryAfterSeconds()).type(MediaType.TEXT_HTML)
                    .entity(page("Too many requests", "<p>" + html(refused.get().detail()) + "</p>")).build();
        }
        try {
            Receipt r = service.requestFromForm(new NewRequest(assetId, title, description, null,
                    contact != null ? contact : requester, priority));
            String followUp = r.key() == null ? "" : """
                    <p>Keep this link to follow your request, accept the work and rate it (it is shown only once,
                    and anyone with it can do so): <a href="%1$s">%1$s</a></p>""".formatted(html(followUpUrl(r)));
            return Response.status(201).type(MediaType.TEXT_HTML).entity(page("Request received",
                    "<p>Work order <b>%d</b> for %s was recorded (%s).</p>".formatted(r.id(), html(assetId), r.priority())
                            + followUp)).build();
        } catch (ProblemException e) {
            return problemPage(e);
        }
    }

    /** The same as the form, for scripts and apps: answers the receipt (with the follow-up key) as JSON. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submitJson(@PathParam("assetId") String assetId, NewRequest body) {
        asset(assetId);
        Optional<RequestFormLimiter.Refusal> refused = limiter.admit(client(), assetId);
        if (refused.isPresent()) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", "Too many requests");
            problem.put("status", 429);
            problem.put("detail", refused.get().detail());
            return Response.status(429).header("Retry-After", refused.get().retryAfterSeconds())
                    .type("application/problem+json").entity(problem).build();
        }
        NewRequest r = body == null ? null : new NewRequest(assetId, body.title(), body.description(), null,
                body.contact() != null ? body.contact() : body.requester(), body.priority());
        Receipt receipt = service.requestFromForm(r);
        Receipt shown = new Receipt(receipt.id(), receipt.assetId(), receipt.state(), receipt.priority(),
                receipt.key() == null ? null : followUpUrl(receipt), receipt.key());
        return Response.created(URI.create(receipt.followUp())).entity(shown).build();
    }

    /** The public requester's view of their order; 404 unless {@code key} is the order's follow-up key. */
    @GET
    @Path("/orders/{id}")
    public Response followUp(@PathParam("assetId") String assetId, @PathParam("id") long id, @QueryParam("key") String key,
            @Context HttpHeaders headers) {
        return reply(headers, 200, service.followUp(assetId, id, key), key);
    }

    @POST
    @Path("/orders/{id}/accept")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response accept(@PathParam("assetId") String assetId, @PathParam("id") long id, @FormParam("key") String key,
            @FormParam("comment") String comment, @Context HttpHeaders headers) {
        return act(headers, assetId, id, key, WorkOrderState.ACCEPTED, null, comment);
    }

    @POST
    @Path("/orders/{id}/rate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rate(@PathParam("assetId") String assetId, @PathParam("id") long id, @FormParam("key") String key,
            @FormParam("rating") Integer rating, @FormParam("comment") String comment, @Context HttpHeaders headers) {
        return act(headers, assetId, id, key, WorkOrderState.RATED, rating, comment);
    }

    private Response act(HttpHeaders headers, String assetId, long id, String key, WorkOrderState to, Integer rating,
            String comment) {
        try {
            return reply(headers, 200, service.actByKey(assetId, id, key, to, rating, comment), key);
        } catch (ProblemException e) {
            if (wantsJson(headers)) {
                throw e;
            }
            return problemPage(e);
        }
    }

    private Response reply(HttpHeaders headers, int status, FollowUpView v, String key) {
        if (wantsJson(headers)) {
            return Response.status(status).type(MediaType.APPLICATION_JSON).entity(v).build();
        }
        String base = "/request/" + path(v.assetId()) + "/orders/" + v.id();
        String hidden = "<input type=\"hidden\" name=\"key\" value=\"" + html(key) + "\">";
        StringBuilder body = new StringBuilder("<p>Work order <b>%d</b>: %s</p><p>State: <b>%s</b> (%s)</p>"
                .formatted(v.id(), html(v.title()), v.state(), v.priority()));
        if (v.rating() != null) {
            body.append("<p>Your rating: ").append(v.rating()).append(" of 5</p>");
        }
        if (v.actions().contains("accept")) {
            body.append("<form method=\"post\" action=\"").append(html(base)).append("/accept\">").append(hidden)
                    .append("<p><label>Comment<br><textarea name=\"comment\" rows=\"3\"></textarea></label></p>")
                    .append("<p><button type=\"submit\">The work is done: accept it</button></p></form>");
        }
        if (v.actions().contains("rate")) {
            body.append("<form method=\"post\" action=\"").append(html(base)).append("/rate\">").append(hidden)
                    .append("<p><label>Rating<br><select name=\"rating\"><option>5</option><option>4</option>")
                    .append("<option>3</option><option>2</option><option>1</option></select></label></p>")
                    .append("<p><label>Comment<br><textarea name=\"comment\" rows=\"3\"></textarea></label></p>")
                    .append("<p><button type=\"submit\">Rate</button></p></form>");
        }
        return Response.status(status).type(MediaType.TEXT_HTML).entity(page("Your request", body.toString())).build();
    }

    private static boolean wantsJson(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardType()) {
                return false;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()) {
                return true;
            }
        }
        return false;
    }

    private String client() {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }

    private static String followUpUrl(Receipt r) {
        return "/request/" + path(r.assetId()) + "/orders/" + r.id() + "?key=" + r.key();
    }

    private Response problemPage(ProblemException e) {
        String problems = e.errors().isEmpty() ? "<li>" + html(e.getMessage()) + "</li>"
                : e.errors().stream().map(f -> "<li>" + html(f.field() + " " + f.message()) + "</li>")
                        .collect(Collectors.joining());
        return Response.status(e.status()).type(MediaType.TEXT_HTML)
                .entity(page("Request not recorded", "<ul>" + problems + "</ul><p><a href=\"\">Back</a></p>")).build();
    }

    private AssetView asset(String assetId) {
        return registry.asset(assetId).orElseThrow(() -> ProblemException.notFound("asset", assetId));
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                + "<title>" + html(title) + "</title></head><body><h1>" + html(title) + "</h1>" + body + "</body></html>";
    }

    private static String html(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
