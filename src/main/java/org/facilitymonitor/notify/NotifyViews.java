package org.facilitymonitor.notify;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.facilitymonitor.rules.Severity;

/** REST shapes of the notify package; entities never leave it. */
public final class NotifyViews {

    private NotifyViews() {
    }

    /** A person; {@code email} and {@code webhookUrl} are personal data, null for roles that may not see them. */
    public record PersonView(String id, String name, String email, String webhookUrl, Set<Channel> channels,
            Severity minSeverity, List<String> sites, List<String> teams, Instant updatedAt) {
        static PersonView of(Person p, boolean personal, List<String> teams) {
            return new PersonView(p.id, p.name, personal ? p.email : null, personal ? p.webhookUrl : null,
                    p.channelSet(), p.minSeverity, List.copyOf(p.siteSet()), List.copyOf(new TreeSet<>(teams)),
                    p.updatedAt);
        }
    }

    /** A team; {@code email} and {@code webhookUrl} are personal data, null for roles that may not see them. */
    public record TeamView(String id, String name, String email, String webhookUrl, Set<Channel> channels,
            Severity minSeverity, List<String> sites, List<String> members, Instant updatedAt) {
        static TeamView of(Team t, boolean personal, List<String> members) {
            return new TeamView(t.id, t.name, personal ? t.email : null, personal ? t.webhookUrl : null,
                    t.channelSet(), t.minSeverity, List.copyOf(t.siteSet()), members, t.updatedAt);
        }
    }

    /** PUT body of a person; {@code teams} replaces the person's memberships. */
    public record PersonUpsert(String name, String email, String webhookUrl, Set<Channel> channels, Severity minSeverity,
            List<String> sites, List<String> teams) {
    }

    /** PUT body of a team; members are set on the people ({@link PersonUpsert#teams()}). */
    public record TeamUpsert(String name, String email, String webhookUrl, Set<Channel> channels, Severity minSeverity,
            List<String> sites) {
    }

    /** An outbox row; {@code recipient}, {@code address} and {@code lastError} are personal data, null for roles that may not see them. */
    public record OutboxView(long id, String eventKey, String recipient, Channel channel, String address,
            Notification.Kind kind, String site, Severity severity, String subject, OutboxEntry.Status status,
            int attempts, Instant nextAttemptAt, Instant claimedUntil, String claimedBy, String lastError,
            Instant createdAt, Instant sentAt) {
        static OutboxView of(OutboxEntry e, boolean personal) {
            return new OutboxView(e.id, e.eventKey, personal ? e.recipient : null, e.channel,
                    personal ? e.address : null, e.kind, e.site, e.severity, e.subject, e.status, e.attempts,
                    e.nextAttemptAt, e.claimedUntil, e.claimedBy, personal ? e.lastError : null, e.createdAt, e.sentAt);
        }
    }

    public record OutboxPage(List<OutboxView> items, int page, int size, long total) {
    }
}
