package org.facilitymonitor.edges;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.facilitymonitor.assets.Site;
import org.facilitymonitor.edges.DynamicSecurity.Answer;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.security.CurrentUser;

/**
 * Edge accounts: a row here for the list, and in the broker's dynamic-security plugin a client
 * (username and client id = the edge id) with a role of its own that grants exactly its topics.
 * The row is written first and the plugin changed inside the same transaction, so a refused or
 * unanswered broker command leaves no row behind.
 */
@ApplicationScoped
@Transactional
public class EdgeService {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Set<String> RESERVED = Set.of("dead-letter", "alerts", "fm-service");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Body of POST /api/edges. */
    public record EdgeRequest(String id, String site, String description) {
    }

    /** An edge without secrets. */
    public record EdgeView(String id, String site, String description, String username, String clientId,
            boolean enabled, Instant createdAt, String createdBy, Instant rotatedAt, Instant updatedAt,
            List<String> publishes, List<String> subscribes) {
        static EdgeView of(Edge e) {
            return new EdgeView(e.id, e.siteId, e.description, e.username, e.clientId, e.enabled, e.createdAt,
                    e.createdBy, e.rotatedAt, e.updatedAt, EdgeTopics.publishes(e.siteId, e.id),
                    EdgeTopics.subscribes(e.siteId, e.id));
        }
    }

    /** The answer of create and rotate: the only time the password is shown. */
    public record EdgeCredentials(EdgeView edge, String brokerUsername, String clientId, String password) {
    }

    @Inject
    DynamicSecurity dynsec;
    @Inject
    CurrentUser user;
    @Inject
    EdgesConfig config;
    @Inject
    Clock clock;

    public List<EdgeView> list(String site) {
        Optional<Set<String>> granted = user.sites();
        List<Edge> edges = site == null ? Edge.listAll(Sort.by("id")) : Edge.list("siteId", Sort.by("id"), site);
        return edges.stream().filter(e -> granted.map(g -> g.contains(e.siteId)).orElse(true)).map(EdgeView::of)
                .toList();
    }

    public EdgeView get(String id) {
        return EdgeView.of(find(id));
    }

