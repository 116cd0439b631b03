package org.facilitymonitor.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.junit.jupiter.api.Test;

/**
 * Every SQL query of the Maintenance dashboard (panels and the alarm annotations, also on the
 * Facility overview), with Grafana's macros substituted, runs against the real PostgreSQL schema
 * and returns the fixture's alarms and work orders.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class MaintenanceDashboardTest {

    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([a-z_]+)\\)");
    private static final Pattern TIME_GROUP = Pattern.compile("\\$__timeGroupAlias\\(([a-z_]+), '1([hd])'\\)");

    @Inject
    EntityManager em;

    static String concrete(String sql) {
        Matcher m = TIME_FILTER.matcher(sql);
        String s = m.replaceAll("$1 BETWEEN now() - interval '30 days' AND now() + interval '1 day'");
        Matcher g = TIME_GROUP.matcher(s);
        StringBuilder out = new StringBuilder();
        while (g.find()) {
            g.appendReplacement(out, "date_trunc('" + (g.group(2).equals("h") ? "hour" : "day") + "', " + g.group(1)
                    + ") AS \"time\"");
        }
        g.appendTail(out);
        return out.toString();
    }

    static Map<String, String> queries() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> out = new LinkedHashMap<>();
        Path dir = NativeStack.repositoryRoot().resolve("grafana/dashboards");
        JsonNode maintenance = json.readTree(dir.resolve("maintenance.json").toFile());
        for (JsonNode p : maintenance.path("panels")) {
            for (JsonNode t : p.path("targets")) {
                assertThat(t.path("datasource").path("uid").asText()).isEqualTo("fm-postgres");
                out.put("maintenance: " + p.path("title").asText() + " #" + p.path("id").asInt(), t.path("rawSql").asText());
            }
        }
        for (String file : List.of("maintenance.json", "facility-overview.json")) {
            for (JsonNode a : json.readTree(dir.resolve(file).toFile()).path("annotations").path("list")) {
                if ("fm-postgres".equals(a.path("datasource").path("uid").asText())) {
                    out.put(file + ": annotation " + a.path("name").asText(), a.path("target").path("rawSql").asText());
                }
            }
        }
        return out;
    }

    @Test
    void everyQueryRunsAndShowsTheFixture() throws Exception {
        long[] ids = QuarkusTransaction.requiringNew().call(() -> {
            Number rule = (Number) em.createNativeQuery("insert into rule (name, site_id, asset_id, point_id, kind, params,"
                    + " severity, created_at, updated_at) values ('dashboard fixture', 'demo-campus', 'dorm-ahu-1',"
                    + " 'dorm-ahu-1-filter-dp', 'THRESHOLD', '{}', 'MAJOR', now(), now()) returning id").getSingleResult();
            Number alarm = (Number) em.createNativeQuery("insert into alarm (rule_id, site_id, asset_id, point_id, severity,"
                    + " status, message, raised_at, last_ts) values (?1, 'demo-campus', 'dorm-ahu-1', 'dorm-ahu-1-filter-dp',"
                    + " 'MAJOR', 'ACTIVE_UNACK', 'dashboard fixture alarm', now() - interval '2 hours', now()) returning id")
                    .setParameter(1, rule.longValue()).getSingleResult();
            Number overdue = (Number) em.createNativeQuery("insert into work_order (kind, origin, asset_id, title, requester,"
                    + " priority, state, requested_at, dispatch_due, start_due, complete_due, updated_at) values ('REQUEST',"
                    + " 'test', 'dorm-ahu-1', 'dashboard fixture overdue', 'tester', 'P1', 'REQUESTED', now() - interval '3 hours',"
                    + " now() - interval '2 hours', now() - interval '1 hour', now() + interval '1 hour', now()) returning id")
                    .getSingleResult();
            em.createNativeQuery("insert into work_order (kind, origin, asset_id, title, requester, priority, state,"
                    + " requested_at, dispatched_at, started_at, completed_at, dispatch_due, start_due, complete_due, updated_at)"
                    + " values ('REQUEST', 'test', 'dorm-ahu-1', 'dashboard fixture done', 'tester', 'P3', 'COMPLETED',"
                    + " now() - interval '5 hours', now() - interval '4 hours', now() - interval '3 hours', now() - interval '1 hour',"
                    + " now() - interval '4 hours', now(), now(), now())").executeUpdate();
            return new long[] {rule.longValue(), alarm.longValue(), overdue.longValue()};
        });
        Map<String, String> queries = queries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(13);
        for (Map.Entry<String, String> q : queries.entrySet()) {
            String sql = concrete(q.getValue());
            assertThat(sql).as("%s uses only the macros this test knows", q.getKey()).doesNotContain("$__");
            List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(sql).getResultList());
            assertThat(rows).as("%s returns rows:%n%s", q.getKey(), sql).isNotEmpty();
            String all = rows.stream().map(r -> r instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(r))
                    .reduce("", String::concat);
            if (q.getKey().contains("Overdue work orders #10")) {
                assertThat(all).contains("dashboard fixture overdue");
            }
            if (q.getKey().contains("Active alarms #7")) {
                assertThat(all).contains("dashboard fixture alarm");
            }
            if (q.getKey().contains("annotation")) {
                assertThat(all).contains("dashboard fixture alarm");
            }
        }
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("delete from alarm where id = ?1").setParameter(1, ids[1]).executeUpdate();
            em.createNativeQuery("delete from rule where id = ?1").setParameter(1, ids[0]).executeUpdate();
            em.createNativeQuery("delete from work_order where title like 'dashboard fixture%'").executeUpdate();
        });
    }
}
