package org.facilitymonitor.notify;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.facilitymonitor.notify.RecipientResolver.Directory;
import org.facilitymonitor.notify.RecipientResolver.Resolved;

/**
 * The one way to notify people. {@link #enqueue} writes outbox rows in the caller's transaction, so
 * a notification exists exactly when the change it reports (an alarm raised, a work order
 * escalated) was committed; the dispatcher sends it afterwards, retrying until it is delivered.
 */
@ApplicationScoped
public class NotificationService {

    private static final String INSERT = """
            insert into notify_outbox (event_key, recipient, channel, address, kind, site, severity, subject, body,
                                       status, attempts, next_attempt_at, created_at)
            values (:eventKey, :recipient, :channel, :address, :kind, :site, :severity, :subject, :body,
                    'PENDING', 0, :now, :now)
            on conflict (event_key, recipient, channel) do nothing
            """;

    private static final String INSERT_ATTACHMENT = """
            insert into notification_attachment (event_key, position, file_name, content_type, content, created_at)
            values (:eventKey, :position, :fileName, :contentType, :content, :now)
            on conflict (event_key, file_name) do nothing
            """;

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    NotifyMetrics metrics;

    /** What {@link #enqueue} wrote: new deliveries, and deliveries the same event key already had. */
    public record EnqueueResult(int enqueued, int duplicates) {
    }

    /**
     * Resolves the targets against the current preferences and inserts one outbox row per
     * (recipient, channel). Must run inside the caller's transaction ({@code MANDATORY}): the rows
     * commit or roll back with the caller's change. A row the event already has (same event key,
     * recipient and channel; a unique constraint) is skipped with {@code ON CONFLICT DO NOTHING},
     * which leaves the caller's transaction usable, so enqueueing a redelivered event is harmless.
     * Unknown person or team ids are skipped (logged), not refused.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public EnqueueResult enqueue(Notification notification) {
        Log.debugf("enqueue %s (%s %s on %s)", notification.eventKey(), notification.severity(), notification.kind(),
                notification.site());
        List<Resolved> deliveries = RecipientResolver.resolve(notification, directory(notification.targets()));
        Instant now = clock.instant();
        int enqueued = 0;
        for (Resolved d : deliveries) {
            int rows = em.createNativeQuery(INSERT)
                    .setParameter("eventKey", notification.eventKey())
                    .setParameter("recipient", d.recipient())
                    .setParameter("channel", d.channel().name())
                    .setParameter("address", d.address())
                    .setParameter("kind", notification.kind().name())
                    .setParameter("site", notification.site())
                    .setParameter("severity", notification.severity().name())
                    .setParameter("subject", notification.subject())
                    .setParameter("body", notification.body())
                    .setParameter("now", now)
                    .executeUpdate();
            if (rows == 1) {
                enqueued++;
                metrics.enqueued(d.channel());
            } else {
                metrics.duplicate();
            }
        }
        if (deliveries.isEmpty()) {
            Log.debugf("%s: no recipient wants it", notification.eventKey());
        }
        return new EnqueueResult(enqueued, deliveries.size() - enqueued);
    }

    /**
     * Enqueues like {@link #enqueue(Notification)} and stores the attachments its e-mails carry, once
     * per event key: a file name the event already has is kept as it was (the first writer wins, so
     * every recipient of the event gets the same file).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public EnqueueResult enqueue(Notification notification, List<Attachment> attachments) {
        Instant now = clock.instant();
        int position = 0;
        for (Attachment a : attachments) {
            em.createNativeQuery(INSERT_ATTACHMENT)
                    .setParameter("eventKey", notification.eventKey())
                    .setParameter("position", position++)
                    .setParameter("fileName", a.fileName())
                    .setParameter("contentType", a.contentType())
                    .setParameter("content", a.content())
                    .setParameter("now", now)
                    .executeUpdate();
        }
        return enqueue(notification);
    }

    private Directory directory(Notification.Targets targets) {
        Map<String, Subscriber> teams = new HashMap<>();
        Map<String, Set<String>> members = new HashMap<>();
        Set<String> personIds = new TreeSet<>(targets.persons());
        if (!targets.teams().isEmpty()) {
            for (Team team : Team.<Team>list("id in ?1", targets.teams())) {
                teams.put(team.id, team.subscriber(Team.recipient(team.id)));
                Set<String> ids = new HashSet<>(Team.memberIds(team.id));
                members.put(team.id, ids);
                personIds.addAll(ids);
            }
        }
        Map<String, Subscriber> persons = personIds.isEmpty() ? Map.of()
                : Person.<Person>list("id in ?1", personIds).stream()
                        .collect(Collectors.toMap(p -> p.id, p -> p.subscriber(Person.recipient(p.id)), (a, b) -> a));
        Set<String> unknown = new TreeSet<>(targets.persons());
        unknown.removeAll(persons.keySet());
        targets.teams().stream().filter(t -> !teams.containsKey(t)).map(t -> "team " + t).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            Log.warnf("notification targets unknown: %s (skipped)", unknown);
        }
        return new Directory(teams, members, persons);
    }
}