    public EdgeCredentials create(EdgeRequest body) {
        if (body == null) {
            throw ProblemException.badRequest("request body is missing: send {id, site, description?}");
        }
        List<FieldError> errors = new ArrayList<>();
        if (!Ids.isValid(body.id())) {
            errors.add(new FieldError("id", body.id() == null ? "is required" : Ids.ID_MESSAGE));
        } else if (RESERVED.contains(body.id())) {
            errors.add(new FieldError("id", "'" + body.id() + "' is reserved"));
        }
        if (body.site() == null) {
            errors.add(new FieldError("site", "is required"));
        }
        if (body.description() != null && (body.description().length() > 500 || body.description().chars().anyMatch(Character::isISOControl))) {
            errors.add(new FieldError("description", "at most 500 characters, no control characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("edge is invalid", errors);
        }
        user.requireSite(body.site());
        if (Site.findById(body.site()) == null) {
            throw ProblemException.notFound("site", body.site());
        }
        if (Edge.findById(body.id()) != null) {
            throw ProblemException.conflict("edge '" + body.id() + "' exists already");
        }
        Instant now = clock.instant();
        Edge edge = new Edge();
        edge.id = body.id();
        edge.siteId = body.site();
        edge.description = body.description();
        edge.username = body.id();
        edge.clientId = body.id();
        edge.enabled = true;
        edge.createdAt = now;
        edge.createdBy = user.name();
        edge.updatedAt = now;
        edge.persistAndFlush();

        String password = password();
        String role = role(edge.id);
        ObjectNode createRole = DynamicSecurity.command("createRole").put("rolename", role)
                .put("textdescription", "edge " + edge.id + " of site " + edge.siteId);
        createRole.set("acls", EdgeTopics.acls(edge.siteId, edge.id));
        ArrayNode roles = DynamicSecurity.array();
        roles.addObject().put("rolename", role);
        ObjectNode createClient = DynamicSecurity.command("createClient").put("username", edge.username)
                .put("password", password).put("clientid", edge.clientId).put("textname", "edge " + edge.id);
        createClient.set("roles", roles);
        List<Answer> answers = dynsec.execute(List.of(createRole, createClient));
        if (!answers.get(1).ok()) {
            if (answers.get(0).ok()) {
                dynsec.execute(List.of(DynamicSecurity.command("deleteRole").put("rolename", role)));
            }
            throw refused("create", edge.id, answers.get(1));
        }
        if (!answers.get(0).ok()) {
            // A role left from an account made outside this API: the client would lack its grants.
            dynsec.execute(List.of(DynamicSecurity.command("deleteClient").put("username", edge.username)));
            throw refused("create", edge.id, answers.get(0));
        }
        return new EdgeCredentials(EdgeView.of(edge), edge.username, edge.clientId, password);
    }

    /** A new password; the broker refuses the old one from now on and disconnects the edge. */
    public EdgeCredentials rotate(String id) {
        Edge edge = find(id);
        String password = password();
        expect("rotate", edge, List.of(
                DynamicSecurity.command("setClientPassword").put("username", edge.username).put("password", password),
                // 2.0's setClientPassword keeps a connected client on: a re-login with the new password is required.
                DynamicSecurity.command("disableClient").put("username", edge.username),
                DynamicSecurity.command(edge.enabled ? "enableClient" : "disableClient").put("username", edge.username)));
        edge.rotatedAt = clock.instant();
        edge.updatedAt = edge.rotatedAt;
        return new EdgeCredentials(EdgeView.of(edge), edge.username, edge.clientId, password);
    }

    /** Disabled in the plugin, which disconnects the edge and refuses its logins until enabled. */
    public EdgeView setEnabled(String id, boolean enabled) {
        Edge edge = find(id);
        expect(enabled ? "enable" : "disable", edge,
                List.of(DynamicSecurity.command(enabled ? "enableClient" : "disableClient").put("username", edge.username)));
        if (edge.enabled != enabled) {
            edge.enabled = enabled;
            edge.updatedAt = clock.instant();
        }
        return EdgeView.of(edge);
    }

    /** Revokes the account: deleted from the plugin (which disconnects it) and from the list. */
    public void delete(String id) {
        Edge edge = find(id);
        edge.delete();
        List<Answer> answers = dynsec.execute(List.of(
                DynamicSecurity.command("deleteClient").put("username", edge.username),
                DynamicSecurity.command("deleteRole").put("rolename", role(edge.id))));
        for (Answer a : answers) {
            if (!a.ok() && !a.error().toLowerCase().contains("not found")) {
                throw refused("delete", edge.id, a);
            }
        }
    }

    private Edge find(String id) {
        Edge edge = Ids.isValid(id) ? Edge.findById(id) : null;
        if (edge == null || !user.maySee(edge.siteId)) {
            throw ProblemException.notFound("edge", id);
        }
        return edge;
    }

    private void expect(String action, Edge edge, List<ObjectNode> commands) {
        for (Answer a : dynsec.execute(commands)) {
            if (!a.ok()) {
                throw refused(action, edge.id, a);
            }
        }
    }

    private static ProblemException refused(String action, String edge, Answer answer) {
        boolean exists = answer.error().toLowerCase().contains("already exists");
        return new ProblemException(exists ? 409 : 502, exists ? "Conflict" : "Broker refused",
                "the broker's dynamic-security plugin refused to " + action + " edge '" + edge + "': "
                        + answer.command() + ": " + answer.error(), List.of());
    }

    static String role(String edge) {
        return "edge-" + edge;
    }

    private String password() {
        StringBuilder out = new StringBuilder(config.passwordLength());
        for (int i = 0; i < config.passwordLength(); i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
