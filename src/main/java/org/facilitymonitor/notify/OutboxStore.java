package org.facilitymonitor.notify;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.facilitymonitor.notify.NotifyViews.OutboxPage;
import org.facilitymonitor.notify.NotifyViews.OutboxView;
import org.facilitymonitor.notify.OutboxEntry.Status;
import org.facilitymonitor.platform.ProblemException;

/** The outbox's state changes, each in its own short transaction, and its listings. */
@ApplicationScoped
@Transactional
public class OutboxStore {

    /**
     * A due row nobody holds: several instances run this concurrently, SKIP LOCKED makes each take a
     * different row, and the lease (claimed_until) keeps it theirs after the claim commits.
     */
    private static final String NEXT_DUE = """
            select * from notify_outbox
             where status = 'PENDING' and next_attempt_at <= :now and (claimed_until is null or claimed_until <= :now)
             order by next_attempt_at, id
             limit 1
             for update skip locked
            """;

    @Inject
    EntityManager em;
    @Inject
    NotifyMetrics metrics;

    /** What became of a failed attempt. */
    enum FailureOutcome {
        RETRY, DEAD, NOT_OURS
    }

    /**
     * Claims the next due row for {@code instance} until {@code now + lease} and counts the attempt.
     * A row whose previous sender used its last attempt and then vanished (lease expired, never marked)
     * becomes DEAD here instead.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Delivery> claimNext(String instance, Instant now, Duration lease, int maxAttempts) {
        while (true) {
            @SuppressWarnings("unchecked")
            List<OutboxEntry> due = em.createNativeQuery(NEXT_DUE, OutboxEntry.class).setParameter("now", now)
                    .getResultList();
            if (due.isEmpty()) {
                return Optional.empty();
            }
            OutboxEntry row = due.get(0);
            if (row.attempts >= maxAttempts) {
                row.status = Status.DEAD;
                row.claimedUntil = null;
                row.lastError = truncate("claimed by " + row.claimedBy + " for its last attempt, never marked sent; "
                        + (row.lastError == null ? "" : row.lastError));
                metrics.dead(row.channel);
                em.flush();
                continue;
            }
            row.attempts++;
            row.claimedBy = instance;
            row.claimedUntil = now.plus(lease);
            return Optional.of(row.delivery());
        }
    }

    /** Marks a delivery sent; true unless it was no longer pending. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean markSent(long id, Instant now) {
        return OutboxEntry.update("status = ?1, sentAt = ?2, claimedUntil = null where id = ?3 and status = ?4",
                Status.SENT, now, id, Status.PENDING) == 1;
    }

    /**
     * Records a failed attempt: due again after the policy's backoff, or DEAD after the last attempt.
     * Left alone when another instance has claimed the row since (this sender's lease expired).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public FailureOutcome markFailed(long id, String instance, String error, Instant now, RetryPolicy policy) {
        OutboxEntry row = em.find(OutboxEntry.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (row == null || row.status != Status.PENDING || !instance.equals(row.claimedBy)) {
            return FailureOutcome.NOT_OURS;
        }
        row.lastError = truncate(error);
        row.claimedUntil = null;
        Optional<Instant> next = policy.nextAttempt(row.attempts, now);
        if (next.isEmpty()) {
            row.status = Status.DEAD;
            return FailureOutcome.DEAD;
        }
        row.nextAttemptAt = next.get();
        return FailureOutcome.RETRY;
    }

    /** Records a delivery that can never succeed as addressed: DEAD now; false when the row was no longer ours. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean markUndeliverable(long id, String instance, String error) {
        return OutboxEntry.update("status = ?1, lastError = ?2, claimedUntil = null where id = ?3 and status = ?4 and claimedBy = ?5",
                Status.DEAD, truncate(error), id, Status.PENDING, instance) == 1;
    }

    /**
     * A page of rows, newest first, of the given sites only ({@code sites} empty: every site); with
     * {@code personal} false, recipients, addresses and errors are left out.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public OutboxPage list(Status status, Channel channel, String eventKey, int page, int size,
            Optional<Set<String>> sites, boolean personal) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (sites.isPresent()) {
            q.append(" and site in :sites");
            params.and("sites", sites.get().isEmpty() ? Set.of("") : sites.get());
        }
        if (status != null) {
            q.append(" and status = :status");
            params.and("status", status);
        }
        if (channel != null) {
            q.append(" and channel = :channel");
            params.and("channel", channel);
        }
        if (eventKey != null && !eventKey.isBlank()) {
            q.append(" and eventKey = :eventKey");
            params.and("eventKey", eventKey);
        }
        var query = OutboxEntry.<OutboxEntry>find(q.toString(), Sort.descending("id"), params).page(Page.of(page, size));
        return new OutboxPage(query.list().stream().map(e -> OutboxView.of(e, personal)).toList(), page, size,
                query.count());
    }

    /** The row, when it belongs to one of {@code sites} (empty: every site). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<OutboxView> get(long id, Optional<Set<String>> sites, boolean personal) {
        return OutboxEntry.<OutboxEntry>findByIdOptional(id).filter(e -> sites.isEmpty() || sites.get().contains(e.site))
                .map(e -> OutboxView.of(e, personal));
    }

    /** Rows per status (all three present) of the given sites (empty: every site). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Status, Long> countByStatus(Optional<Set<String>> sites) {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0L);
        }
        var query = em.createQuery("select e.status, count(e) from OutboxEntry e"
                + (sites.isPresent() ? " where e.site in :sites" : "") + " group by e.status", Object[].class);
        if (sites.isPresent()) {
            query.setParameter("sites", sites.get().isEmpty() ? Set.of("") : sites.get());
        }
        for (Object[] row : query.getResultList()) {
            counts.put((Status) row[0], (Long) row[1]);
        }
        return counts;
    }

    /** Gives a DEAD delivery of one of {@code sites} (empty: every site) a fresh set of attempts, due now (e.g. after fixing a webhook URL). */
    public OutboxView retry(long id, Instant now, Optional<Set<String>> sites) {
        OutboxEntry row = em.find(OutboxEntry.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (row == null || sites.isPresent() && !sites.get().contains(row.site)) {
            throw ProblemException.notFound("outbox row", String.valueOf(id));
        }
        if (row.status != Status.DEAD) {
            throw ProblemException.conflict("outbox row " + id + " is " + row.status + "; only DEAD rows can be retried");
        }
        row.status = Status.PENDING;
        row.attempts = 0;
        row.nextAttemptAt = now;
        row.claimedUntil = null;
        row.claimedBy = null;
        return OutboxView.of(row, true);
    }

    /** The files every e-mail of the event carries, in the order they were attached (own short transaction: senders hold none). */
    public List<Attachment> attachments(String eventKey) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "select file_name, content_type, content from notification_attachment where event_key = :key order by position, file_name")
                .setParameter("key", eventKey).getResultList();
        return rows.stream().map(r -> new Attachment((String) r[0], (String) r[1], (byte[]) r[2])).toList();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
