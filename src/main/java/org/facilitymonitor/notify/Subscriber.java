package org.facilitymonitor.notify;

import java.util.Optional;
import java.util.Set;
import org.facilitymonitor.rules.Severity;

/**
 * A person's or a team's preferences as the resolver sees them: which channels, from which
 * severity, for which sites (empty = all), and where to send.
 */
record Subscriber(String recipient, Set<Channel> channels, Severity minSeverity, Set<String> sites,
        Optional<String> email, Optional<String> webhookUrl) {

    boolean wants(Notification n) {
        return n.severity().atLeast(minSeverity) && (sites.isEmpty() || sites.contains(n.site()));
    }

    Optional<String> address(Channel channel) {
        return switch (channel) {
            case EMAIL -> email;
            case WEBHOOK -> webhookUrl;
            case MQTT -> Optional.empty();
        };
    }
}
