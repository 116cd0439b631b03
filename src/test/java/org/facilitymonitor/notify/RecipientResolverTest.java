package org.facilitymonitor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.facilitymonitor.notify.Notification.Kind;
import org.facilitymonitor.notify.Notification.Targets;
import org.facilitymonitor.notify.RecipientResolver.Directory;
import org.facilitymonitor.notify.RecipientResolver.Resolved;
import org.facilitymonitor.rules.Severity;
import org.junit.jupiter.api.Test;

class RecipientResolverTest {

    private static Subscriber person(String id, Severity min, Set<String> sites, Channel... channels) {
        return new Subscriber("person:" + id, channels.length == 0 ? Set.of() : EnumSet.of(channels[0], channels),
                min, sites, Optional.of(id + "@example.org"), Optional.of("http://hooks.example.org/" + id));
    }

    private static Notification alarm(Severity severity, String site, Targets targets) {
        return new Notification("alarm:1:raised", Kind.ALARM, site, severity, "Boiler 1 lockout", "", targets);
    }

    private static final Map<String, Subscriber> PERSONS = Map.of(
            "ana", person("ana", Severity.INFO, Set.of(), Channel.EMAIL),
            "ben", person("ben", Severity.MAJOR, Set.of(), Channel.EMAIL, Channel.WEBHOOK),
            "cem", person("cem", Severity.INFO, Set.of("north"), Channel.EMAIL, Channel.MQTT),
            "dia", person("dia", Severity.CRITICAL, Set.of("north", "south"), Channel.MQTT));

    @Test
    void severityBelowTheMinimumReachesNobodyWhoSetAHigherOne() {
        Directory dir = new Directory(Map.of(), Map.of(), PERSONS);
        List<Resolved> minor = RecipientResolver.resolve(alarm(Severity.MINOR, "north", Targets.persons("ana", "ben")), dir);
        assertThat(minor).containsExactly(new Resolved("person:ana", Channel.EMAIL, "ana@example.org"));

        List<Resolved> major = RecipientResolver.resolve(alarm(Severity.MAJOR, "north", Targets.persons("ana", "ben")), dir);
        assertThat(major).containsExactly(new Resolved("person:ana", Channel.EMAIL, "ana@example.org"),
                new Resolved("person:ben", Channel.EMAIL, "ben@example.org"),
                new Resolved("person:ben", Channel.WEBHOOK, "http://hooks.example.org/ben"));
    }

    @Test
    void siteFilterKeepsOnlyTheListedSitesAndEmptyMeansAll() {
        Directory dir = new Directory(Map.of(), Map.of(), PERSONS);
        assertThat(RecipientResolver.resolve(alarm(Severity.INFO, "west", Targets.persons("ana", "cem")), dir))
                .extracting(Resolved::recipient).containsExactly("person:ana");
        assertThat(RecipientResolver.resolve(alarm(Severity.INFO, "north", Targets.persons("ana", "cem")), dir))
                .containsExactly(new Resolved("person:ana", Channel.EMAIL, "ana@example.org"),
                        new Resolved("person:cem", Channel.EMAIL, "cem@example.org"),
                        new Resolved(RecipientResolver.ALERT_TOPIC_RECIPIENT, Channel.MQTT, "fm/v1/north/alerts/info"));
    }

    @Test
    void aPersonInSeveralTargetedTeamsAndTargetedDirectlyGetsOneDeliveryPerChannel() {
        Subscriber day = new Subscriber("team:day", Set.of(), Severity.INFO, Set.of(), Optional.empty(), Optional.empty());
        Subscriber boilers = new Subscriber("team:boilers", EnumSet.of(Channel.EMAIL), Severity.INFO, Set.of(),
                Optional.of("boilers@example.org"), Optional.empty());
        Directory dir = new Directory(Map.of("day", day, "boilers", boilers),
                Map.of("day", Set.of("ana", "ben"), "boilers", Set.of("ben", "cem")), PERSONS);

        List<Resolved> out = RecipientResolver.resolve(
                alarm(Severity.CRITICAL, "north", new Targets(Set.of("ben"), Set.of("day", "boilers"))), dir);

        assertThat(out).containsExactly(new Resolved("team:boilers", Channel.EMAIL, "boilers@example.org"),
                new Resolved("person:ana", Channel.EMAIL, "ana@example.org"),
                new Resolved("person:ben", Channel.EMAIL, "ben@example.org"),
                new Resolved("person:ben", Channel.WEBHOOK, "http://hooks.example.org/ben"),
                new Resolved("person:cem", Channel.EMAIL, "cem@example.org"),
                new Resolved(RecipientResolver.ALERT_TOPIC_RECIPIENT, Channel.MQTT, "fm/v1/north/alerts/critical"));
    }

    @Test
    void aTeamWhoseFilterDoesNotMatchStopsTheNotificationForItsMembers() {
        Subscriber night = new Subscriber("team:night", EnumSet.of(Channel.EMAIL), Severity.MAJOR, Set.of("north"),
                Optional.of("night@example.org"), Optional.empty());
        Directory dir = new Directory(Map.of("night", night), Map.of("night", Set.of("ana")), PERSONS);

        assertThat(RecipientResolver.resolve(alarm(Severity.MINOR, "north", Targets.teams("night")), dir)).isEmpty();
        assertThat(RecipientResolver.resolve(alarm(Severity.MAJOR, "south", Targets.teams("night")), dir)).isEmpty();
        assertThat(RecipientResolver.resolve(alarm(Severity.MAJOR, "north", Targets.teams("night")), dir))
                .extracting(Resolved::recipient).containsExactly("team:night", "person:ana");
    }

    @Test
    void oneAddressSharedByTwoPeopleGetsOneEmailAndUnknownIdsAreSkipped() {
        Subscriber ana = person("ana", Severity.INFO, Set.of(), Channel.EMAIL);
        Subscriber shared = new Subscriber("person:eve", EnumSet.of(Channel.EMAIL), Severity.INFO, Set.of(),
                Optional.of("ANA@example.org"), Optional.empty());
        Directory dir = new Directory(Map.of(), Map.of(), Map.of("ana", ana, "eve", shared));

        assertThat(RecipientResolver.resolve(alarm(Severity.INFO, "north", Targets.persons("eve", "ana", "ghost")), dir))
                .containsExactly(new Resolved("person:ana", Channel.EMAIL, "ana@example.org"));
    }
}
