package org.facilitymonitor.edges;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.facilitymonitor.edges.DynamicSecurity.Answer;
import org.facilitymonitor.platform.ProblemException;

/**
 * Gives every edge's broker role the grants this version's contract needs: roles made by an older
 * version lack the newer topics (the receipt topic), and an edge without them would keep every
 * batch, waiting for receipts it may not read. Only missing grants are added; nothing is removed.
 */
@ApplicationScoped
public class EdgeGrants {

    /** What one pass did. */
    public record Result(int edges, int grantsAdded, int failed) {
    }

    @Inject
    DynamicSecurity dynsec;

    private volatile boolean done;

    @Scheduled(every = "${fm.edges.grants-check-interval:10m}", delayed = "15s",
            concurrentExecution = ConcurrentExecution.SKIP)
    void onSchedule() {
        if (done) {
            return;
        }
        try {
            Result r = reconcile();
            done = r.failed() == 0;
        } catch (ProblemException e) {
            Log.warnf("edges: the broker's grants could not be checked (%s); trying again later", e.getMessage());
        }
    }

    /** Adds the grants each edge's role lacks. */
    public Result reconcile() {
        List<Edge> edges = QuarkusTransaction.requiringNew().call(() -> Edge.<Edge>listAll());
        int added = 0;
        int failed = 0;
        for (Edge edge : edges) {
            String role = EdgeService.role(edge.id);
            Answer current = dynsec.execute(List.of(DynamicSecurity.command("getRole").put("rolename", role))).get(0);
            if (!current.ok()) {
                failed++;
                Log.warnf("edges: role %s of edge %s could not be read: %s", role, edge.id, current.error());
                continue;
            }
            Set<String> present = new HashSet<>();
            for (JsonNode acl : current.data().path("role").path("acls")) {
                present.add(acl.path("acltype").asText() + " " + acl.path("topic").asText());
            }
            List<ObjectNode> missing = new ArrayList<>();
            for (JsonNode acl : EdgeTopics.acls(edge.siteId, edge.id)) {
                if (!present.contains(acl.get("acltype").asText() + " " + acl.get("topic").asText())) {
                    missing.add(DynamicSecurity.command("addRoleACL").put("rolename", role)
                            .put("acltype", acl.get("acltype").asText()).put("topic", acl.get("topic").asText())
                            .put("allow", true));
                }
            }
            if (missing.isEmpty()) {
                continue;
            }
            for (Answer a : dynsec.execute(missing)) {
                if (a.ok()) {
                    added++;
                } else {
                    failed++;
                    Log.warnf("edges: a grant of edge %s was refused: %s", edge.id, a.error());
                }
            }
            Log.infof("edges: role %s of edge %s was missing %d grant(s) of this version's contract; added",
                    role, edge.id, missing.size());
        }
        return new Result(edges.size(), added, failed);
    }
}
