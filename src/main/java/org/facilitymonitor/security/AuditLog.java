package org.facilitymonitor.security;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.security.AccountViews.AuditView;

/** Writes and reads the audit log. */
@ApplicationScoped
public class AuditLog {

    public static final int MAX_LIMIT = 1000;

    @Inject
    Clock clock;
    @Inject
    MeterRegistry metrics;

    /** In its own transaction: the entry is kept whether or not the request's own work committed. */
    @Transactional(TxType.REQUIRES_NEW)
    public void record(String actor, String role, String method, String path, int status, String remote) {
        AuditEntry entry = new AuditEntry();
        entry.at = clock.instant();
        entry.actor = truncate(actor, 200);
        entry.role = truncate(role, 100);
        entry.method = truncate(method, 10);
        entry.path = truncate(path, 2000);
        entry.status = status;
        entry.remote = truncate(remote, 100);
        entry.persist();
        metrics.counter("fm_audit_entries").increment();
    }

    @Transactional
    public List<AuditView> read(Instant from, Instant to, String actor, Long before, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalid("bad query", List.of(new ProblemException.FieldError("limit",
                    "must be between 1 and " + MAX_LIMIT)));
        }
        StringBuilder where = new StringBuilder("1 = 1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (from != null) {
            where.append(" and at >= :from");
            params.put("from", from);
        }
        if (to != null) {
            where.append(" and at < :to");
            params.put("to", to);
        }
        if (actor != null) {
            where.append(" and actor = :actor");
            params.put("actor", actor);
        }
        if (before != null) {
            where.append(" and id < :before");
            params.put("before", before);
        }
        return AuditEntry.<AuditEntry>find(where + " order by id desc", params).page(0, limit).list().stream()
                .map(AuditView::of).toList();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
