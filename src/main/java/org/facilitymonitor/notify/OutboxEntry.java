package org.facilitymonitor.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.facilitymonitor.rules.Severity;

/** One delivery of one notification to one recipient on one channel; written by enqueue, advanced by the dispatcher. */
@Entity
@Table(name = "notify_outbox")
public class OutboxEntry extends PanacheEntityBase {

    /** PENDING until sent (SENT) or given up after the last attempt (DEAD). */
    public enum Status {
        PENDING, SENT, DEAD
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String eventKey;
    public String recipient;
    @Enumerated(EnumType.STRING)
    public Channel channel;
    public String address;
    @Enumerated(EnumType.STRING)
    public Notification.Kind kind;
    public String site;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    public String subject;
    public String body;
    @Enumerated(EnumType.STRING)
    public Status status;
    public int attempts;
    public Instant nextAttemptAt;
    public Instant claimedUntil;
    public String claimedBy;
    public String lastError;
    public Instant createdAt;
    public Instant sentAt;

    Delivery delivery() {
        return new Delivery(id, eventKey, recipient, channel, address, kind, site, severity, subject, body, createdAt,
                attempts);
    }
}
