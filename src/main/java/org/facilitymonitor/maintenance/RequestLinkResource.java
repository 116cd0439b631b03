package org.facilitymonitor.maintenance;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.stream.Collectors;
import org.facilitymonitor.assets.RegistryService;
import org.facilitymonitor.assets.RegistryViews.AssetView;
import org.facilitymonitor.maintenance.WorkOrderViews.NewRequest;
import org.facilitymonitor.maintenance.WorkOrderViews.WorkOrderView;
import org.facilitymonitor.platform.ProblemException;

/**
 * The stable per-asset request link printed as a QR code on the equipment: {@code /request/{assetId}}.
 * A phone gets a plain HTML form (no script) that posts back here; a client asking for JSON gets how to
 * POST /api/work-orders instead.
 */
@Path("/request/{assetId}")
public class RequestLinkResource {

    @Inject
    RegistryService registry;
    @Inject
    WorkOrderService service;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String form(@PathParam("assetId") String assetId) {
        AssetView asset = asset(assetId);
        return page("Report a problem", """
                <p>%s <small>(%s)</small></p>
                <form method="post">
                <p><label>What is wrong?<br><input name="title" required maxlength="200"></label></p>
                <p><label>Details<br><textarea name="description" rows="4"></textarea></label></p>
                <p><label>Your name or e-mail<br><input name="requester" required maxlength="100"></label></p>
                <p><label>Urgency<br><select name="priority">
                <option value="P1">P1 urgent: safety or outage</option>
                <option value="P2">P2 high</option>
                <option value="P3" selected>P3 normal</option>
                <option value="P4">P4 low</option></select></label></p>
                <p><button type="submit">Send request</button></p>
                </form>""".formatted(html(asset.name()), html(asset.id())));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> describe(@PathParam("assetId") String assetId) {
        AssetView asset = asset(assetId);
        return Map.of("assetId", asset.id(), "assetName", asset.name(), "method", "POST", "url", "/api/work-orders",
                "contentType", "application/json",
                "body", Map.of("assetId", asset.id(), "title", "required, at most 200 characters",
                        "description", "optional", "requester", "required: your name or e-mail",
                        "priority", "P1, P2, P3 (default) or P4"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response submit(@PathParam("assetId") String assetId, @FormParam("title") String title,
            @FormParam("description") String description, @FormParam("requester") String requester,
            @FormParam("priority") String priority) {
        asset(assetId);
        try {
            WorkOrderView order = service.request(new NewRequest(assetId, title, description, requester, priority));
            return Response.status(201).entity(page("Request received", "<p>Work order <b>%d</b> for %s was recorded (%s)."
                    .formatted(order.id(), html(assetId), order.priority()) + "</p>")).build();
        } catch (ProblemException e) {
            String problems = e.errors().stream().map(f -> "<li>" + html(f.field() + " " + f.message()) + "</li>")
                    .collect(Collectors.joining());
            return Response.status(e.status()).type(MediaType.TEXT_HTML)
                    .entity(page("Request not recorded", "<ul>" + problems + "</ul><p><a href=\"\">Back</a></p>")).build();
        }
    }

    private AssetView asset(String assetId) {
        return registry.asset(assetId).orElseThrow(() -> ProblemException.notFound("asset", assetId));
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                + "<title>" + html(title) + "</title></head><body><h1>" + html(title) + "</h1>" + body + "</body></html>";
    }

    private static String html(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
