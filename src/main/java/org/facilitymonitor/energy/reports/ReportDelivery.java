package org.facilitymonitor.energy.reports;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.notify.Attachment;
import org.facilitymonitor.notify.Notification;
import org.facilitymonitor.notify.NotificationService;
import org.facilitymonitor.notify.Person;
import org.facilitymonitor.rules.Severity;

/**
 * Claims and enqueues a subscription's report of one period. A recipient's claim is a row in
 * {@code report_delivery}, inserted with ON CONFLICT DO NOTHING in the transaction that enqueues
 * the e-mail: whichever run or instance inserts it sends that recipient the report, every other
 * finds the key taken and sends nothing.
 */
@ApplicationScoped
public class ReportDelivery {

    private static final String CLAIM = """
            insert into report_delivery (subscription_id, period_from, recipient, period_to, event_key, claimed_by, claimed_at)
            values (:subscription, :from, :recipient, :to, :eventKey, :instance, :now)
            on conflict (subscription_id, period_from, recipient) do nothing
            """;

    @Inject
    EntityManager em;
    @Inject
    NotificationService notifications;
    @Inject
    Clock clock;

    static String eventKey(long subscription, LocalDate from) {
        return "report:" + subscription + ":" + from;
    }

    /** The subscription's recipients with no claim for the period yet, each with the address to send to (persons resolved). */
    @Transactional
    public Map<String, String> unclaimed(ReportSubscription s, LocalDate from) {
        @SuppressWarnings("unchecked")
        Set<String> claimed = Set.copyOf(em.createNativeQuery(
                "select recipient from report_delivery where subscription_id = :s and period_from = :from")
                .setParameter("s", s.id).setParameter("from", from).getResultList());
        Map<String, String> out = new LinkedHashMap<>();
        for (String recipient : s.recipients) {
            if (claimed.contains(recipient)) {
                continue;
            }
            if (recipient.contains("@")) {
                out.put(recipient, recipient);
                continue;
            }
            Person person = Person.findById(recipient);
            if (person == null || person.email == null || person.email.isBlank()) {
                Log.warnf("report subscription %d: person '%s' unknown or without e-mail address, skipped", s.id, recipient);
            } else {
                out.put(recipient, person.email);
            }
        }
        return out;
    }

    /**
     * Claims each recipient and enqueues its e-mail with the files; answers the recipients claimed
     * here (the others were claimed by another run or instance).
     */
    @Transactional
    public List<String> claimAndEnqueue(ReportSubscription s, LocalDate from, LocalDate to, Map<String, String> addresses,
            String subject, String body, List<Attachment> files, String instance) {
        String eventKey = eventKey(s.id, from);
        List<String> claimed = new ArrayList<>();
        for (Map.Entry<String, String> r : addresses.entrySet()) {
            int rows = em.createNativeQuery(CLAIM).setParameter("subscription", s.id).setParameter("from", from)
                    .setParameter("recipient", r.getKey()).setParameter("to", to).setParameter("eventKey", eventKey)
                    .setParameter("instance", instance).setParameter("now", clock.instant()).executeUpdate();
            if (rows == 0) {
                continue;
            }
            Notification n = new Notification(eventKey, Notification.Kind.REPORT, s.siteId, Severity.INFO, subject, body,
                    Notification.Targets.emails(r.getValue()));
            notifications.enqueue(n, claimed.isEmpty() ? files : List.of());
            claimed.add(r.getKey());
        }
        return claimed;
    }
}
