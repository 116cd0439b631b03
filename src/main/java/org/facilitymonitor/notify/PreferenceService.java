package org.facilitymonitor.notify;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.facilitymonitor.notify.NotifyViews.PersonUpsert;
import org.facilitymonitor.notify.NotifyViews.PersonView;
import org.facilitymonitor.notify.NotifyViews.TeamUpsert;
import org.facilitymonitor.notify.NotifyViews.TeamView;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.rules.Severity;

/** People, teams and their notification preferences. */
@ApplicationScoped
@Transactional
public class PreferenceService {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PersonView> persons(String team) {
        List<Person> persons = team == null ? Person.listAll(Sort.by("id"))
                : Person.list("select p from Person p where ?1 member of p.teams order by p.id", team);
        return persons.stream().map(PersonView::of).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PersonView> person(String id) {
        return Person.<Person>findByIdOptional(id).map(PersonView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TeamView> teams() {
        return Team.<Team>listAll(Sort.by("id")).stream().map(TeamView::of).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TeamView> team(String id) {
        return Team.<Team>findByIdOptional(id).map(TeamView::of);
    }

    /** Creates or replaces a person; true when created. Every invalid field is reported at once (422). */
    public boolean putPerson(String id, PersonUpsert body) {
        List<FieldError> errors = validate(body.name(), body.email(), body.webhookUrl(), body.channels(), body.sites());
        List<String> teams = body.teams() == null ? List.of() : body.teams();
        for (int i = 0; i < teams.size(); i++) {
            if (Team.findById(teams.get(i)) == null) {
                errors.add(new FieldError("teams[" + i + "]", "team '" + teams.get(i) + "' does not exist"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("person '" + id + "' is invalid", errors);
        }
        Person person = Person.findById(id);
        boolean created = person == null;
        if (created) {
            person = new Person();
            person.id = id;
        }
        apply(person, body.name(), body.email(), body.webhookUrl(), body.channels(), body.minSeverity(), body.sites());
        person.teams.clear();
        person.teams.addAll(teams);
        if (created) {
            person.persist();
        }
        return created;
    }

    /** Creates or replaces a team (its members are kept); true when created. */
    public boolean putTeam(String id, TeamUpsert body) {
        List<FieldError> errors = validate(body.name(), body.email(), body.webhookUrl(), body.channels(), body.sites());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("team '" + id + "' is invalid", errors);
        }
        Team team = Team.findById(id);
        boolean created = team == null;
        if (created) {
            team = new Team();
            team.id = id;
        }
        apply(team, body.name(), body.email(), body.webhookUrl(), body.channels(), body.minSeverity(), body.sites());
        if (created) {
            team.persist();
        }
        return created;
    }

    public void deletePerson(String id) {
        if (!Person.deleteById(id)) {
            throw ProblemException.notFound("person", id);
        }
    }

    /** Deletes a team; its memberships go with it (the people stay). */
    public void deleteTeam(String id) {
        if (!Team.deleteById(id)) {
            throw ProblemException.notFound("team", id);
        }
    }

    private void apply(SubscriberEntity e, String name, String email, String webhookUrl, Set<Channel> channels,
            Severity minSeverity, List<String> sites) {
        e.name = name.strip();
        e.email = blankToNull(email);
        e.webhookUrl = blankToNull(webhookUrl);
        e.channels = (channels == null ? Set.<Channel>of() : channels).stream().sorted().map(Channel::name)
                .toArray(String[]::new);
        e.minSeverity = minSeverity == null ? Severity.INFO : minSeverity;
        e.sites = new LinkedHashSet<>(sites == null ? List.<String>of() : sites).toArray(String[]::new);
        e.updatedAt = clock.instant();
    }

    private static List<FieldError> validate(String name, String email, String webhookUrl, Set<Channel> channels,
            List<String> sites) {
        List<FieldError> errors = new ArrayList<>();
        Set<Channel> enabled = channels == null ? Set.of() : channels;
        if (name == null || name.isBlank() || name.length() > 200) {
            errors.add(new FieldError("name", "required, at most 200 characters"));
        }
        if (blankToNull(email) != null && (email.length() > 320 || !EMAIL.matcher(email.strip()).matches())) {
            errors.add(new FieldError("email", "not an e-mail address: " + email));
        } else if (blankToNull(email) == null && enabled.contains(Channel.EMAIL)) {
            errors.add(new FieldError("email", "required when the EMAIL channel is enabled"));
        }
        if (blankToNull(webhookUrl) != null && !isHttpUrl(webhookUrl)) {
            errors.add(new FieldError("webhookUrl", "must be an absolute http or https URL: " + webhookUrl));
        } else if (blankToNull(webhookUrl) == null && enabled.contains(Channel.WEBHOOK)) {
            errors.add(new FieldError("webhookUrl", "required when the WEBHOOK channel is enabled"));
        }
        List<String> siteList = sites == null ? List.of() : sites;
        for (int i = 0; i < siteList.size(); i++) {
            if (!Ids.isValid(siteList.get(i))) {
                errors.add(new FieldError("sites[" + i + "]", "not a site id: " + siteList.get(i)));
            }
        }
        return errors;
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url.strip());
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && url.length() <= 2000;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
