package org.facilitymonitor.notify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a notification's targets into deliveries (recipient, channel, address), without I/O.
 * <ul>
 * <li>A targeted team whose own filters (severity, sites) match gets its own e-mail/webhook, and
 * passes the notification on to its members; a team whose filters do not match stops it for all
 * of them (a team's filter is the team's subscription).</li>
 * <li>Each person reached (directly or through any number of teams, counted once) gets each
 * channel they enabled, when their own severity and site filters match.</li>
 * <li>MQTT is one message on the site's alert topic, however many recipients asked for it.</li>
 * <li>One address gets one delivery per channel even if several recipients share it.</li>
 * <li>A direct e-mail address target gets the e-mail, no preferences asked.</li>
 * </ul>
 * The result is ordered (teams, then persons, by id) so that a redelivered event resolves to the
 * same outbox keys.
 */
final class RecipientResolver {

    /** Recipient of a direct e-mail address target. */
    static String emailRecipient(String address) {
        return "email:" + address.toLowerCase(Locale.ROOT);
    }

    /** Recipient of the single MQTT delivery of an event. */
    static final String ALERT_TOPIC_RECIPIENT = "alert-topic";

    /** One outbox row to be. */
    record Resolved(String recipient, Channel channel, String address) {
    }

    /** Preferences of the targeted teams and of every person they may reach. */
    record Directory(Map<String, Subscriber> teams, Map<String, Set<String>> members, Map<String, Subscriber> persons) {
    }

    private RecipientResolver() {
    }

    static String alertTopic(Notification n) {
        return "fm/v1/" + n.site() + "/alerts/" + n.severity().topicName();
    }

    static List<Resolved> resolve(Notification n, Directory directory) {
        List<Resolved> out = new ArrayList<>();
        Set<String> addressed = new HashSet<>();
        boolean mqtt = false;
        Set<String> persons = new TreeSet<>(n.targets().persons());
        for (String teamId : new TreeSet<>(n.targets().teams())) {
            Subscriber team = directory.teams().get(teamId);
            if (team == null || !team.wants(n)) {
                continue;
            }
            mqtt |= addDirect(team, out, addressed);
            persons.addAll(directory.members().getOrDefault(teamId, Set.of()));
        }
        for (String personId : persons) {
            Subscriber person = directory.persons().get(personId);
            if (person != null && person.wants(n)) {
                mqtt |= addDirect(person, out, addressed);
            }
        }
        for (String address : new TreeSet<>(n.targets().emails())) {
            if (!address.isBlank() && addressed.add(Channel.EMAIL + " " + address.toLowerCase(Locale.ROOT))) {
                out.add(new Resolved(emailRecipient(address), Channel.EMAIL, address));
            }
        }
        if (mqtt) {
            out.add(new Resolved(ALERT_TOPIC_RECIPIENT, Channel.MQTT, alertTopic(n)));
        }
        return out;
    }

    /** Adds the subscriber's e-mail and webhook deliveries; answers whether it wants the MQTT alert. */
    private static boolean addDirect(Subscriber s, List<Resolved> out, Set<String> addressed) {
        for (Channel channel : List.of(Channel.EMAIL, Channel.WEBHOOK)) {
            if (!s.channels().contains(channel)) {
                continue;
            }
            s.address(channel).filter(a -> !a.isBlank()).ifPresent(address -> {
                String key = channel == Channel.EMAIL ? address.toLowerCase(Locale.ROOT) : address;
                if (addressed.add(channel + " " + key)) {
                    out.add(new Resolved(s.recipient(), channel, address));
                }
            });
        }
        return s.channels().contains(Channel.MQTT);
    }
}
