package org.facilitymonitor.notify;

import java.util.Objects;
import java.util.Set;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.rules.Severity;

/**
 * Something to tell people about. {@code eventKey} identifies the event (e.g. {@code alarm:42:raised},
 * {@code wo:17:escalated:dispatch}): enqueueing the same key again sends nothing new to anyone who
 * already has it, so callers may enqueue on every redelivery of their event.
 */
public record Notification(String eventKey, Kind kind, String site, Severity severity, String subject, String body,
        Targets targets) {

    /** What the notification is about. */
    public enum Kind {
        ALARM, WORK_ORDER, ESCALATION, REMINDER,
        /** Energy accounting: a department crossing its quota, or forecast to. */
        ENERGY,
        /** A subscribed energy report, with its files attached. */
        REPORT
    }

    /**
     * Who should get it: person ids and/or team ids (a team reaches its members and its own addresses),
     * and e-mail addresses that get it directly, whatever anyone's preferences (an explicit
     * subscription such as a report's).
     */
    public record Targets(Set<String> persons, Set<String> teams, Set<String> emails) {
        public Targets {
            persons = persons == null ? Set.of() : Set.copyOf(persons);
            teams = teams == null ? Set.of() : Set.copyOf(teams);
            emails = emails == null ? Set.of() : Set.copyOf(emails);
        }

        public Targets(Set<String> persons, Set<String> teams) {
            this(persons, teams, Set.of());
        }

        public static Targets emails(String... addresses) {
            return new Targets(Set.of(), Set.of(), Set.of(addresses));
        }

        public static Targets persons(String... ids) {
            return new Targets(Set.of(ids), Set.of());
        }

        public static Targets teams(String... ids) {
            return new Targets(Set.of(), Set.of(ids));
        }
    }

    public Notification {
        if (eventKey == null || eventKey.isBlank() || eventKey.length() > 200) {
            throw new IllegalArgumentException("eventKey must be 1 to 200 characters: " + eventKey);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        if (!Ids.isValid(site)) {
            throw new IllegalArgumentException("site must be a valid id: " + site);
        }
        subject = HeaderText.singleLine(subject); // it becomes a mail header: built from names and titles, kept to one line
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
        subject = subject.length() > 480 ? subject.substring(0, 480) : subject;
        body = body == null ? "" : body;
        targets = targets == null ? new Targets(Set.of(), Set.of()) : targets;
    }
}
